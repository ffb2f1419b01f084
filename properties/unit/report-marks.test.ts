// The report's pictures: point, region (shaded polygon) and table marks render to SVG through
// vega-lite + vega in node; equal-aspect axes; tables built from several claims' verdicts (synthetic
// here), never typed in; a claim's plots drawn on several instances.
import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { equalAspectFrame, plotToSvg, vegaLiteSpec } from '../../src/report/plot.js';
import {
  cellOutcome,
  DEFAULT_SAY,
  OUTCOME_COLOURS,
  verdictTable,
  verdictTablePlot,
} from '../../src/report/sections.js';
import { buildReport, claimPlots, renderHtml, renderMarkdown } from '../../src/report/report.js';
import { claimsOf, instanceKind, proved } from '../../src/claims/define.js';
import type { ClaimResult, PlotSpec, VerdictTableSpec } from '../../src/claims/types.js';

const count = (svg: string, role: string) => svg.split(`aria-roledescription="${role}"`).length - 1;

const pointPlot: PlotSpec = {
  title: 'points',
  x: 'w',
  y: 'b',
  series: [],
  points: [
    { name: 'θ', x: [0.5], y: [1], labels: ['θ'] },
    { name: 'θ′', x: [1, 2], y: [0, -1], labels: ['θ′₁', 'θ′₂'] },
  ],
  caption: '',
};

const regionPlot: PlotSpec = {
  title: 'cells',
  x: 'w',
  y: 'b',
  series: [],
  regions: [
    {
      name: 'A',
      polygon: [
        [0, 0],
        [2, 0],
        [2, 1],
      ],
      label: 'cell A',
    },
    {
      name: 'B',
      polygon: [
        [0, 0],
        [2, 1],
        [0, 1],
      ],
    },
    {
      name: 'B',
      polygon: [
        [0, 1],
        [2, 1],
        [2, 3],
        [0, 3],
      ],
    },
  ],
  points: [{ name: 'θ', x: [1], y: [2] }],
  equalAspect: true,
  caption: '',
};

describe('marks', () => {
  // kills: vega's per-process clip-path counter left in the text (a plot drawn after others differs, so shards
  // and workers would write different reports), ids shared by different plots on one HTML page
  it('a plot is the same text whatever was drawn before it; different plots use different clip ids', async () => {
    // a curve is drawn clipped to the frame (a clip path)
    const curve = (ys: number[]): PlotSpec => ({
      title: 'risk',
      x: 't',
      y: 'R',
      series: [{ name: 'R', x: ys.map((_, i) => i), y: ys }],
      caption: '',
    });
    const first = await plotToSvg(curve([1, 0, 1]));
    await plotToSvg(curve([2, 1, 3]));
    const again = await plotToSvg(curve([1, 0, 1]));
    expect(again).toBe(first);
    const ids = (svg: string) => new Set(svg.match(/id="clip[^"]*"/g) ?? []);
    expect(ids(first).size).toBeGreaterThan(0);
    expect(first).toContain(`url(#${[...ids(first)][0].slice(4, -1)})`);
    for (const id of ids(await plotToSvg(curve([2, 1, 3])))) expect(ids(first).has(id)).toBe(false);
  });

  // kills: dropping the points layer or its labels
  it('a point plot draws every point and its label', async () => {
    const svg = await plotToSvg(pointPlot);
    expect(count(svg, 'point')).toBe(3);
    for (const l of ['θ′₁', 'θ′₂']) expect(svg).toContain(l);
  });

  // kills: regions drawn as open lines (no fill), polygons merged by name, a missing label
  it('a region plot draws each polygon filled, and equal aspect makes a unit as long on both axes', async () => {
    const svg = await plotToSvg(regionPlot);
    expect(count(svg, 'line mark')).toBe(3);
    expect((svg.match(/fill-opacity="0.35"/g) ?? []).length).toBe(3);
    expect(svg).toContain('cell A');
    const spec = vegaLiteSpec(regionPlot) as {
      width: number;
      height: number;
      layer: { encoding: { x: { scale: { domain: number[] } }; y: { scale: { domain: number[] } } } }[];
    };
    const { x, y } = spec.layer[0].encoding;
    const pxX = spec.width / (x.scale.domain[1] - x.scale.domain[0]),
      pxY = spec.height / (y.scale.domain[1] - y.scale.domain[0]);
    expect(Math.abs(pxX - pxY) / pxX).toBeLessThan(0.01);
  });

  test.prop([
    fc.array(fc.double({ min: -1e3, max: 1e3, noNaN: true }), { minLength: 1, maxLength: 10 }),
    fc.array(fc.double({ min: -1e3, max: 1e3, noNaN: true }), { minLength: 1, maxLength: 10 }),
  ])('equalAspectFrame: same pixels per unit on both axes, within the size limits, holding every value', (xs, ys) => {
    const f = equalAspectFrame(xs, ys);
    const px = f.width / (f.x[1] - f.x[0]),
      py = f.height / (f.y[1] - f.y[0]);
    expect(Math.abs(px - py) / px).toBeLessThan(1e-9);
    expect(Math.min(f.width, f.height)).toBeGreaterThanOrEqual(60 - 1e-9);
    expect(f.width).toBeLessThanOrEqual(440 + 1e-9);
    expect(f.height).toBeLessThanOrEqual(440 + 1e-9);
    for (const v of xs) expect(v >= f.x[0] && v <= f.x[1]).toBe(true);
    for (const v of ys) expect(v >= f.y[0] && v <= f.y[1]).toBe(true);
  });
});

// A phase-transition table from synthetic verdicts: activation × N, "exists, certified exactly / evidence / none found".
const acts = ['ReLU', 'leaky ReLU', 'tanh'],
  Ns = ['N = 2', 'N = 4', 'N = 8'];
const spec: VerdictTableSpec = {
  id: 'demo.phase',
  paper: 'demo',
  title: 'Spurious minimum exists?',
  caption: 'synthetic',
  rowTitle: 'activation',
  columnTitle: 'N',
  rows: acts,
  columns: Ns,
  cells: acts.flatMap((a, i) => Ns.map((n, j) => ({ row: a, column: n, claim: `demo.${i}.${j}` }))),
  say: { certified: 'exists, certified exactly', evidence: 'exists, evidence', refuted: 'none found' },
};
const result = (id: string, verdict: ClaimResult['verdict'], strength: ClaimResult['strength']): ClaimResult => ({
  id,
  paper: 'demo',
  section: '',
  expected: 'holds',
  verdict,
  strength,
  runs: 5,
  certified: strength === 'proved' ? 5 : 0,
  rejected: 0,
  ms: 1,
  seed: 1,
  counterexamples: [],
  ok: verdict === 'holds',
  summary: '',
  replays: [],
  unreadable: [],
});
const outcomes: [ClaimResult['verdict'], ClaimResult['strength']][] = [
  ['holds', 'proved'],
  ['holds', 'evidence'],
  ['refuted', 'refuted'],
  ['refuted', 'evidence'],
  ['inconclusive', 'inconclusive'],
];

describe('tables from several claims', () => {
  // kills: a cell text not from its claim's verdict, a wrong outcome mapping, a missing claim not marked
  test.prop([
    fc.array(fc.option(fc.integer({ min: 0, max: outcomes.length - 1 }), { nil: undefined }), {
      minLength: 9,
      maxLength: 9,
    }),
  ])('each cell says what its claim’s verdict is, in the table’s words; claims not run say so', (picks) => {
    const results = picks.flatMap((k, c) =>
      k === undefined ? [] : [result(`demo.${Math.floor(c / 3)}.${c % 3}`, ...outcomes[k])],
    );
    const t = verdictTable(spec, results);
    const say = { ...DEFAULT_SAY, ...spec.say };
    t.cells.forEach((row, i) =>
      row.forEach((cell, j) => {
        const r = results.find((x) => x.id === `demo.${i}.${j}`);
        expect(cell!.claim).toBe(`demo.${i}.${j}`);
        expect(cell!.outcome).toBe(cellOutcome(r));
        expect(cell!.text).toBe(say[cellOutcome(r)]);
        if (!r) expect(cell!.text).toBe('not run in this report');
        else if (r.verdict === 'holds' && r.strength === 'proved') expect(cell!.text).toBe('exists, certified exactly');
        else if (r.verdict === 'refuted' && r.strength === 'refuted') expect(cell!.text).toBe('none found');
      }),
    );
    const plot = verdictTablePlot(t);
    expect(plot.table!.cells).toHaveLength(9);
    expect(new Set(plot.table!.levels).size).toBe(plot.table!.levels.length);
    for (const c of plot.table!.cells) expect(plot.table!.levels).toContain(c.level);
    // kills: colours by legend position (a table of only "not run" cells drawn green)
    t.cells
      .flat()
      .forEach((c) =>
        expect(plot.table!.colours![plot.table!.levels.indexOf(c!.text)]).toBe(OUTCOME_COLOURS[c!.outcome]),
      );
  });

  it('renders as a table mark, and the report shows it (SVG, HTML and Markdown tables)', async () => {
    const results = [
      result('demo.0.0', 'holds', 'proved'),
      result('demo.0.1', 'holds', 'evidence'),
      result('demo.1.2', 'refuted', 'refuted'),
    ];
    const svg = await plotToSvg(verdictTablePlot(verdictTable(spec, results)));
    expect(count(svg, 'rect mark')).toBe(9);
    for (const text of ['exists, certified exactly', 'exists, evidence', 'none found', 'not run in this report'])
      expect(svg).toContain(text);
    const rep = await buildReport(results, 'quick', [], [spec]);
    expect(rep.tables).toHaveLength(1);
    const md = renderMarkdown(rep);
    expect(md).toContain('| activation \\ N | N = 2 | N = 4 | N = 8 |');
    expect(md).toContain(
      '| ReLU | exists, certified exactly (`demo.0.0`) | exists, evidence (`demo.0.1`) | not run in this report (`demo.0.2`) |',
    );
    const html = renderHtml(rep);
    expect(html).toContain('<table class="verdicts">');
    expect(html).toContain('class="v-certified"');
    expect(count(html, 'rect mark')).toBe(9);
  });

  it('a cell outside the rows and columns is an error, not a silent blank', () => {
    expect(() => verdictTable({ ...spec, cells: [{ row: 'sigmoid', column: 'N = 2', claim: 'x' }] }, [])).toThrow(
      /outside its rows and columns/,
    );
  });
});

describe('a claim plots several instances', () => {
  // kills: drawing only the first instance
  it('plotInstances.generated instances are each drawn, labelled', async () => {
    const mine = claimsOf({ paper: 'mine', runs: 5 });
    const c = mine.claim({
      id: 'mine.plots',
      section: '§1',
      title: 't',
      statement: 's',
      instance: instanceKind({
        generate: () => fc.integer({ min: 0, max: 1000 }),
        codec: z.number().int(),
        describe: String,
      }),
      check: () => proved(),
      plots: (v) => [{ title: `v = ${v}`, x: 'x', y: 'y', series: [{ name: 'v', x: [0, 1], y: [v, v] }], caption: '' }],
      plotInstances: { saved: 2, generated: 3 },
    });
    process.env.SPURIOUS_COUNTEREXAMPLES = mkdtempSync(join(tmpdir(), 'spurious-plots-')); // nothing saved
    try {
      const plots = await claimPlots(result('mine.plots', 'holds', 'proved'), [c]);
      expect(plots.map((p) => p.instance)).toEqual([1, 2, 3].map((i) => `generated instance ${i} (seed 1)`));
      expect(new Set(plots.map((p) => p.title)).size).toBe(3);
    } finally {
      delete process.env.SPURIOUS_COUNTEREXAMPLES;
    }
  });
});
