#!/usr/bin/env node
// Launcher for the `spurious` command. In a checkout of the repository (src/
// beside bin/) it runs the TypeScript source through tsx, so the command always
// runs the code you are editing; in an installed package it runs the built
// JavaScript in dist/. Either way the command runs in this very process (tsx is
// registered as a loader here, not started as a child): there is no child to
// forward signals to or to leave behind, so killing this process by its PID
// (SIGINT, SIGTERM, SIGHUP, as a CI cancel or an IDE does; even SIGKILL) stops
// the run, and the shell sees the usual 128 + signal status.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const source = join(root, 'src/cli/bin.ts');
if (existsSync(source)) {
  const { register } = await import('tsx/esm/api');
  register();
  await import(pathToFileURL(source).href);
} else {
  await import(pathToFileURL(join(root, 'dist/cli/bin.js')).href);
}
