// Lemma 11 of the CNN paper with cross-entropy (decimal evidence).
import { claimTests } from './helpers/claims.js';

claimTests('cnn.lemma11.ce-');
