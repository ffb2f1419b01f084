/**
 * The `spurious` command. Until the claim harness lands there are no claims
 * to run; `verify` says so and exits 0, as documented in the README.
 *
 * Exit codes: 0 every verdict as expected; 1 otherwise; 2 usage error.
 */
const USAGE = `usage: spurious <command>

commands:
  verify     run the claim suite and write reports/latest/ (no claims registered yet)
  help       show this text`;

function main(argv: string[]): number {
  const [cmd, ...rest] = argv;
  switch (cmd) {
    case 'verify':
      if (rest.length) return usage(`verify: unexpected argument ${JSON.stringify(rest[0])}`);
      console.log('spurious verify: no claims registered yet (the claim registry arrives with the harness).');
      return 0;
    case 'help':
    case '--help':
    case '-h':
      console.log(USAGE);
      return 0;
    case undefined:
      return usage('missing command');
    default:
      return usage(`unknown command ${JSON.stringify(cmd)}`);
  }
}

function usage(msg: string): number {
  console.error(`spurious: ${msg}\n${USAGE}`);
  return 2;
}

process.exitCode = main(process.argv.slice(2));
