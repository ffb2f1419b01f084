/**
 * Reports: reports/latest/report.json, report.md and a self-contained
 * report.html (inline CSS and SVG; no network access needed). Plots are
 * rendered offline to SVG with vega-lite + vega's headless renderer.
 */
import fc from 'fast-check';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { basename, join } from 'node:path';
import { claims as registryClaims, getClaim, tables as registryTables } from '../claims/registry.js';
import type { AnyClaim, Arithmetic, ClaimResult, VerdictTableSpec } from '../claims/types.js';
import {
  esc,
  tallyHtml,
  tallyMarkdown,
  tallyTable,
  type TallyTable,
  verdictTable,
  verdictTableHtml,
  verdictTableMarkdown,
  verdictTablePlot,
  type VerdictTable,
} from './sections.js';
import { paperLabel } from '../claims/citations.js';
import { findingsHtml, findingsMarkdown } from './findings.js';
import { plotToSvg } from './plot.js';
import { experimentsHtml, experimentsMarkdown, type ReportExperiment } from './experiments.js';

export { plotToSvg };
import { expectedPhrase, verdictLine } from '../claims/wording.js';
import { atomicWrite } from '../store/atomic.js';
import { listCounterexamples, projectRoot, type Counterexample } from '../store/counterexamples.js';

export interface ReportClaim extends ClaimResult {
  title: string;
  statement: string;
  hypotheses: string[];
  arithmetic: Arithmetic | '';
  correctedBy?: string;
  /** a negative control (not a statement of the paper) */
  control?: boolean;
  /** "none exists", refuted by an example (see Claim.example) */
  example?: 'paper' | 'ours';
  failures: { file: string; claimed: string; computed: string }[];
  /** `instance` says which instance the plot draws (absent in reports written before several were drawn) */
  plots: { title: string; caption: string; instance?: string; svg: string }[];
  /** the outcomes' counts as a table (Claim.tally), when the claim has one and the run counted */
  tallyTable?: TallyTable;
}

export interface Report {
  generated: string;
  profile: string;
  ok: boolean;
  node: string;
  claims: ReportClaim[];
  /** tables built from several claims' verdicts (absent in reports written before there were any) */
  tables?: (VerdictTable & { svg: string })[];
  /** training-based experiments (`spurious experiment`), kept when claims are verified again */
  experiments?: ReportExperiment[];
}

export const reportDir = () => join(projectRoot(), 'reports', 'latest');

/** How many instances a claim's plots are drawn on, by default: its first saved counterexample, else one generated instance. */
const DEFAULT_PLOT_INSTANCES = { saved: 1, generated: 1 };

/**
 * Plots of several instances of the claim: up to `plotInstances.saved` saved
 * counterexamples (smallest first), then up to `plotInstances.generated`
 * generated instances meeting the hypotheses (fast-check seed 1). Without
 * `plotInstances`: the first saved counterexample, else one generated instance.
 */
export async function claimPlots(
  r: ClaimResult,
  from: readonly AnyClaim[] = registryClaims,
): Promise<ReportClaim['plots']> {
  const claim = getClaim(r.id, from);
  if (!claim?.plots) return [];
  const want = claim.plotInstances ?? DEFAULT_PLOT_INSTANCES;
  const saved = listCounterexamples(undefined, r.id)
    .filter((x): x is { file: string; ok: true; cex: Counterexample } => x.ok)
    .filter((x) => !r.unreadable?.some((u) => x.file.endsWith(u.file)))
    .sort((a, b) => JSON.stringify(a.cex.value).length - JSON.stringify(b.cex.value).length)
    .slice(0, want.saved);
  const instances: { label: string; value: unknown }[] = saved.map((x) => ({
    label: `saved counterexample ${basename(x.file)}`,
    value: claim.decode(x.cex.value),
  }));
  const generated = claim.plotInstances || instances.length === 0 ? want.generated : 0;
  if (generated > 0)
    fc.sample(claim.generate(), { seed: 1, numRuns: 20 * generated })
      .filter((v) => claim.detect(v) === null)
      .slice(0, generated)
      .forEach((value, i) => instances.push({ label: `generated instance ${i + 1} (seed 1)`, value }));
  const out: ReportClaim['plots'] = [];
  for (const inst of instances)
    for (const p of claim.plots(inst.value))
      out.push({ title: p.title, caption: p.caption, instance: inst.label, svg: await plotToSvg(p) });
  return out;
}

/** What the "checks" column counts. */
const CHECKS_NOTE =
  'checks: evaluations of the property on instances that met the hypotheses. For a claim that holds this is the number of generated instances; for a refuted claim it also counts the evaluations made while shrinking the counterexample (its summary says after how many generated instances it was found).';

/** The report tables of a claim list: the registry's, none for a researcher's own claims module. */
export const tablesFor = (from: readonly AnyClaim[]): readonly VerdictTableSpec[] =>
  from === registryClaims ? registryTables : [];

/** The report of a run; `from` is the list the results' claims come from (default: the registry). */
export async function buildReport(
  results: ClaimResult[],
  profile: string,
  from: readonly AnyClaim[] = registryClaims,
  tableSpecs: readonly VerdictTableSpec[] = tablesFor(from),
): Promise<Report> {
  const claims: ReportClaim[] = [];
  for (const { saved: _saved, ...r } of results) {
    const c = getClaim(r.id, from);
    const failures = listCounterexamples(undefined, r.id)
      .filter(
        (x): x is { file: string; ok: true; cex: Counterexample } =>
          x.ok && !r.unreadable?.some((u) => x.file.endsWith(u.file)),
      )
      .map((x) => {
        const file = r.counterexamples.find((f) => x.file.endsWith(f)) ?? x.file;
        // the explanation the property gives now (replayed this run); a file found in this run was just written from it
        const now = r.replays.find((p) => x.file.endsWith(p.file))?.recomputed;
        return {
          file,
          claimed: now?.claimed ?? x.cex.failure.claimed,
          computed: now?.computed ?? x.cex.failure.computed,
        };
      });
    claims.push({
      ...r,
      title: c?.title ?? r.id,
      statement: c?.statement ?? '',
      hypotheses: c?.hypotheses ?? [],
      arithmetic: c?.arithmetic ?? '',
      ...(c?.correctedBy ? { correctedBy: c.correctedBy } : {}),
      ...(c?.control ? { control: true } : {}),
      ...(c?.example ? { example: c.example } : {}),
      ...(c?.tally && r.tally ? { tallyTable: tallyTable(c.tally, r.tally) } : {}),
      failures,
      plots: await claimPlots(r, from),
    });
  }
  return {
    generated: new Date().toISOString(),
    profile,
    ok: results.every((r) => r.ok),
    node: process.version,
    claims,
    tables: await reportTables(tableSpecs, results),
  };
}

/** The tables of the specs, filled from the verdicts given (also those of a merged report), each with its picture. */
export async function reportTables(
  specs: readonly VerdictTableSpec[],
  results: readonly Pick<ClaimResult, 'id' | 'verdict' | 'strength' | 'certified'>[],
): Promise<NonNullable<Report['tables']>> {
  return Promise.all(
    specs.map(async (spec) => {
      const t = verdictTable(spec, results);
      return { ...t, svg: await plotToSvg(verdictTablePlot(t)) };
    }),
  );
}

/** The tables section (Markdown): each table as text and as its picture. */
function tablesMarkdown(rep: Report): string[] {
  if (!rep.tables?.length) return [];
  const out = ['## Tables from several claims', ''];
  for (const t of rep.tables)
    out.push(
      `### ${t.title}`,
      '',
      `${paperLabel(t.paper)}. ${t.caption}`,
      '',
      verdictTableMarkdown(t),
      '',
      `![${t.title}](plots/${t.id}.svg)`,
      '',
    );
  return out;
}

const rel = (file: string) => (file.startsWith('/') ? file : `../../${file}`);

export function renderMarkdown(rep: Report): string {
  const lines = [
    `# spurious-minima report`,
    '',
    `Generated ${rep.generated} with profile \`${rep.profile}\` on Node ${rep.node}. Overall: **${rep.ok ? 'every verdict as expected' : 'SOME VERDICTS NOT AS EXPECTED'}**.`,
    '',
    findingsMarkdown(rep),
    ...tablesMarkdown(rep),
    ...experimentsMarkdown(rep.experiments),
    '## All claims',
    '',
    '| claim | expected | verdict | ok | checks | rejected | time | seed |',
    '|---|---|---|---|---|---|---|---|',
    ...rep.claims.map(
      (c) =>
        `| \`${c.id}\` | ${c.expected} | ${verdictLine(c, c.arithmetic)} | ${c.ok ? 'yes' : '**no**'} | ${c.runs} | ${c.rejected} | ${(c.ms / 1000).toFixed(1)} s | ${c.seed} |`,
    ),
    '',
    CHECKS_NOTE,
    '',
  ];
  for (const c of rep.claims) {
    lines.push(
      `## ${c.title}`,
      '',
      `\`${c.id}\` — ${paperLabel(c.paper)}${c.paper === 'control' ? '' : `, ${c.section}`}; ${c.arithmetic} arithmetic.`,
      '',
      c.statement,
      '',
    );
    if (c.hypotheses.length) lines.push('Hypotheses:', ...c.hypotheses.map((h) => `- ${h}`), '');
    lines.push(
      `**Verdict: ${verdictLine(c, c.arithmetic)}** (${expectedPhrase(c.expected)}: ${c.ok ? 'as expected' : 'NOT AS EXPECTED'}). ${c.summary}`,
      '',
    );
    if (c.tallyTable) lines.push(tallyMarkdown(c.tallyTable), '');
    for (const f of c.failures)
      lines.push(`- [${f.file}](${rel(f.file)})`, `  - claimed: ${f.claimed}`, `  - computed: ${f.computed}`);
    if (c.failures.length) lines.push('');
    for (const [i, p] of c.plots.entries())
      lines.push(
        `![${p.title}](plots/${c.id}-${i + 1}.svg)`,
        '',
        `*${p.instance ? `${p.instance}. ` : ''}${p.caption}*`,
        '',
      );
  }
  return lines.join('\n');
}

export function renderHtml(rep: Report): string {
  const row = (c: ReportClaim) =>
    `<tr class="${c.ok ? 'ok' : 'bad'}"><td><a href="#${esc(c.id)}"><code>${esc(c.id)}</code></a></td><td>${c.expected}</td><td>${esc(verdictLine(c, c.arithmetic))}</td><td>${c.ok ? '✓' : '✗'}</td><td>${c.runs}</td><td>${c.rejected}</td><td>${(c.ms / 1000).toFixed(1)} s</td><td>${c.seed}</td></tr>`;
  const section = (c: ReportClaim) => `
<section id="${esc(c.id)}" class="${c.ok ? 'ok' : 'bad'}">
  <h2>${esc(c.title)}</h2>
  <p class="meta"><code>${esc(c.id)}</code> · ${esc(paperLabel(c.paper))}${c.paper === 'control' ? '' : `, ${esc(c.section)}`} · ${esc(c.arithmetic)} arithmetic${c.correctedBy ? ` · corrected version: <code>${esc(c.correctedBy)}</code>` : ''}</p>
  <p>${esc(c.statement)}</p>
  ${c.hypotheses.length ? `<details><summary>Hypotheses</summary><ul>${c.hypotheses.map((h) => `<li>${esc(h)}</li>`).join('')}</ul></details>` : ''}
  <p class="verdict"><b>Verdict: ${esc(verdictLine(c, c.arithmetic))}</b> (${expectedPhrase(c.expected)}: ${c.ok ? 'as expected' : '<b>not as expected</b>'}). ${esc(c.summary)}</p>
  ${c.tallyTable ? tallyHtml(c.tallyTable) : ''}
  ${c.failures.map((f) => `<div class="cex"><p><a href="${esc(rel(f.file))}">${esc(f.file)}</a></p><p><b>Claimed:</b> ${esc(f.claimed)}</p><p><b>Computed:</b> ${esc(f.computed)}</p></div>`).join('')}
  ${c.plots.map((p) => `<figure>${p.svg}<figcaption>${p.instance ? `<b>${esc(p.instance)}.</b> ` : ''}${esc(p.caption)}</figcaption></figure>`).join('')}
</section>`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>spurious-minima report</title>
<style>
body{font:15px/1.5 system-ui,sans-serif;max-width:1000px;margin:2em auto;padding:0 1em;color:#222}
table{border-collapse:collapse;width:100%;font-size:13px}td,th{border-bottom:1px solid #ddd;padding:4px 6px;text-align:left}
tr.bad td,section.bad h2{color:#b00020}section{border-top:2px solid #eee;margin-top:2em}
.meta{color:#666;font-size:13px}.cex{background:#fafafa;border-left:3px solid #b00020;padding:.2em 1em;margin:.5em 0}
figure{margin:1em 0}figcaption{color:#555;font-size:13px;max-width:600px}code{font-size:13px}
.summary{font-size:18px}
table.verdicts{width:auto;margin:.5em 0}table.verdicts td,table.verdicts th{border:1px solid #ddd;vertical-align:top}
td.v-certified{background:#a1d99b}td.v-mixed{background:#d9f0a3}td.v-evidence{background:#f7fcb9}td.v-refuted{background:#fcae91}
td.v-refuted-evidence{background:#fdd49e}td.v-inconclusive{background:#d9d9d9}td.v-not-run{background:#f0f0f0}
figure svg{max-width:100%;height:auto}
#findings{border-top:none}#findings .paper{border-left:4px solid #4a6fa5;padding:.1em 1em;margin:1em 0;background:#f7f9fc}
#findings ol li{margin:.4em 0}.cexline{color:#333}.holds{color:#333}
</style></head><body>
<h1>spurious-minima report</h1>
<p class="summary">${rep.ok ? '✓ Every verdict is as expected.' : '✗ Some verdicts are not as expected.'}</p>
<p class="meta">Generated ${esc(rep.generated)} · profile <code>${esc(rep.profile)}</code> · Node ${esc(rep.node)} · ${rep.claims.length} claims</p>
${findingsHtml(rep)}
${
  rep.tables?.length
    ? `<section id="tables"><h2>Tables from several claims</h2>${rep.tables
        .map(
          (t) =>
            `<div class="vtable" id="${esc(t.id)}"><h3>${esc(t.title)}</h3><p class="meta">${esc(paperLabel(t.paper))}. ${esc(t.caption)}</p><figure class="table-mark">${t.svg}</figure>${verdictTableHtml(t)}</div>`,
        )
        .join('\n')}</section>`
    : ''
}
${experimentsHtml(rep.experiments)}
<h2>All claims</h2>
<table><thead><tr><th>claim</th><th>expected</th><th>verdict</th><th>ok</th><th>checks</th><th>rejected</th><th>time</th><th>seed</th></tr></thead><tbody>
${rep.claims.map(row).join('\n')}
</tbody></table>
<p class="meta">${esc(CHECKS_NOTE)}</p>
${rep.claims.map(section).join('\n')}
</body></html>
`;
}

/** Write report.json, report.md, report.html and the plots' SVG files; returns the folder. */
export function writeReport(rep: Report, dir = reportDir()): string {
  rmSync(join(dir, 'plots'), { recursive: true, force: true }); // no stale plots of claims no longer in the report
  mkdirSync(join(dir, 'plots'), { recursive: true });
  atomicWrite(join(dir, 'report.json'), JSON.stringify(rep, null, 2) + '\n');
  atomicWrite(join(dir, 'report.md'), renderMarkdown(rep));
  atomicWrite(join(dir, 'report.html'), renderHtml(rep));
  for (const c of rep.claims) c.plots.forEach((p, i) => atomicWrite(join(dir, 'plots', `${c.id}-${i + 1}.svg`), p.svg));
  for (const t of rep.tables ?? []) atomicWrite(join(dir, 'plots', `${t.id}.svg`), t.svg);
  for (const e of rep.experiments ?? []) atomicWrite(join(dir, 'plots', `experiment-${e.name}.svg`), e.svg);
  return dir;
}

export function readReport(dir = reportDir()): Report | null {
  const f = join(dir, 'report.json');
  return existsSync(f) ? (JSON.parse(readFileSync(f, 'utf8')) as Report) : null;
}
