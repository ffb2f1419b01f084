/**
 * A PlotSpec as a vega-lite spec, and as SVG through vega's headless
 * renderer (no browser, no network). Marks: lines (`series`), points with
 * labels, shaded polygons (`regions`, e.g. cells in a weight plane, drawn as
 * closed filled lines), and a table mark (a categorical heat map of rect and
 * text). `equalAspect` gives x and y the same scale per pixel.
 */
import { createHash } from 'node:crypto';
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import type { PlotSpec, TableMark } from '../claims/types.js';

const WIDTH = 520;
const HEIGHT = 260;
/** colours of the table levels, in order (a colour-blind-safe sequence: strong to weak, then greys) */
const LEVEL_COLOURS = ['#1a9850', '#91cf60', '#fee08b', '#d73027', '#fc8d59', '#bdbdbd', '#f0f0f0'];

/**
 * Axis domains and plot size with one unit on x as long as one on y: the
 * longer span gets the full width or height; a much shorter span is widened
 * (about its centre) to at least `minSide` pixels, keeping the scale.
 */
export function equalAspectFrame(
  xs: number[],
  ys: number[],
  maxWidth = 440,
  maxHeight = 440,
  minSide = 60,
): { x: [number, number]; y: [number, number]; width: number; height: number } {
  const span = (v: number[]): [number, number] => {
    const lo = Math.min(...v),
      hi = Math.max(...v);
    const tiny = 1e-9 * Math.max(1, Math.abs(lo), Math.abs(hi));
    const pad = hi - lo > tiny ? (hi - lo) * 0.05 : 1;
    return [lo - pad, hi + pad];
  };
  let x = span(xs),
    y = span(ys);
  const scale = Math.min(maxWidth / (x[1] - x[0]), maxHeight / (y[1] - y[0])); // pixels per unit, equal on both axes
  const widen = (d: [number, number]): [number, number] => {
    const need = minSide / scale;
    if (d[1] - d[0] >= need) return d;
    const c = (d[0] + d[1]) / 2;
    return [c - need / 2, c + need / 2];
  };
  x = widen(x);
  y = widen(y);
  return { x, y, width: scale * (x[1] - x[0]), height: scale * (y[1] - y[0]) };
}

/** Words of `s` in lines of at most `width` characters (a longer word gets a line of its own). */
export function wrapText(s: string, width: number): string[] {
  const lines: string[] = [];
  for (const w of s.split(/\s+/).filter(Boolean)) {
    const last = lines.length ? lines[lines.length - 1] : null;
    if (last !== null && last.length + 1 + w.length <= width) lines[lines.length - 1] = `${last} ${w}`;
    else lines.push(w);
  }
  return lines.length ? lines : [''];
}

function tableSpec(p: PlotSpec, t: TableMark): TopLevelSpec {
  const colours = t.colours ?? t.levels.map((_, i) => LEVEL_COLOURS[i % LEVEL_COLOURS.length]);
  const cellW = Math.max(140, Math.min(260, 900 / Math.max(1, t.columns.length)));
  const perLine = Math.floor((cellW - 12) / 6); // about 6 px per character at font size 11
  const values = t.cells.map((c) => ({
    row: c.row,
    column: c.column,
    lines: wrapText(c.text, perLine),
    level: c.level,
  }));
  const maxLines = Math.max(1, ...values.map((v) => v.lines.length));
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: p.title,
    width: cellW * t.columns.length,
    height: (14 * maxLines + 14) * t.rows.length,
    data: { values },
    encoding: {
      x: {
        field: 'column',
        type: 'nominal',
        sort: t.columns,
        scale: { domain: t.columns },
        title: p.x,
        axis: { orient: 'top', labelAngle: 0, labelLimit: cellW },
      },
      y: {
        field: 'row',
        type: 'nominal',
        sort: t.rows,
        scale: { domain: t.rows },
        title: p.y,
        axis: { labelLimit: 240 },
      },
    },
    layer: [
      {
        mark: { type: 'rect', stroke: 'white', strokeWidth: 2 },
        encoding: {
          color: {
            field: 'level',
            type: 'nominal',
            scale: { domain: t.levels, range: colours },
            title: null,
            legend: { orient: 'bottom', direction: 'vertical', labelLimit: 480 },
          },
        },
      },
      {
        mark: { type: 'text', fontSize: 11, lineHeight: 14, baseline: 'middle' },
        encoding: { text: { field: 'lines' } },
      },
    ],
  };
}

/** The vega-lite spec of a plot. */
export function vegaLiteSpec(p: PlotSpec): TopLevelSpec {
  if (p.table) return tableSpec(p, p.table);
  const regions = p.regions ?? [],
    points = p.points ?? [];
  const allX = [
    ...p.series.flatMap((s) => s.x),
    ...points.flatMap((s) => s.x),
    ...regions.flatMap((r) => r.polygon.map((v) => v[0])),
  ];
  const allY = [
    ...p.series.flatMap((s) => s.y),
    ...points.flatMap((s) => s.y),
    ...regions.flatMap((r) => r.polygon.map((v) => v[1])),
  ];
  const frame = p.equalAspect && allX.length ? equalAspectFrame(allX, allY) : null;
  const x = {
    field: 'x',
    type: 'quantitative' as const,
    title: p.x,
    ...(frame ? { scale: { domain: frame.x, nice: false, zero: false } } : {}),
  };
  const y = {
    field: 'y',
    type: 'quantitative' as const,
    title: p.y,
    scale: frame ? { domain: frame.y, nice: false, zero: false } : { zero: false },
  };
  const layer: NonNullable<Extract<TopLevelSpec, { layer: unknown }>['layer']> = [];
  if (regions.length) {
    const values = regions.flatMap((r, k) => r.polygon.map(([px, py], i) => ({ x: px, y: py, i, k, region: r.name })));
    layer.push({
      data: { values },
      mark: { type: 'line', interpolate: 'linear-closed', fillOpacity: 0.35, strokeWidth: 1 },
      encoding: {
        x,
        y,
        order: { field: 'i', type: 'quantitative' },
        detail: { field: 'k', type: 'nominal' },
        fill: {
          field: 'region',
          type: 'nominal',
          title: null,
          legend: { labelLimit: 320, symbolType: 'square', symbolOpacity: 0.6, symbolStrokeColor: '#555' },
        },
        stroke: { value: '#555' },
      },
    });
    const labels = regions
      .filter((r) => r.label)
      .map((r) => {
        const n = r.polygon.length;
        return {
          x: r.polygon.reduce((a, v) => a + v[0], 0) / n,
          y: r.polygon.reduce((a, v) => a + v[1], 0) / n,
          text: r.label!,
        };
      });
    if (labels.length)
      layer.push({
        data: { values: labels },
        mark: { type: 'text', fontSize: 10, color: '#333' },
        encoding: { x, y, text: { field: 'text' } },
      });
  }
  if (p.series.length)
    layer.push({
      data: { values: p.series.flatMap((s) => s.x.map((xv, i) => ({ x: xv, y: s.y[i], series: s.name }))) },
      mark: { type: 'line', point: false, clip: true },
      encoding: { x, y, color: { field: 'series', type: 'nominal', title: null, legend: { labelLimit: 320 } } },
    });
  if (points.length) {
    const values = points.flatMap((s) =>
      s.x.map((xv, i) => ({ x: xv, y: s.y[i], points: s.name, label: s.labels?.[i] ?? '' })),
    );
    layer.push({
      data: { values },
      mark: { type: 'point', filled: true, size: 70, color: '#222' },
      encoding: { x, y, shape: { field: 'points', type: 'nominal', title: null, legend: { labelLimit: 320 } } },
    });
    if (values.some((v) => v.label))
      layer.push({
        data: { values: values.filter((v) => v.label) },
        mark: { type: 'text', align: 'left', dx: 7, dy: -7, fontSize: 11 },
        encoding: { x, y, text: { field: 'label' } },
      });
  }
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    width: frame?.width ?? WIDTH,
    height: frame?.height ?? HEIGHT,
    title: p.title,
    layer,
    resolve: { scale: { color: 'independent', fill: 'independent', shape: 'independent' } },
  };
}

/** The plot as a standalone SVG string. */
export async function plotToSvg(p: PlotSpec): Promise<string> {
  const view = new vega.View(vega.parse(compile(vegaLiteSpec(p)).spec), { renderer: 'none' });
  const svg = await view.toSVG();
  view.finalize();
  return stableClipIds(svg);
}

/**
 * Vega names clip paths clip1, clip2, … from one counter per process, so the
 * same plot drawn after other plots (in another shard, another worker) would
 * differ. The ids are renamed per plot: clip-<hash of the plot with its ids
 * blanked>-<k>, k counting from 1 in the order they appear. Equal plots get
 * equal text; different plots inlined in one HTML page never share an id.
 */
export function stableClipIds(svg: string): string {
  const CLIP = /(url\(#|id=")clip(\d+)/g;
  const hash = createHash('sha256').update(svg.replace(CLIP, '$1clip')).digest('hex').slice(0, 10);
  const ids = new Map<string, number>();
  return svg.replace(CLIP, (_, pre: string, n: string) => {
    if (!ids.has(n)) ids.set(n, ids.size + 1);
    return `${pre}clip-${hash}-${ids.get(n)}`;
  });
}
