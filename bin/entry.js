// How the launchers (./spurious.js, ./verify-worker.js) load a module of the
// package: in a checkout of the repository (src/ beside bin/) the TypeScript
// source through tsx, registered in the calling thread (a worker thread does
// not share its parent's registration), so the command always runs the code
// you are editing; in an installed package the built JavaScript in dist/.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Import src/<name>.ts (through tsx) or dist/<name>.js, e.g. load('cli/bin'). */
export async function load(name) {
  const source = join(root, `src/${name}.ts`);
  if (existsSync(source)) {
    const { register } = await import('tsx/esm/api');
    register();
    return import(pathToFileURL(source).href);
  }
  return import(pathToFileURL(join(root, `dist/${name}.js`)).href);
}
