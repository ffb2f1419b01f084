// Worker-thread entry of `spurious verify --workers N` (src/cli/parallel.ts);
// ./entry.js loads the source or the built module.
import { load } from './entry.js';

export default (await load('cli/verify-worker')).default;
