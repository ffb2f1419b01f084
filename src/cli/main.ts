/**
 * The `spurious` command.
 *
 * Exit codes: 0 every verdict as expected (or the command succeeded);
 *             1 some verdict not as expected, or a replay failed;
 *             2 usage error (one line, then the usage).
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { getClaim, matchClaims } from '../claims/registry.js';
import { profileFrom, ProfileError } from '../claims/profiles.js';
import { recheckSaved, refreshOne, replayOne, runClaim } from '../claims/runner.js';
import type { Arithmetic, ClaimResult } from '../claims/types.js';
import { verdictWithExpectation } from '../claims/wording.js';
import { paperLabel } from '../claims/citations.js';
import { buildReport, readReport, renderHtml, renderMarkdown, reportDir, writeReport } from '../report/report.js';
import { findingsMarkdown } from '../report/findings.js';
import { displayPath, listCounterexamples, readCounterexample } from '../store/counterexamples.js';
import { claimSet, ClaimSourceError, type ClaimSet } from './claim-source.js';

const USAGE = `usage: spurious <command> [options]

commands:
  list                         the registered claims
  verify [options]             decide claims, save counterexamples, write reports/latest/
      --claim <glob>           only claims whose id matches (e.g. 'control.*')
      --runs <N>               instances per claim (before the profile's scaling)
      --seed <S>               fast-check seed (default: fixed per claim, or random under 'thorough')
      --profile <P>            quick (default) | thorough | ci   (or env SPURIOUS_PROFILE)
      --json                   print exactly one JSON object on stdout (progress goes to stderr)
      --no-report              do not write reports/latest/
      --claims <file>          your own claims module (.ts or .js) instead of the built-in registry
                               (also for list, replay and show; or set claims in a spurious.config.*)
  replay [file...]             re-check saved counterexamples (default: all): the value still fails
                               (or, for a claim that holds, no longer fails), it regenerates from its
                               seed and path, and its stored explanation is what the property computes
      --refresh                first rewrite each file's stored explanation (failure, statement) with
                               the recomputed one, when its value still fails as expected and it still
                               regenerates (or its generator changed); other files are left alone
  show <file>                  a counterexample in plain words: the claim, the network, the data, the numbers
  report                       re-render reports/latest/ from its report.json
      --findings               print its findings (what is false as printed, the repairs, what holds
                               and how strongly) as Markdown to stdout, to paste into a review
  help                         this text

exit codes: 0 all verdicts as expected, 1 otherwise, 2 usage error`;

class UsageError extends Error {}

function usage(msg: string): number {
  process.stderr.write(`spurious: ${msg}\n${USAGE}\n`);
  return 2;
}

function intOption(name: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  if (!/^-?\d+$/.test(v)) throw new UsageError(`--${name} needs an integer, got ${JSON.stringify(v)}`);
  return Number(v);
}

function progress(json: boolean) {
  const tty = !json && process.stdout.isTTY;
  const out = json ? process.stderr : process.stdout;
  return {
    start(i: number, n: number, id: string) {
      if (!tty) out.write(`[${i + 1}/${n}] ${id} ...\n`);
    },
    tick(i: number, n: number, id: string, done: number, total: number) {
      if (!tty) return;
      const width = 24,
        filled = Math.round((width * Math.min(done, total)) / total);
      out.write(`\r[${i + 1}/${n}] ${'#'.repeat(filled)}${'-'.repeat(width - filled)} ${id} ${done}/${total}\x1b[K`);
    },
    end(i: number, n: number, r: ClaimResult, arithmetic?: Arithmetic) {
      const line = `[${i + 1}/${n}] ${r.id}: ${verdictWithExpectation(r, arithmetic)} — ${r.verdict === 'holds' ? '' : `${r.runs} checks${r.verdict === 'refuted' ? ' (incl. shrinking)' : ''}, `}${r.rejected} rejected, ${(r.ms / 1000).toFixed(1)} s`;
      out.write(tty ? `\r${line}\x1b[K\n` : `${line}\n`);
      if (!r.ok || r.verdict === 'refuted') out.write(`    ${r.summary}\n`);
    },
  };
}

async function verify(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: {
      claim: { type: 'string' },
      runs: { type: 'string' },
      seed: { type: 'string' },
      profile: { type: 'string' },
      json: { type: 'boolean', default: false },
      'no-report': { type: 'boolean', default: false },
      claims: { type: 'string' },
    },
    allowPositionals: true,
  });
  if (positionals.length) throw new UsageError(`verify: unexpected argument ${JSON.stringify(positionals[0])}`);
  const set = await claimSet(values.claims);
  const claims = set.claims;
  const profile = profileFrom(values.profile);
  const runs = intOption('runs', values.runs);
  if (runs !== undefined && runs < 1) throw new UsageError('--runs must be at least 1');
  const seed = intOption('seed', values.seed);
  const selected = values.claim ? matchClaims(values.claim, claims) : [...claims];
  const json = values.json ?? false;
  if (selected.length === 0) {
    if (values.claim) throw new UsageError(`no claim matches ${JSON.stringify(values.claim)}; see 'spurious list'`);
    const msg = 'no claims registered yet';
    if (json)
      process.stdout.write(JSON.stringify({ ok: true, backend: backend(), profile: profile.name, claims: [] }) + '\n');
    else process.stdout.write(`spurious verify: ${msg}\n`);
    return 0;
  }
  const p = progress(json);
  const results: ClaimResult[] = [];
  for (const [i, c] of selected.entries()) {
    p.start(i, selected.length, c.id);
    const r = runClaim(c, {
      profile,
      ...(runs !== undefined ? { runs } : {}),
      ...(seed !== undefined ? { seed } : {}),
      onProgress: (d, t) => p.tick(i, selected.length, c.id, d, t),
    });
    results.push(r);
    p.end(i, selected.length, r, c.arithmetic);
  }
  const ok = results.every((r) => r.ok);
  let reportPath: string | null = null;
  if (!values['no-report']) reportPath = writeReport(await buildReport(results, profile.name, claims));
  if (json) {
    process.stdout.write(
      JSON.stringify({
        ok,
        backend: backend(),
        profile: profile.name,
        report: reportPath ? displayPath(reportPath) : null,
        claims: results,
      }) + '\n',
    );
  } else {
    const bad = results.filter((r) => !r.ok);
    process.stdout.write(
      `\n${results.length - bad.length}/${results.length} claims as expected${bad.length ? `; not as expected: ${bad.map((r) => r.id).join(', ')}` : ''}.\n`,
    );
    if (reportPath)
      process.stdout.write(`report: ${displayPath(reportPath)}/report.html (also report.md, report.json)\n`);
  }
  return ok ? 0 : 1;
}

function backend(): string {
  return `cpu: exact (bigint rationals), float64, decimal.js; node ${process.version}`;
}

async function list(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, options: { claims: { type: 'string' } }, allowPositionals: true });
  if (positionals.length) throw new UsageError(`list: unexpected argument ${JSON.stringify(positionals[0])}`);
  const { claims } = await claimSet(values.claims);
  if (claims.length === 0) {
    process.stdout.write('no claims registered yet\n');
    return 0;
  }
  const w = Math.max(...claims.map((c) => c.id.length));
  for (const c of claims)
    process.stdout.write(
      `${c.id.padEnd(w)}  expected ${c.expected.padEnd(7)}  ${c.arithmetic.padEnd(7)}  ${c.paper === 'control' ? 'control' : `${c.paper} ${c.section}`}\n${' '.repeat(w + 2)}${c.title}\n`,
    );
  return 0;
}

async function replay(args: string[]): Promise<number> {
  const { values, positionals: files } = parseArgs({
    args,
    options: { refresh: { type: 'boolean', default: false }, claims: { type: 'string' } },
    allowPositionals: true,
  });
  const set: ClaimSet = await claimSet(values.claims);
  const entries = files.length ? files.map((f) => readCounterexample(resolve(f))) : listCounterexamples();
  if (entries.length === 0) {
    process.stdout.write('no saved counterexamples\n');
    return 0;
  }
  let bad = 0;
  for (let e of entries) {
    if (!e.ok) {
      process.stdout.write(`ERROR ${e.error}\n`);
      bad++;
      continue;
    }
    const claim = getClaim(e.cex.claim, set.claims);
    if (!claim) {
      process.stdout.write(
        `ERROR ${displayPath(e.file)}: field "claim": no claim ${JSON.stringify(e.cex.claim)} in ${set.source}${set.source === 'the built-in registry' ? ' (pass your claims module with --claims)' : ''}\n`,
      );
      bad++;
      continue;
    }
    if (values.refresh) {
      const f = refreshOne(claim, e.cex, e.file);
      if (f.changed.length) {
        process.stdout.write(
          `refreshed ${f.file}: rewrote ${f.changed.join(', ')}${f.mismatch ? `; first difference was ${f.mismatch}` : ''}\n`,
        );
        e = readCounterexample(e.file);
        if (!e.ok) {
          process.stdout.write(`ERROR ${e.error}\n`);
          bad++;
          continue;
        }
      } else if (f.refused) process.stdout.write(`kept  ${f.file}: not refreshed: ${f.refused}\n`);
    }
    const r = replayOne(claim, e.cex, e.file);
    if (r.outsideHypotheses) {
      process.stdout.write(
        `skip  ${r.file}: no longer meets the claim's hypotheses (${r.outsideHypotheses}); review and remove it by hand\n`,
      );
      continue;
    }
    const expectedFail = claim.expected === 'refuted';
    const ok = !r.error && r.stillFails === expectedFail && r.regenerated !== false && !r.explanationMismatch;
    if (!ok) bad++;
    const mismatch = r.explanationMismatch
      ? `; its stored explanation is not what the property computes now (${r.explanationMismatch}); 'spurious replay --refresh ${r.file}' rewrites it`
      : '';
    const what =
      r.error ??
      `${r.stillFails ? 'still fails' : 'now passes'} its property (${claim.expected} claim${r.stillFails && !expectedFail ? ': a regression' : !r.stillFails && expectedFail ? ': the counterexample no longer refutes' : ''}); ${r.regenerated === null ? 'generator changed since, not regenerated' : r.regenerated ? 'regenerates from its seed and path' : 'does NOT regenerate from its seed and path'}${mismatch}`;
    process.stdout.write(`${ok ? 'ok   ' : 'FAIL '} ${r.file}: ${what}\n`);
  }
  return bad ? 1 : 0;
}

async function show(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, options: { claims: { type: 'string' } }, allowPositionals: true });
  if (positionals.length !== 1) throw new UsageError('show needs exactly one counterexample file');
  const file = resolve(positionals[0]);
  if (!existsSync(file)) throw new UsageError(`no such file: ${positionals[0]}`);
  const set = await claimSet(values.claims);
  const e = readCounterexample(file);
  if (!e.ok) {
    process.stderr.write(`spurious: ${e.error}\n`);
    return 1;
  }
  const c = e.cex;
  const claim = getClaim(c.claim, set.claims);
  // The explanation shown is recomputed from the value whenever the claim is
  // registered and the value still fails; the stored text is shown, labelled
  // as such, only when it cannot be re-checked.
  const rc = claim ? recheckSaved(claim, c) : null;
  const failure = rc?.kind === 'fails' ? rc.outcome : c.failure;
  const note =
    rc === null
      ? ''
      : rc.kind === 'fails'
        ? rc.mismatch
          ? `The file's stored explanation differs from what the property computes now (${rc.mismatch}); shown below is the recomputed one ('spurious replay --refresh ${displayPath(file)}' rewrites the file).`
          : ''
        : rc.kind === 'passes'
          ? 'The property now holds on this instance: the failure below is the stored one and is no longer reproduced.'
          : rc.kind === 'outside'
            ? `The instance no longer meets the claim's hypotheses (${rc.reason}): the failure below is the stored one, not re-checked.`
            : rc.kind === 'threw'
              ? `The property threw on this instance (${rc.error}): the failure below is the stored one, not re-checked.`
              : `The instance could not be decoded (${rc.error}): the failure below is the stored one, not re-checked.`;
  const label =
    rc?.kind === 'fails' ? '' : rc?.kind === 'passes' ? 'stored, no longer reproduced' : 'stored, not re-checked';
  const statement = claim ? claim.statement : c.statement;
  const out: string[] = [
    `Claim ${c.claim}${claim ? ` — ${claim.title}` : ' (not registered in this version)'}`,
    claim ? `Source: ${paperLabel(claim.paper)}${claim.paper === 'control' ? '' : `, ${claim.section}`}` : '',
    '',
    `What the claim says${claim ? '' : ' (stored, not re-checked)'}:\n  ${statement}`,
    claim && c.statement !== claim.statement
      ? `  (the file's stored statement is older wording; 'spurious replay --refresh ${displayPath(file)}' rewrites it)`
      : '',
    '',
    note,
    '',
    `On this instance it says${label ? ` (${label})` : ''}:\n  ${failure.claimed}`,
    '',
    `What was computed (${failure.strength === 'refuted' ? 'exact' : 'float-only evidence'}${label ? `; ${label}` : ''}):\n  ${failure.computed}`,
    '',
  ];
  if (claim && rc?.kind !== 'undecodable') {
    try {
      out.push('The instance:', claim.describe(claim.decode(c.value)), '');
    } catch (err) {
      out.push(`The instance could not be described: ${(err as Error).message}`, '');
    }
  }
  out.push(
    `Found ${c.found} after ${c.runs} generated instance${c.runs > 1 ? 's' : ''}, shrunk ${c.shrinks} times (seed ${c.seed}, path ${c.path}, generator version ${c.generatorVersion}, package ${c.packageVersion}).`,
  );
  out.push(`Re-check it with: spurious replay ${displayPath(file)}`);
  process.stdout.write(out.filter((l, i) => l !== '' || out[i - 1] !== '').join('\n') + '\n');
  return 0;
}

function report(args: string[]): number {
  const { values, positionals } = parseArgs({
    args,
    options: { findings: { type: 'boolean', default: false } },
    allowPositionals: true,
  });
  if (positionals.length) throw new UsageError(`report: unexpected argument ${JSON.stringify(positionals[0])}`);
  const rep = readReport();
  if (!rep) {
    process.stderr.write(
      `spurious: no report yet at ${displayPath(reportDir())}/report.json; run 'spurious verify' first\n`,
    );
    return 1;
  }
  if (values.findings) {
    process.stdout.write(findingsMarkdown(rep));
    return rep.ok ? 0 : 1;
  }
  writeReport(rep);
  void renderHtml;
  void renderMarkdown;
  process.stdout.write(`report: ${displayPath(reportDir())}/report.html (also report.md, report.json)\n`);
  return rep.ok ? 0 : 1;
}

export async function main(argv: string[]): Promise<number> {
  const [cmd, ...rest] = argv;
  try {
    switch (cmd) {
      case 'list':
        return await list(rest);
      case 'verify':
        return await verify(rest);
      case 'replay':
        return await replay(rest);
      case 'show':
        return await show(rest);
      case 'report':
        return report(rest);
      case 'help':
      case '--help':
      case '-h':
        process.stdout.write(USAGE + '\n');
        return 0;
      case undefined:
        return usage('missing command');
      default:
        return usage(`unknown command ${JSON.stringify(cmd)}`);
    }
  } catch (e) {
    if (e instanceof UsageError || e instanceof ProfileError) return usage(e.message);
    if (e instanceof ClaimSourceError) {
      process.stderr.write(`spurious: ${e.message}\n`);
      return 2;
    }
    if ((e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) return usage((e as Error).message.split('\n')[0]);
    throw e;
  }
}

main(process.argv.slice(2)).then(
  (code) => (process.exitCode = code),
  (e) => {
    process.stderr.write(`spurious: internal error: ${(e as Error).message}\n`);
    process.exitCode = 1;
  },
);
