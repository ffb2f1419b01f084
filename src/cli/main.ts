/**
 * The `spurious` command (its entry point is ./bin.ts).
 *
 * Exit codes, the same in every command (./options.ts, EXIT; the largest that applies):
 *   0 every verdict as expected (or the command did what was asked);
 *   1 some verdict not as expected, or a saved counterexample no longer replays as it should;
 *   2 a usage error (one line, then the usage), or input that cannot be read: a missing file,
 *     an unreadable saved counterexample (named in one line; the run goes on), a bad claims module;
 *   3 an internal error; in verify, a claim whose run crashed (an exception, a worker thread that
 *     died): named in one line, marked inconclusive, the other claims decided and reported.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { getClaim, matchClaims } from '../claims/registry.js';
import { profileFrom, ProfileError } from '../claims/profiles.js';
import { crashedResult, recheckSaved, refreshOne, replayOne, runClaim, runSeed } from '../claims/runner.js';
import { runInWorkers, workerCount } from './parallel.js';
import { parseShard, shardOf, writeShardReport } from './shard.js';
import { mergeReports } from './merge-shards.js';
import type { AnyClaim, ClaimResult } from '../claims/types.js';
import { verdictWithExpectation } from '../claims/wording.js';
import { paperLabel } from '../claims/citations.js';
import { findingsMarkdown } from '../report/findings.js';
import {
  buildReport,
  readReport,
  reportTables,
  tablesFor,
  renderHtml,
  renderMarkdown,
  reportDir,
  writeReport,
} from '../report/report.js';
import {
  claimFolders,
  defaultDir,
  displayPath,
  listCounterexamples,
  readCounterexample,
  readSavedFile,
  type ReadResult,
} from '../store/counterexamples.js';
import { claimSet, ClaimSourceError, type ClaimSet } from './claim-source.js';
import { mergeReport } from './merge-report.js';
import { checkModel } from './check-model.js';
import { experiment } from './experiment.js';
import { budgetOption, EXIT, intOption, joinNegativeValues, runExitCode, seedOption, UsageError } from './options.js';
import { commandName, fitLine } from './terminal.js';

const USAGE = `usage: spurious <command> [options]

commands:
  list                         the registered claims (cut to the terminal's width)
      --json                   as one JSON array
      --claim <globs>          only claims whose id matches
  verify [options]             decide claims, save counterexamples, write reports/latest/
      --claim <globs>          only claims whose id matches one of the comma-separated globs
                               (e.g. 'control.*,cnn.lemma[23]*'); the results are merged into the
                               last report, each marked as re-run
      --runs <N>               instances per claim (before the profile's scaling)
      --seed <S>               fast-check seed, -2147483648 to 2147483647 (default: fixed per claim,
                               or random under 'thorough'); the seed of each claim is printed
      --budget <seconds>       time per claim, per part for a claim searched in parts (default: the
                               profile's, 60 under quick); a search it cuts short says so on its line
      --profile <P>            quick (default) | thorough | ci   (or env SPURIOUS_PROFILE)
      --shard <i/n>            only share i of n of the selected claims (a deterministic split balanced by
                               each claim's usual duration, the same on every machine); the report goes
                               to reports/shard-<i>-of-<n>/ with the counterexamples this shard saved
      --workers <N>            decide claims on N worker threads (default: the machine's available
                               parallelism, or env SPURIOUS_WORKERS); the same seed gives the same
                               verdicts, saved files and report for every N
      --json                   print exactly one JSON object on stdout (progress goes to stderr)
      --no-report              do not write reports/latest/
      --no-save                save no counterexample (by default one is saved only when new in
                               kind: its claim has none saved, or it is smaller than every saved
                               one that fails the same way, or it fails differently)
      --claims <file>          your own claims module (.ts or .js) instead of the built-in registry
                               (also for list, replay and show; or set claims in a spurious.config.*)
  replay [file or folder...]   re-check saved counterexamples (default: all): the value still fails
                               (or, for a claim that holds, no longer fails), it regenerates from its
                               seed and path, and its stored explanation is what the property computes
      --refresh                first rewrite each file's stored explanation (failure, statement) with
                               the recomputed one, when its value still fails as expected, the same
                               way (exact or float-only), and it still regenerates (or its generator
                               changed); says per file: refreshed, same (unchanged) or kept (and why)
  show <file>                  a counterexample in plain words: the claim, the network, the data, the numbers
  report                       re-render reports/latest/ from its report.json
      --findings               print its findings (what is false as printed, the repairs, what holds
                               and how strongly) as Markdown to stdout, to paste into a review
  check-model                  your own TensorFlow.js model at its trained point, decided exactly: its
                               cell, local minimum or not (certificate or descent), the nearby exact
                               cell minimum, the best affine fit, a lower point (spurious?)
      --model <model.json>     a tfjs LayersModel (Sequential: Dense, Conv1D/2D, pooling, Flatten)
      --data <file>            .csv (each row: inputs in the model's order, then targets; an optional
                               header) or .json ({"inputs": [[…]], "targets": [[…]]})
      --json                   one JSON object on stdout, exact values as "p/q"
      --seed <S>               seed of the lower-point search (default 1)
  experiment [<name>]          run a training experiment (TensorFlow.js Adam, every end point classified
                               exactly) and add its section to reports/latest/; no name: the list
      --seed <S>               seed of the starting points (default 1; each run's seed is recorded)
      --size <default|small>   default: under a minute; small: a few runs
      --json                   the result as one JSON object
  merge-reports <folder>...    combine the reports of the shards of one run (verify --shard) into
                               reports/latest/ (report.json, .html with every plot and the findings, .md)
                               and one exit code; gathers the counterexamples the shards saved, each once
      --out <dir>              write the merged report there instead
      --claims <file>          the claims module the shards ran (for the tables of several claims)
  help                         this text

exit codes (every command; the largest that applies):
  0  every verdict as expected, or the command did what was asked
  1  some verdict not as expected, or a saved counterexample no longer replays as it should
  2  usage error, or unreadable input: a missing file, an unreadable saved counterexample
     (named in one line, "unreadable saved counterexample <file>: <reason>"; the run goes on),
     a claims module that does not load
  3  internal error`;

/**
 * A usage error: one line naming the problem, exit 2. Only a missing or unknown command is followed by the
 * usage (the list of commands is the answer); after a bad option or value it would bury the line.
 */
function usage(msg: string, withUsage = false): number {
  // one line even when the message quotes a user's text with a line break in it
  process.stderr.write(`spurious: ${msg.replace(/\r?\n/g, '\\n')}\n${withUsage ? `${USAGE}\n` : ''}`);
  return EXIT.unreadable;
}

/** The one line naming a saved counterexample that cannot be used. */
function unreadableLine(file: string, reason: string): string {
  return `unreadable saved counterexample ${file}: ${reason}\n`;
}

/** What the claim's line adds after its verdict: the seed, and a search cut short by the time budget. */
function runNote(r: ClaimResult): string {
  const b = r.stoppedByBudget;
  const stop = b ? `; stopped by the ${+b.seconds.toFixed(1)} s budget after ${b.checks} of ${b.asked} checks` : '';
  return `; seed ${r.seed}${stop}`;
}

/** Claims matching any of the comma-separated globs; a glob that matches nothing is a usage error. */
function selectClaims(globs: string, claims: readonly AnyClaim[]): AnyClaim[] {
  const parts = globs
    .split(',')
    .map((g) => g.trim())
    .filter(Boolean);
  if (parts.length === 0) throw new UsageError(`--claim needs a glob, got ${JSON.stringify(globs)}`);
  for (const g of parts)
    if (matchClaims(g, claims).length === 0)
      throw new UsageError(`no claim matches ${JSON.stringify(g)}; see 'spurious list'`);
  return matchClaims(parts.join(','), claims);
}

/**
 * Saved counterexamples in folders of no claim in the set (when `globs` is
 * given, only folders whose name matches one): each is unreadable, with why.
 */
function strayFiles(set: ClaimSet, globs: string | undefined, dir = defaultDir()): { file: string; reason: string }[] {
  const known = new Set(set.claims.map((c) => c.id));
  const out: { file: string; reason: string }[] = [];
  for (const folder of claimFolders(dir)) {
    if (known.has(folder)) continue;
    if (globs && matchClaims(globs, [{ id: folder } as AnyClaim]).length === 0) continue;
    for (const r of listCounterexamples(dir, folder))
      out.push({ file: displayPath(r.file), reason: r.ok ? noClaim(r.cex.claim, set) : r.reason });
  }
  return out;
}

function noClaim(id: string, set: ClaimSet): string {
  return `field "claim": no claim ${JSON.stringify(id)} in ${set.source}${set.source === 'the built-in registry' ? ' (pass your claims module with --claims)' : ''}`;
}

/**
 * What a verify run prints while it runs. Not on a terminal (or with --json, on
 * stderr): a line when a claim starts and one when it ends, numbered by how
 * many have started or ended. On a terminal: one status line with every running
 * claim (one per worker) and its count of checked instances, replaced by each
 * claim's verdict line as it ends.
 */
function progress(json: boolean, n: number, claims: readonly AnyClaim[]) {
  const tty = !json && process.stdout.isTTY;
  const out = json ? process.stderr : process.stdout;
  const running = new Map<number, string>();
  let started = 0,
    ended = 0;
  const status = () => {
    if (!tty || running.size === 0) return;
    const parts = [...running.values()];
    out.write(`\r${fitLine(`[${ended}/${n}] running ${parts.join(' · ')}`, process.stdout.columns)}\x1b[K`);
  };
  return {
    start(i: number) {
      started++;
      running.set(i, claims[i].id);
      if (!tty) out.write(`[${started}/${n}] ${claims[i].id} ...\n`);
      else status();
    },
    tick(i: number, done: number, total: number) {
      if (!tty || !running.has(i)) return;
      if (running.size === 1) {
        const width = 24,
          filled = Math.round((width * Math.min(done, total)) / total);
        running.set(i, `${'#'.repeat(filled)}${'-'.repeat(width - filled)} ${claims[i].id} ${done}/${total}`);
      } else running.set(i, `${claims[i].id} ${done}/${total}`);
      status();
    },
    end(i: number, r: ClaimResult) {
      ended++;
      running.delete(i);
      const line = `[${ended}/${n}] ${r.id}: ${verdictWithExpectation(r, claims[i].arithmetic)} — ${r.verdict === 'holds' ? '' : `${r.runs} checks${r.verdict === 'refuted' ? ' (incl. shrinking)' : ''}, `}${r.rejected} rejected, ${(r.ms / 1000).toFixed(1)} s`;
      const full = line + runNote(r);
      out.write(tty ? `\r${full}\x1b[K\n` : `${full}\n`);
      if (!r.ok || r.verdict === 'refuted') out.write(`    ${r.summary}\n`);
      for (const u of r.unreadable) out.write(unreadableLine(u.file, u.reason));
      status();
    },
  };
}

async function verify(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: joinNegativeValues(args, ['--seed', '--runs', '--budget']),
    options: {
      claim: { type: 'string' },
      runs: { type: 'string' },
      seed: { type: 'string' },
      budget: { type: 'string' },
      profile: { type: 'string' },
      json: { type: 'boolean', default: false },
      'no-report': { type: 'boolean', default: false },
      'no-save': { type: 'boolean', default: false },
      claims: { type: 'string' },
      workers: { type: 'string' },
      shard: { type: 'string' },
    },
    allowPositionals: true,
  });
  if (positionals.length) throw new UsageError(`verify: unexpected argument ${JSON.stringify(positionals[0])}`);
  const set = await claimSet(values.claims);
  const claims = set.claims;
  const profile = profileFrom(values.profile);
  const runs = intOption('runs', values.runs);
  if (runs !== undefined && runs < 1) throw new UsageError('--runs must be at least 1');
  const seed = seedOption(values.seed);
  const budgetMs = budgetOption(values.budget);
  const workers = workerCount(values.workers);
  const chosen = values.claim ? selectClaims(values.claim, claims) : [...claims];
  const shard = values.shard !== undefined ? parseShard(values.shard) : null;
  const selected = shard ? shardOf(chosen, shard).map((i) => chosen[i]) : chosen;
  const json = values.json ?? false;
  if (selected.length === 0 && !shard) {
    const msg = 'no claims registered yet';
    if (json)
      process.stdout.write(JSON.stringify({ ok: true, backend: backend(), profile: profile.name, claims: [] }) + '\n');
    else process.stdout.write(`spurious verify: ${msg}\n`);
    return EXIT.ok;
  }
  const p = progress(json, selected.length, selected);
  // every claim's seed is drawn before any runs, so the results do not depend on the number of workers
  const seeds = selected.map((c) => runSeed(c, profile, seed));
  const save = !values['no-save'];
  let results: ClaimResult[];
  // the pool when there is something to share: several claims, or one claim in parts
  if (workers > 1 && (selected.length > 1 || (selected[0]?.parts ?? 1) > 1)) {
    results = await runInWorkers(selected, {
      workers,
      ...(values.claims !== undefined ? { claimsModule: values.claims } : {}),
      profile,
      seeds,
      ...(runs !== undefined ? { runs } : {}),
      ...(budgetMs !== undefined ? { budgetMs } : {}),
      save,
      lastMs: new Map((lastReport()?.claims ?? []).map((c) => [c.id, c.ms])),
      onStart: (i) => p.start(i),
      onProgress: (i, d, t) => p.tick(i, d, t),
      onEnd: (i, r) => p.end(i, r),
    });
  } else {
    results = [];
    for (const [i, c] of selected.entries()) {
      p.start(i);
      const t0 = performance.now();
      let r: ClaimResult;
      try {
        r = runClaim(c, {
          profile,
          seed: seeds[i],
          ...(runs !== undefined ? { runs } : {}),
          ...(budgetMs !== undefined ? { budgetMs } : {}),
          save,
          onProgress: (d, t) => p.tick(i, d, t),
        });
      } catch (e) {
        // as a worker's failure: this claim is inconclusive, the run goes on
        r = crashedResult(c, seeds[i], (e as Error)?.message ?? String(e), performance.now() - t0);
      }
      results.push(r);
      p.end(i, r);
    }
  }
  const stray = strayFiles(set, values.claim);
  const log = json ? process.stderr : process.stdout;
  for (const u of stray) log.write(unreadableLine(u.file, u.reason));
  const unreadable = [...results.flatMap((r) => r.unreadable), ...stray];
  const ok = results.every((r) => r.ok);
  let reportPath: string | null = null;
  let reportNote = '';
  /** the report of a run that is not a shard: the whole set's, or this selection merged into the last report */
  async function writeRunReport(fresh: Awaited<ReturnType<typeof buildReport>>): Promise<string> {
    const full = selected.length === claims.length;
    const last = full ? null : lastReport();
    if (full) reportNote = '';
    else if (last) {
      const kept = last.claims.filter((c) => !selected.some((s) => s.id === c.id) && getClaim(c.id, claims)).length;
      reportNote = `; the ${selected.length} claim${selected.length === 1 ? '' : 's'} run here merged into the last report (of ${last.generated}; ${kept} other claim${kept === 1 ? '' : 's'} kept from it), each marked as re-run`;
    } else
      reportNote = `; a report of these ${selected.length} claim${selected.length === 1 ? '' : 's'} only (no earlier report to merge into)`;
    const merged = last
      ? mergeReport(
          fresh,
          last,
          claims.map((c) => c.id),
        )
      : fresh;
    // a merged report's tables are filled again from all its claims (the fresh ones saw only this run's)
    if (last) merged.tables = await reportTables(tablesFor(claims), merged.claims);
    // experiments are run on their own (`spurious experiment`): a full verify keeps them too
    const experiments = (last ?? lastReport())?.experiments;
    if (experiments?.length) merged.experiments = experiments;
    return writeReport(merged);
  }
  if (!values['no-report']) {
    // the report names unreadable files in their claim's summary (the terminal named them once, above)
    const forReport = results.map((r) =>
      r.unreadable.length
        ? {
            ...r,
            summary: `${r.summary} Unreadable saved counterexamples (not used): ${r.unreadable.map((u) => `${u.file} (${u.reason})`).join('; ')}.`,
          }
        : r,
    );
    const fresh = await buildReport(forReport, profile.name, claims);
    if (shard)
      ({ dir: reportPath, note: reportNote } = writeShardReport(
        fresh,
        results,
        shard,
        chosen.map((c) => c.id),
      ));
    else reportPath = await writeRunReport(fresh);
  }
  const code = runExitCode(results, unreadable.length);
  if (json) {
    process.stdout.write(
      JSON.stringify({
        ok,
        exitCode: code,
        backend: backend(),
        profile: profile.name,
        report: reportPath ? displayPath(reportPath) : null,
        ...(reportNote ? { reportNote: reportNote.slice(2) } : {}),
        unreadable,
        // `saved` is a path on this machine: left out, as in the report
        claims: results.map(({ saved: _saved, ...r }) => r),
      }) + '\n',
    );
  } else {
    const bad = results.filter((r) => !r.ok);
    const u = unreadable.length;
    process.stdout.write(
      `\n${results.length - bad.length}/${results.length} claims as expected${bad.length ? `; not as expected: ${bad.map((r) => r.id).join(', ')}` : ''}${u ? `; ${u} unreadable saved counterexample${u === 1 ? '' : 's'} (named above; fix or remove ${u === 1 ? 'it' : 'them'})` : ''}.\n`,
    );
    if (reportPath)
      process.stdout.write(
        `report: ${displayPath(reportPath)}/report.html (also report.md, report.json)${reportNote}\n`,
      );
  }
  return code;
}

/** The report in reports/latest/, or null when there is none or it cannot be read. */
function lastReport(): ReturnType<typeof readReport> {
  try {
    return readReport();
  } catch {
    return null;
  }
}

function backend(): string {
  return `cpu: exact (bigint rationals), float64, decimal.js; node ${process.version}`;
}

async function list(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: { claims: { type: 'string' }, json: { type: 'boolean', default: false }, claim: { type: 'string' } },
    allowPositionals: true,
  });
  if (positionals.length) throw new UsageError(`list: unexpected argument ${JSON.stringify(positionals[0])}`);
  const set = await claimSet(values.claims);
  const claims = values.claim ? selectClaims(values.claim, set.claims) : set.claims;
  if (values.json) {
    const rows = claims.map((c) => ({
      id: c.id,
      title: c.title,
      paper: c.paper,
      section: c.section,
      expected: c.expected,
      arithmetic: c.arithmetic,
      runs: c.runs ?? 100,
      generatorVersion: c.generatorVersion,
      ...(c.correctedBy ? { correctedBy: c.correctedBy } : {}),
      statement: c.statement,
      hypotheses: c.hypotheses,
    }));
    process.stdout.write(JSON.stringify(rows) + '\n');
    return EXIT.ok;
  }
  if (claims.length === 0) {
    process.stdout.write('no claims registered yet\n');
    return EXIT.ok;
  }
  // cut to the terminal's width; piped output (no terminal) is not cut
  const columns = process.stdout.isTTY ? process.stdout.columns : undefined;
  const w = Math.max(...claims.map((c) => c.id.length));
  for (const c of claims)
    process.stdout.write(
      [
        `${c.id.padEnd(w)}  expected ${c.expected.padEnd(7)}  ${c.arithmetic.padEnd(7)}  ${c.paper === 'control' ? 'control' : `${c.paper} ${c.section}`}`,
        `${' '.repeat(w + 2)}${c.title}`,
      ]
        .map((l) => fitLine(l, columns) + '\n')
        .join(''),
    );
  return EXIT.ok;
}

/** Saved counterexamples named on the command line: each must exist (else a usage error, as in show). */
/** The named files; a folder (e.g. one claim's counterexamples/<id>/) stands for the .json files in it. */
function namedFiles(files: string[]): ReadResult[] {
  for (const f of files) if (!existsSync(resolve(f))) throw new UsageError(`no such file: ${f}`);
  return files
    .flatMap((f) =>
      statSync(resolve(f)).isDirectory()
        ? readdirSync(resolve(f))
            .filter((n) => n.endsWith('.json'))
            .sort()
            .map((n) => join(resolve(f), n))
        : [resolve(f)],
    )
    .map((f) => readSavedFile(f));
}

async function replay(args: string[]): Promise<number> {
  const { values, positionals: files } = parseArgs({
    args,
    options: { refresh: { type: 'boolean', default: false }, claims: { type: 'string' } },
    allowPositionals: true,
  });
  const set: ClaimSet = await claimSet(values.claims);
  const entries = files.length ? namedFiles(files) : listCounterexamples();
  if (entries.length === 0) {
    process.stdout.write('no saved counterexamples\n');
    return EXIT.ok;
  }
  const count = { ok: 0, failed: 0, skipped: 0, unreadable: 0, refreshed: 0 };
  for (let e of entries) {
    if (!e.ok) {
      process.stdout.write(unreadableLine(displayPath(e.file), e.reason));
      count.unreadable++;
      continue;
    }
    const claim = getClaim(e.cex.claim, set.claims);
    if (!claim) {
      process.stdout.write(unreadableLine(displayPath(e.file), noClaim(e.cex.claim, set)));
      count.unreadable++;
      continue;
    }
    if (values.refresh) {
      const f = refreshOne(claim, e.cex, e.file);
      if (f.changed.length) {
        count.refreshed++;
        process.stdout.write(
          `refreshed ${f.file}: rewrote ${f.changed.join(', ')}${f.mismatch ? `; first difference was ${f.mismatch}` : ''}\n`,
        );
        e = readSavedFile(e.file);
        if (!e.ok) {
          process.stdout.write(unreadableLine(displayPath(e.file), e.reason));
          count.unreadable++;
          continue;
        }
      } else if (f.refused) process.stdout.write(`kept  ${f.file}: not refreshed: ${f.refused}\n`);
      else process.stdout.write(`same  ${f.file}: unchanged, its texts are what the claim says today\n`);
    }
    const r = replayOne(claim, e.cex, e.file);
    if (r.error) {
      process.stdout.write(unreadableLine(r.file, r.error));
      count.unreadable++;
      continue;
    }
    if (r.outsideHypotheses) {
      process.stdout.write(
        `skip  ${r.file}: no longer meets the claim's hypotheses (${r.outsideHypotheses}); review and remove it by hand\n`,
      );
      count.skipped++;
      continue;
    }
    const expectedFail = claim.expected === 'refuted';
    const ok = r.stillFails === expectedFail && r.regenerated !== false && !r.explanationMismatch;
    if (ok) count.ok++;
    else count.failed++;
    const mismatch = r.explanationMismatch
      ? `; its stored explanation is not what the property computes now (${r.explanationMismatch}); '${commandName()} replay --refresh ${r.file}' rewrites it`
      : '';
    const what = `${r.stillFails ? 'still fails' : 'now passes'} its property (${claim.expected} claim${r.stillFails && !expectedFail ? ': a regression' : !r.stillFails && expectedFail ? ': the counterexample no longer refutes' : ''}); ${r.regenerated === null ? 'generator changed since, not regenerated' : r.regenerated ? 'regenerates from its seed and path' : 'does NOT regenerate from its seed and path'}${mismatch}`;
    process.stdout.write(`${ok ? 'ok   ' : 'FAIL '} ${r.file}: ${what}\n`);
  }
  const n = entries.length;
  process.stdout.write(
    `\n${n} saved counterexample${n === 1 ? '' : 's'}: ${count.ok} ok, ${count.failed} not as expected, ${count.skipped} skipped (outside the hypotheses), ${count.unreadable} unreadable${values.refresh ? `; ${count.refreshed} refreshed` : ''}.\n`,
  );
  return count.unreadable ? EXIT.unreadable : count.failed ? EXIT.notAsExpected : EXIT.ok;
}

async function show(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, options: { claims: { type: 'string' } }, allowPositionals: true });
  if (positionals.length !== 1) throw new UsageError('show needs exactly one counterexample file');
  const file = resolve(positionals[0]);
  if (!existsSync(file)) throw new UsageError(`no such file: ${positionals[0]}`);
  const set = await claimSet(values.claims);
  const e = readCounterexample(file);
  if (!e.ok) {
    process.stderr.write(`spurious: ${unreadableLine(displayPath(file), e.reason)}`);
    return EXIT.unreadable;
  }
  const cmd = commandName();
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
          ? `The file's stored explanation differs from what the property computes now (${rc.mismatch}); shown below is the recomputed one ('${cmd} replay --refresh ${displayPath(file)}' rewrites the file).`
          : ''
        : rc.kind === 'passes'
          ? 'The property now holds on this instance: the failure below is the stored one and is no longer reproduced.'
          : rc.kind === 'outside'
            ? `The instance no longer meets the claim's hypotheses (${rc.reason}): the failure below is the stored one, not re-checked.`
            : rc.kind === 'threw'
              ? `Re-checking this instance threw (${rc.error}): the failure below is the stored one, not re-checked.`
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
      ? `  (the file's stored statement is older wording; '${cmd} replay --refresh ${displayPath(file)}' rewrites it)`
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
  out.push(`Re-check it with: ${cmd} replay ${displayPath(file)}`);
  process.stdout.write(out.filter((l, i) => l !== '' || out[i - 1] !== '').join('\n') + '\n');
  return showExit(file, c.claim, set, claim, rc);
}

/**
 * show's exit code, as replay would judge the value (without regenerating
 * it): 2 when it cannot be re-checked (no such claim, a value that does not
 * decode or throws; said on stderr), 1 when it no longer fails as its claim
 * expects or its stored explanation differs, else 0.
 */
function showExit(
  file: string,
  id: string,
  set: ClaimSet,
  claim: AnyClaim | undefined,
  rc: ReturnType<typeof recheckSaved> | null,
): number {
  const shown = displayPath(file);
  if (!claim || !rc) {
    process.stderr.write(`spurious: ${shown}: ${noClaim(id, set)}; shown with its stored text, not re-checked\n`);
    return EXIT.unreadable;
  }
  if (rc.kind === 'undecodable' || rc.kind === 'threw') {
    process.stderr.write(
      `spurious: ${unreadableLine(shown, rc.kind === 'undecodable' ? `field "value": ${rc.error}` : rc.error)}`,
    );
    return EXIT.unreadable;
  }
  if (rc.kind === 'outside') return EXIT.ok; // as replay: skipped, not a failure
  const asExpected = (rc.kind === 'fails') === (claim.expected === 'refuted') && !(rc.kind === 'fails' && rc.mismatch);
  return asExpected ? EXIT.ok : EXIT.notAsExpected;
}

function report(args: string[]): number {
  const { values, positionals } = parseArgs({
    args,
    options: { findings: { type: 'boolean', default: false } },
    allowPositionals: true,
  });
  if (positionals.length) throw new UsageError(`report: unexpected argument ${JSON.stringify(positionals[0])}`);
  let rep: ReturnType<typeof readReport>;
  try {
    rep = readReport();
  } catch (e) {
    process.stderr.write(`spurious: ${displayPath(reportDir())}/report.json cannot be read: ${(e as Error).message}\n`);
    return EXIT.unreadable;
  }
  if (!rep) {
    process.stderr.write(
      `spurious: no report yet at ${displayPath(reportDir())}/report.json; run 'spurious verify' first\n`,
    );
    return EXIT.unreadable;
  }
  if (values.findings) {
    process.stdout.write(findingsMarkdown(rep));
    return rep.ok ? EXIT.ok : EXIT.notAsExpected;
  }
  writeReport(rep);
  void renderHtml;
  void renderMarkdown;
  process.stdout.write(`report: ${displayPath(reportDir())}/report.html (also report.md, report.json)\n`);
  return rep.ok ? EXIT.ok : EXIT.notAsExpected;
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
      case 'check-model':
        return await checkModel(rest);
      case 'experiment':
        return await experiment(rest);
      case 'merge-reports':
        return await mergeReports(rest);
      case 'help':
      case '--help':
      case '-h':
        process.stdout.write(USAGE + '\n');
        return EXIT.ok;
      case undefined:
        return usage('missing command', true);
      default:
        return usage(`unknown command ${JSON.stringify(cmd)}`, true);
    }
  } catch (e) {
    if (e instanceof UsageError || e instanceof ProfileError) return usage(e.message);
    if (e instanceof ClaimSourceError) {
      process.stderr.write(`spurious: ${e.message}\n`);
      return EXIT.unreadable;
    }
    if ((e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) return usage((e as Error).message.split('\n')[0]);
    throw e;
  }
}
