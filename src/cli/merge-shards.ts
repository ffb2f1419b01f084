/**
 * `spurious merge-reports <folder>…` (issue 21): the reports of the shards of
 * one run (`verify --shard i/n`, each in its own folder, as a CI matrix
 * uploads them) combined into one report — report.json, the HTML with every
 * plot and the findings, the Markdown — and one exit code, as Playwright's
 * `merge-reports` does for its shards. The merged report.json is the one an
 * unsharded run of the same selection and seed writes in a project with no
 * earlier report (a fresh checkout, as on CI), but for the timestamp and the
 * durations: an unsharded run of some claims would merge them into the last
 * report, and keep its experiments. The counterexamples the shards saved are gathered in the
 * merged folder's counterexamples/, each once, with the shards that found it.
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import type { ReportClaim } from '../report/report.js';
import { readReport, reportDir, reportTables, tablesFor, writeReport, type Report } from '../report/report.js';
import { displayPath } from '../store/counterexamples.js';
import { claimSet } from './claim-source.js';
import { EXIT, runExitCode, UsageError } from './options.js';
import type { ShardReport } from './shard.js';

/** One line naming a folder that cannot be merged; the command exits 2 and writes nothing. */
class MergeError extends Error {}

function readShard(folder: string): ShardReport {
  let rep: Report | null;
  try {
    rep = readReport(folder);
  } catch (e) {
    throw new MergeError(`${folder}/report.json cannot be read: ${(e as Error).message.split('\n')[0]}`);
  }
  if (!rep) throw new MergeError(`${folder}: no report.json (run 'spurious verify --shard i/n' first)`);
  const s = (rep as Partial<ShardReport>).shard;
  if (!s || !Number.isInteger(s.index) || !Number.isInteger(s.count) || !Array.isArray(s.selection))
    throw new MergeError(`${folder}/report.json is not a shard's report (it has no "shard" field)`);
  return rep as ShardReport;
}

/** The shards' reports as one: claims in the selection's order, tables filled again from all of them. */
export async function mergeShards(
  shards: readonly { folder: string; rep: ShardReport }[],
  claimsModule?: string,
): Promise<Report> {
  const [first] = shards;
  const { count, selection } = first.rep.shard;
  for (const { folder, rep } of shards) {
    if (rep.shard.count !== count || JSON.stringify(rep.shard.selection) !== JSON.stringify(selection))
      throw new MergeError(`${folder} is a shard of another run (another shard count or claim selection)`);
    if (rep.profile !== first.rep.profile)
      throw new MergeError(`${folder} ran under profile ${rep.profile}, ${first.folder} under ${first.rep.profile}`);
  }
  const seen = new Map<number, string>();
  for (const { folder, rep } of shards) {
    const other = seen.get(rep.shard.index);
    if (other) throw new MergeError(`${folder} and ${other} are both shard ${rep.shard.index}/${count}`);
    seen.set(rep.shard.index, folder);
  }
  const missing = Array.from({ length: count }, (_, k) => k + 1).filter((k) => !seen.has(k));
  if (missing.length)
    throw new MergeError(
      `shard${missing.length > 1 ? 's' : ''} ${missing.map((k) => `${k}/${count}`).join(', ')} missing`,
    );
  const byId = new Map<string, ReportClaim>();
  for (const { rep } of shards) for (const c of rep.claims) byId.set(c.id, c);
  const unreported = selection.filter((id) => !byId.has(id));
  if (unreported.length) throw new MergeError(`no shard reports ${unreported.slice(0, 3).join(', ')}`);
  const claims = selection.map((id) => byId.get(id)!);
  const set = await claimSet(claimsModule);
  const experiments = shards.flatMap(({ rep }) => rep.experiments ?? []);
  return {
    // the latest shard's time; the same fields in the same order as a run's report (buildReport)
    generated: shards
      .map(({ rep }) => rep.generated)
      .sort()
      .at(-1)!,
    profile: first.rep.profile,
    ok: claims.every((c) => c.ok),
    node: first.rep.node,
    claims,
    tables: await reportTables(tablesFor(set.claims), claims),
    ...(experiments.length ? { experiments } : {}),
  };
}

/** counterexamples/<claim>/<file> under each shard folder: relative path → the shards (indices) that hold it. */
function shardCounterexamples(shards: readonly { folder: string; rep: ShardReport }[]) {
  const found = new Map<string, { from: string; shards: number[] }>();
  for (const { folder, rep } of shards) {
    const root = join(folder, 'counterexamples');
    if (!existsSync(root)) continue;
    for (const e of readdirSync(root, { recursive: true, withFileTypes: true })) {
      if (!e.isFile() || !e.name.endsWith('.json') || e.name.startsWith('.')) continue;
      // Dirent.parentPath is Node ≥ 20.12; .path before it (engines: ≥ 20.6)
      const parent = (e as { parentPath?: string }).parentPath ?? (e as unknown as { path: string }).path;
      const rel = relative(root, join(parent, e.name));
      const f = found.get(rel) ?? { from: join(root, rel), shards: [] };
      f.shards.push(rep.shard.index);
      found.set(rel, f);
    }
  }
  return [...found.entries()].sort(([a], [b]) => a.localeCompare(b));
}

export async function mergeReports(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: { out: { type: 'string' }, claims: { type: 'string' } },
    allowPositionals: true,
  });
  if (!positionals.length) throw new UsageError('merge-reports: name the shard folders (e.g. reports/shard-*)');
  const out = values.out ?? reportDir();
  let merged: Report;
  let shards: { folder: string; rep: ShardReport }[];
  try {
    shards = positionals.map((folder) => ({ folder, rep: readShard(folder) }));
    merged = await mergeShards(shards, values.claims);
  } catch (e) {
    if (!(e instanceof MergeError)) throw e;
    process.stderr.write(`spurious: merge-reports: ${e.message}; nothing written\n`);
    return EXIT.unreadable;
  }
  writeReport(merged, out);
  // this merge's counterexamples only (not those of an earlier merge into the same folder)
  rmSync(join(out, 'counterexamples'), { recursive: true, force: true });
  const cexes = shardCounterexamples(shards);
  for (const [rel, { from }] of cexes) {
    const to = join(out, 'counterexamples', rel);
    mkdirSync(join(to, '..'), { recursive: true });
    copyFileSync(from, to);
  }
  const bad = merged.claims.filter((c) => !c.ok);
  const lines = [
    `merged ${shards.length} shard report${shards.length === 1 ? '' : 's'}: ${merged.claims.length - bad.length}/${merged.claims.length} claims as expected${bad.length ? `; not as expected: ${bad.map((c) => c.id).join(', ')}` : ''}.`,
    ...(cexes.length
      ? [
          `counterexamples saved by the shards (${cexes.length}, each once; copy them into your counterexamples/ to keep them):`,
          ...cexes.map(
            ([rel, f]) =>
              `  ${displayPath(join(out, 'counterexamples', rel))} (shard${f.shards.length > 1 ? 's' : ''} ${f.shards.join(', ')})`,
          ),
        ]
      : []),
    `report: ${displayPath(out)}/report.html (also report.md, report.json)`,
  ];
  process.stdout.write(lines.join('\n') + '\n');
  // as the unsharded run would exit: crashes 3, unreadable saved counterexamples 2, a verdict not as expected 1
  return runExitCode(merged.claims);
}
