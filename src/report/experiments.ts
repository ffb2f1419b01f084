/**
 * The report's experiment sections (issue 19): what was run, the exact
 * numbers as a table, the plot, the seed and the backend. `spurious
 * experiment <name>` adds or replaces one in reports/latest/; `verify` keeps
 * them when it writes the report again.
 */
import type { ExperimentResult } from '../experiments/types.js';
import { plotToSvg } from './plot.js';
import { esc } from './sections.js';

export interface ReportExperiment extends ExperimentResult {
  svg: string;
}

export async function reportExperiment(r: ExperimentResult): Promise<ReportExperiment> {
  return { ...r, svg: await plotToSvg(r.plot) };
}

/** The experiments of a report, replacing one of the same name, in name order. */
export function withExperiment(list: readonly ReportExperiment[] | undefined, e: ReportExperiment): ReportExperiment[] {
  return [...(list ?? []).filter((x) => x.name !== e.name), e].sort((a, b) => a.name.localeCompare(b.name));
}

const meta = (e: ReportExperiment) =>
  `\`spurious experiment ${e.name} --seed ${e.seed}\` (${e.size} size), ${e.backend}; ${(e.ms / 1000).toFixed(1)} s`;

export function experimentsMarkdown(list: readonly ReportExperiment[] | undefined): string[] {
  if (!list?.length) return [];
  const out = ['## Experiments', ''];
  for (const e of list)
    out.push(
      `### ${e.title}`,
      '',
      meta(e),
      '',
      e.what,
      '',
      `| ${e.table.columns.join(' | ')} |`,
      `|${e.table.columns.map(() => '---').join('|')}|`,
      ...e.table.rows.map((r) => `| ${r.join(' | ')} |`),
      '',
      `**${e.summary}**`,
      '',
      `![${e.plot.title}](plots/experiment-${e.name}.svg)`,
      '',
      `*${e.plot.caption}*`,
      '',
    );
  return out;
}

export function experimentsHtml(list: readonly ReportExperiment[] | undefined): string {
  if (!list?.length) return '';
  return `<section id="experiments"><h2>Experiments</h2>${list
    .map(
      (e) => `<div class="experiment" id="experiment-${esc(e.name)}"><h3>${esc(e.title)}</h3>
<p class="meta">${esc(meta(e))}</p><p>${esc(e.what)}</p>
<table class="verdicts"><thead><tr>${e.table.columns.map((c) => `<th>${esc(c)}</th>`).join('')}</tr></thead><tbody>${e.table.rows
        .map((r) => `<tr>${r.map((v) => `<td>${esc(String(v))}</td>`).join('')}</tr>`)
        .join('')}</tbody></table>
<p><b>${esc(e.summary)}</b></p><figure>${e.svg}<figcaption>${esc(e.plot.caption)}</figcaption></figure></div>`,
    )
    .join('\n')}</section>`;
}
