/**
 * Report sections built from several claims' verdicts: a VerdictTableSpec
 * names the claim of each (row, column) cell, and the cell's text and colour
 * come from that claim's verdict in the report — never typed in. Rendered as
 * a table mark (SVG heat map) and as a plain Markdown/HTML table.
 */
import type { CellOutcome, ClaimResult, PlotSpec, TallySpec, VerdictTableSpec } from '../claims/types.js';

/** Default wording per outcome (a table may reword each, e.g. "exists, certified exactly" / "none found"). */
export const DEFAULT_SAY: Record<CellOutcome, string> = {
  certified: 'holds, certified exactly',
  mixed: 'holds, partly certified exactly',
  evidence: 'holds, evidence',
  refuted: 'refuted, exact counterexample',
  'refuted-evidence': 'refuted, float evidence',
  inconclusive: 'inconclusive',
  'not-run': 'not run in this report',
};

/** Cell colours per outcome (the HTML table uses the same, in report.ts's CSS). */
export const OUTCOME_COLOURS: Record<CellOutcome, string> = {
  certified: '#a1d99b',
  mixed: '#d9f0a3',
  evidence: '#f7fcb9',
  refuted: '#fcae91',
  'refuted-evidence': '#fdd49e',
  inconclusive: '#d9d9d9',
  'not-run': '#f0f0f0',
};

/** The legend order: strongest confirmation first, then refutations, then the undecided. */
const ORDER: CellOutcome[] = [
  'certified',
  'mixed',
  'evidence',
  'refuted',
  'refuted-evidence',
  'inconclusive',
  'not-run',
];

type Facts = Pick<ClaimResult, 'id' | 'verdict' | 'strength'> & { certified?: number };

/** The outcome of one claim, as a cell sees it. */
export function cellOutcome(r: Facts | undefined): CellOutcome {
  if (!r) return 'not-run';
  if (r.verdict === 'holds')
    return r.strength === 'proved' ? 'certified' : (r.certified ?? 0) > 0 ? 'mixed' : 'evidence';
  if (r.verdict === 'refuted') return r.strength === 'refuted' ? 'refuted' : 'refuted-evidence';
  return 'inconclusive';
}

export interface VerdictTable extends Omit<VerdictTableSpec, 'cells' | 'say'> {
  /** row-major; null where the spec names no claim */
  cells: ({ claim: string; outcome: CellOutcome; text: string } | null)[][];
}

/** The table of a spec, filled from the results (claims missing from them are "not run"). */
export function verdictTable(spec: VerdictTableSpec, results: readonly Facts[]): VerdictTable {
  const say = { ...DEFAULT_SAY, ...spec.say };
  const byId = new Map(results.map((r) => [r.id, r]));
  for (const c of spec.cells)
    if (!spec.rows.includes(c.row) || !spec.columns.includes(c.column))
      throw new RangeError(`table ${spec.id}: cell (${c.row}, ${c.column}) is outside its rows and columns`);
  const cells = spec.rows.map((row) =>
    spec.columns.map((column) => {
      const c = spec.cells.find((x) => x.row === row && x.column === column);
      if (!c) return null;
      const outcome = cellOutcome(byId.get(c.claim));
      return { claim: c.claim, outcome, text: say[outcome] };
    }),
  );
  const { id, paper, title, caption, rowTitle, columnTitle, rows, columns } = spec;
  return { id, paper, title, caption, rowTitle, columnTitle, rows, columns, cells };
}

/** The table as a PlotSpec with a table mark (legend: the outcomes that occur, strongest first, in this table's words). */
export function verdictTablePlot(t: VerdictTable): PlotSpec {
  const flat = t.cells.flat();
  // the levels are the cells' texts (two outcomes a table words alike share a colour)
  const levels: string[] = [],
    colours: string[] = [];
  for (const o of ORDER)
    for (const c of flat)
      if (c?.outcome === o && !levels.includes(c.text)) {
        levels.push(c.text);
        colours.push(OUTCOME_COLOURS[o]);
      }
  return {
    title: t.title,
    x: t.columnTitle,
    y: t.rowTitle,
    series: [],
    table: {
      rows: t.rows,
      columns: t.columns,
      levels,
      colours,
      cells: t.rows.flatMap((row, i) =>
        t.columns.flatMap((column, j) => {
          const c = t.cells[i][j];
          return c ? [{ row, column, text: c.text, level: c.text }] : [];
        }),
      ),
    },
    caption: t.caption,
  };
}

/** Text for HTML: & < > " escaped (the one escaping of the report). */
export const esc = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** A Markdown table: row title, then one column per column; each cell its text and claim id. */
export function verdictTableMarkdown(t: VerdictTable): string {
  const head = `| ${t.rowTitle} \\ ${t.columnTitle} | ${t.columns.join(' | ')} |`;
  const rule = `|${'---|'.repeat(t.columns.length + 1)}`;
  const body = t.rows.map(
    (row, i) => `| ${row} | ${t.cells[i].map((c) => (c ? `${c.text} (\`${c.claim}\`)` : '')).join(' | ')} |`,
  );
  return [head, rule, ...body].join('\n');
}

/** An HTML table, each cell linking to its claim's section. */
export function verdictTableHtml(t: VerdictTable): string {
  const th = t.columns.map((c) => `<th>${esc(c)}</th>`).join('');
  const rows = t.rows
    .map(
      (row, i) =>
        `<tr><th>${esc(row)}</th>${t.cells[i]
          .map((c) =>
            c
              ? `<td class="v-${c.outcome}">${esc(c.text)}<br><a href="#${esc(c.claim)}"><code>${esc(c.claim)}</code></a></td>`
              : '<td></td>',
          )
          .join('')}</tr>`,
    )
    .join('');
  return `<table class="verdicts"><thead><tr><th>${esc(t.rowTitle)} \\ ${esc(t.columnTitle)}</th>${th}</tr></thead><tbody>${rows}</tbody></table>`;
}

/** A claim's counts as a report table (Claim.tally): its rows in the spec's order, then keys it does not list. */
export interface TallyTable {
  title: string;
  caption: string;
  rows: { label: string; count: number; share?: string }[];
}

export function tallyTable(spec: TallySpec, tally: Readonly<Record<string, number>>): TallyTable {
  const listed = new Set(spec.rows.map((r) => r.key));
  const row = (key: string, label: string, of = spec.total) => {
    const count = tally[key] ?? 0;
    const whole = of === undefined ? 0 : (tally[of] ?? 0);
    return whole > 0 && key !== of
      ? { label, count, share: `${((100 * count) / whole).toFixed(1)} %` }
      : { label, count };
  };
  return {
    title: spec.title,
    caption: spec.caption,
    rows: [
      ...spec.rows.map((r) => row(r.key, r.label, r.of ?? spec.total)),
      ...Object.keys(tally)
        .filter((k) => !listed.has(k))
        .sort()
        .map((k) => row(k, k)),
    ],
  };
}

export function tallyMarkdown(t: TallyTable): string {
  return [
    `**${t.title}**`,
    '',
    '| what | count | share |',
    '|---|---|---|',
    ...t.rows.map((r) => `| ${r.label} | ${r.count} | ${r.share ?? ''} |`),
    '',
    `*${t.caption}*`,
  ].join('\n');
}

export function tallyHtml(t: TallyTable): string {
  return `<div class="tally"><p><b>${esc(t.title)}</b></p><table class="verdicts"><thead><tr><th>what</th><th>count</th><th>share</th></tr></thead><tbody>${t.rows
    .map((r) => `<tr><td>${esc(r.label)}</td><td>${r.count}</td><td>${r.share ?? ''}</td></tr>`)
    .join('')}</tbody></table><p class="meta">${esc(t.caption)}</p></div>`;
}
