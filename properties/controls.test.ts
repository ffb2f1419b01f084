// Negative controls: deliberately false statements the suite must refute by search.
import { claimTests } from './helpers/claims.js';

claimTests('control.');
