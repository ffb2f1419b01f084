/**
 * Wall time of `spurious verify` over every built-in claim on one worker and on
 * two (issue 21), for `npm run bench`: the quick profile, nothing saved, no
 * report written, each run as users run it (bin/spurious.js in a child
 * process). The speed-up is the one-worker time over the two-worker time; the
 * two runs must give the same verdicts. With BENCH_THOROUGH=1 also the
 * thorough profile's wall time on all workers (target: under an hour; it takes
 * long, so it is off by default).
 */
import { spawnSync } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../store/counterexamples.js';

interface Run {
  ms: number;
  code: number | null;
  verdicts: string[];
}

function verify(profile: string, workers: number): Run {
  const t0 = performance.now();
  const r = spawnSync(
    process.execPath,
    [join(repoRoot(), 'bin/spurious.js'), 'verify', '--no-save', '--no-report', '--json', '--workers', String(workers)],
    {
      cwd: repoRoot(),
      encoding: 'utf8',
      maxBuffer: 1 << 30,
      env: { ...process.env, SPURIOUS_PROFILE: profile },
    },
  );
  const ms = performance.now() - t0;
  let verdicts: string[] = [];
  try {
    verdicts = (JSON.parse(r.stdout) as { claims: { id: string; verdict: string; ok: boolean }[] }).claims.map(
      (c) => `${c.id} ${c.verdict} ${c.ok}`,
    );
  } catch {
    // reported below as no verdicts
  }
  return { ms, code: r.status, verdicts };
}

export function verifyTimes(): Record<string, unknown> {
  const one = verify('quick', 1);
  const two = verify('quick', 2);
  const out: Record<string, unknown> = {
    claims: one.verdicts.length,
    oneWorkerMs: Math.round(one.ms),
    twoWorkersMs: Math.round(two.ms),
    verifyWorkersSpeedup: Math.round((one.ms / two.ms) * 100) / 100,
    exitCodes: [one.code, two.code],
    sameVerdicts: one.verdicts.length > 0 && JSON.stringify(one.verdicts) === JSON.stringify(two.verdicts),
    cores: availableParallelism(),
  };
  if (process.env.BENCH_THOROUGH === '1') {
    const t = verify('thorough', availableParallelism());
    out.thorough = {
      workers: availableParallelism(),
      ms: Math.round(t.ms),
      exitCode: t.code,
      claims: t.verdicts.length,
    };
  } else out.thorough = 'not measured (BENCH_THOROUGH=1 measures it; it takes long)';
  return out;
}
