/**
 * The entry point of the `spurious` command (bin/spurious.js loads it): runs
 * `main` on the arguments and sets the exit code. An exception that escapes
 * `main` is an internal error: one line, exit 3.
 */
import { main } from './main.js';
import { EXIT } from './options.js';

// a reader that stops early (`spurious list | head`) is not an error
for (const stream of [process.stdout, process.stderr])
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? EXIT.ok);
    throw e;
  });

main(process.argv.slice(2)).then(
  (code) => (process.exitCode = code),
  (e: unknown) => {
    process.stderr.write(`spurious: internal error: ${(e as Error)?.message ?? String(e)}\n`);
    process.exitCode = EXIT.internal;
  },
);
