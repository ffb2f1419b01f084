/**
 * `npm run costs`: writes src/claims/costs.ts, each built-in claim's duration
 * (ms, to the nearest 100) in the last report (reports/latest/report.json,
 * best from a full `npm run verify` under the quick profile on an idle machine).
 * `verify --shard i/n` splits claims by these committed numbers, so every
 * machine of a CI matrix computes the same split. Re-run it when claims are
 * added or their cost changes much; a claim missing from the table counts as
 * the median claim.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readReport } from '../report/report.js';
import { repoRoot } from '../store/counterexamples.js';

const rep = readReport();
if (!rep) {
  process.stderr.write("costs: no report at reports/latest/report.json; run 'npm run verify' first\n");
  process.exit(2);
}
const rows = rep.claims.map((c) => `  ${JSON.stringify(c.id)}: ${Math.max(100, Math.round(c.ms / 100) * 100)},`);
const text = `/**
 * Each built-in claim's duration in ms under the quick profile, from the report
 * of ${rep.generated} (${rep.node}); written by \`npm run costs\` (src/bench/costs.ts).
 * \`verify --shard i/n\` balances shards by these numbers (src/cli/shard.ts).
 */
export const CLAIM_COSTS_MS: Readonly<Record<string, number>> = {
${rows.join('\n')}
};
`;
const out = join(repoRoot(), 'src/claims/costs.ts');
writeFileSync(out, text);
process.stdout.write(`costs: ${rows.length} claims written to src/claims/costs.ts\n`);
