#!/usr/bin/env node
// Launcher for the `spurious` command. In a checkout of the repository (src/
// beside bin/) it runs the TypeScript source through tsx, so the command always
// runs the code you are editing; in an installed package it runs the built
// JavaScript in dist/ (./entry.js). Either way the command runs in this very
// process (tsx is registered as a loader here, not started as a child): there is no child to
// forward signals to or to leave behind, so killing this process by its PID
// (SIGINT, SIGTERM, SIGHUP, as a CI cancel or an IDE does; even SIGKILL) stops
// the run, and the shell sees the usual 128 + signal status.
import { load } from './entry.js';

await load('cli/bin');
