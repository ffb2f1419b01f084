// Worker-thread entry of `spurious verify --workers N` (src/cli/parallel.ts).
// Like ./spurious.js it runs the TypeScript source through tsx in a checkout of
// the repository and the built JavaScript in an installed package. A worker
// thread does not share the launcher's tsx registration, so it registers its own.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const source = join(root, 'src/cli/verify-worker.ts');
let mod;
if (existsSync(source)) {
  const { register } = await import('tsx/esm/api');
  register();
  mod = await import(pathToFileURL(source).href);
} else {
  mod = await import(pathToFileURL(join(root, 'dist/cli/verify-worker.js')).href);
}
export default mod.default;
