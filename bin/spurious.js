#!/usr/bin/env node
// Launcher for the `spurious` command. In a checkout of the repository (src/
// beside bin/) it runs the TypeScript source through tsx, so the command always
// runs the code you are editing; in an installed package it runs the built
// JavaScript in dist/.
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const source = join(root, 'src/cli/main.ts');
if (existsSync(source)) {
  const tsx = createRequire(import.meta.url).resolve('tsx/cli');
  const r = spawnSync(process.execPath, [tsx, source, ...process.argv.slice(2)], { stdio: 'inherit' });
  process.exit(r.status ?? 1);
} else {
  await import(pathToFileURL(join(root, 'dist/cli/main.js')).href);
}
