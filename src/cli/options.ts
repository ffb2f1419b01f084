/**
 * The CLI's exit codes and its numeric options.
 */

/**
 * One exit-code contract for every command. When several apply, the largest
 * wins (an unreadable saved file and a verdict not as expected: 2).
 */
export const EXIT = {
  /** every verdict as expected, or the command did what was asked */
  ok: 0,
  /** some verdict not as expected, or a saved counterexample no longer replays as it should */
  notAsExpected: 1,
  /** a usage error, or input that cannot be read (a missing or undecodable file, a bad claims module) */
  unreadable: 2,
  /** an internal error (a bug in the suite): one line on stderr */
  internal: 3,
} as const;

export class UsageError extends Error {
  override name = 'UsageError';
}

/**
 * `--seed -5` as `--seed=-5`: node's parseArgs reads a value that starts with
 * "-" as another option, so negative numbers after the numeric options would
 * be refused as ambiguous.
 */
export function joinNegativeValues(args: readonly string[], options: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const next = args[i + 1];
    if (options.includes(a) && next !== undefined && /^-\d/.test(next)) {
      out.push(`${a}=${next}`);
      i++;
    } else out.push(a);
  }
  return out;
}

export function intOption(name: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  if (!/^[+-]?\d+$/.test(v.trim())) throw new UsageError(`--${name} needs an integer, got ${JSON.stringify(v)}`);
  return Number(v);
}

/** fast-check seeds are 32-bit signed integers (a larger one would be silently cut to its low 32 bits). */
export const SEED_MIN = -(2 ** 31);
export const SEED_MAX = 2 ** 31 - 1;

export function seedOption(v: string | undefined): number | undefined {
  const seed = intOption('seed', v);
  if (seed !== undefined && (seed < SEED_MIN || seed > SEED_MAX))
    throw new UsageError(
      `--seed must be from ${SEED_MIN} to ${SEED_MAX} (a 32-bit signed integer, as fast-check seeds are), got ${v}`,
    );
  return seed;
}

/** `--budget <seconds>`: a positive number of seconds per claim, returned in ms. */
export function budgetOption(v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const s = Number(v);
  if (!/^\s*[+-]?(\d+\.?\d*|\.\d+)\s*$/.test(v) || !(s > 0))
    throw new UsageError(`--budget needs a positive number of seconds, got ${JSON.stringify(v)}`);
  return Math.round(s * 1000);
}

/**
 * The exit code of a run's claims (verify, merge-reports), the largest that
 * applies: 3 when a claim's run crashed (each named once on stderr, as an
 * internal error), 2 for unreadable saved counterexamples (`unreadable` more
 * besides the claims' own), 1 for a verdict not as expected, else 0.
 */
export function runExitCode(
  claims: readonly { ok: boolean; crashed?: string; unreadable?: readonly unknown[] }[],
  unreadable = 0,
): number {
  const crashed = claims.filter((c) => c.crashed);
  for (const c of crashed) process.stderr.write(`spurious: internal error: ${c.crashed}\n`);
  if (crashed.length) return EXIT.internal;
  if (unreadable > 0 || claims.some((c) => c.unreadable?.length)) return EXIT.unreadable;
  return claims.every((c) => c.ok) ? EXIT.ok : EXIT.notAsExpected;
}
