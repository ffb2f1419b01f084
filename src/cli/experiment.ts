/**
 * `spurious experiment [<name>] [--seed S] [--size default|small] [--json]` (issue 19, part 2): run a
 * training-based experiment (src/experiments/), print its table, and add its section (text, table,
 * plot) to reports/latest/, replacing an earlier run of the same experiment. Without a name: the list.
 */
import { parseArgs } from 'node:util';
import { experiments, getExperiment } from '../experiments/index.js';
import { reportExperiment, withExperiment } from '../report/experiments.js';
import { readReport, writeReport, type Report } from '../report/report.js';
import { displayPath } from '../store/counterexamples.js';
import { EXIT, seedOption, UsageError } from './options.js';

export async function experiment(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: { seed: { type: 'string' }, size: { type: 'string' }, json: { type: 'boolean' } },
    allowPositionals: true,
  });
  if (positionals.length === 0) {
    process.stdout.write(experiments.map((e) => `${e.name.padEnd(24)} ${e.title}`).join('\n') + '\n');
    return EXIT.ok;
  }
  if (positionals.length > 1)
    throw new UsageError(`experiment: one name, got ${positionals.map((p) => JSON.stringify(p)).join(' ')}`);
  const e = getExperiment(positionals[0]);
  if (!e)
    throw new UsageError(
      `no experiment ${JSON.stringify(positionals[0])}; known: ${experiments.map((x) => x.name).join(', ')}`,
    );
  const size = values.size ?? 'default';
  if (size !== 'default' && size !== 'small') throw new UsageError(`--size must be default or small, got ${size}`);
  const seed = seedOption(values.seed) ?? 1;
  process.stderr.write(`experiment ${e.name} (${size}, seed ${seed}) ...\n`);
  const result = await e.run({ seed, size });
  let last: Report | null = null;
  try {
    last = readReport();
  } catch (e) {
    // never replace a report that cannot be read: say so and keep it
    process.stderr.write(
      `spurious: reports/latest/report.json cannot be read (${String((e as Error).message).split('\n')[0]}); move it away to start a new report\n`,
    );
    return EXIT.unreadable;
  }
  const rep: Report = last ?? {
    generated: new Date().toISOString(),
    profile: 'none',
    ok: true,
    node: process.version,
    claims: [],
  };
  rep.experiments = withExperiment(rep.experiments, await reportExperiment(result));
  const dir = writeReport(rep);
  if (values.json) process.stdout.write(JSON.stringify(result) + '\n');
  else
    process.stdout.write(
      [
        `${result.title} — ${(result.ms / 1000).toFixed(1)} s, ${result.backend}`,
        result.table.columns.join(' | '),
        ...result.table.rows.map((r) => r.join(' | ')),
        result.summary,
        `report: ${displayPath(dir)}/report.html, section "Experiments"`,
      ].join('\n') + '\n',
    );
  return EXIT.ok;
}
