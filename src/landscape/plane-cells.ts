/**
 * The activation cells of a piecewise-linear network cut by a plane of
 * parameters, θ + a·d1 + b·d2, as polygons — for pictures of cells in a
 * weight plane (float64; the exact numbers decide elsewhere).
 *
 * When both directions move the parameters of ONE layer only, every
 * pre-activation is affine in (a, b) once the pieces of the earlier layers are
 * fixed: the directions change layer l's weights and biases linearly, and the
 * layers before and after it are fixed matrices applied to outputs that are
 * affine inside a cell. So the cells are convex polygons, found layer by layer
 * by cutting each polygon with the lines z(a, b) = breakpoint of every unit
 * and sample (pieces of the earlier layers forced to the polygon's own, which
 * gives the affine formula of z on the polygon from three evaluations).
 */
import type { Fraction } from 'fraction.js';
import { dataTensors, type Dataset } from '../model/data.js';
import type { Network } from '../model/network.js';
import { forward, type ForcedPieces } from '../model/passes.js';
import { floatBackend } from '../numeric/float-backend.js';

export type Vertex = [number, number];

export interface PlaneCell {
  /** the cell ∩ the box, a convex polygon in (a, b), vertices counter-clockwise */
  polygon: Vertex[];
  /** piece index per (piecewise-linear layer, unit, sample): `pieces[l][unit·N + sample]`, null for other layers */
  pieces: (Int32Array | null)[];
}

/** The parameter indices of one layer (weights and bias). */
function layerParams(net: Network, layer: number): Set<number> {
  const l = net.layers[layer];
  const out = new Set<number>();
  if (l.weightOffset !== null) for (let i = 0; i < l.outDim * l.inDim; i++) out.add(l.weightOffset + i);
  else if (l.weightIndex) for (const i of l.weightIndex) if (i >= 0) out.add(i);
  if (l.biasIndex) for (const i of l.biasIndex) out.add(i);
  return out;
}

const area = (p: Vertex[]) =>
  Math.abs(p.reduce((s, v, i) => s + v[0] * p[(i + 1) % p.length][1] - p[(i + 1) % p.length][0] * v[1], 0)) / 2;

/** The parts of convex `p` where f ≤ 0 and f ≥ 0, f(a, b) = c0 + ca·a + cb·b (Sutherland–Hodgman on one line). */
function cut(p: Vertex[], c0: number, ca: number, cb: number): [Vertex[], Vertex[]] {
  const f = (v: Vertex) => c0 + ca * v[0] + cb * v[1];
  const lo: Vertex[] = [],
    hi: Vertex[] = [];
  for (let i = 0; i < p.length; i++) {
    const u = p[i],
      w = p[(i + 1) % p.length];
    const fu = f(u),
      fw = f(w);
    if (fu <= 0) lo.push(u);
    if (fu >= 0) hi.push(u);
    if ((fu < 0 && fw > 0) || (fu > 0 && fw < 0)) {
      const t = fu / (fu - fw);
      const x: Vertex = [u[0] + t * (w[0] - u[0]), u[1] + t * (w[1] - u[1])];
      lo.push(x);
      hi.push(x);
    }
  }
  return [lo, hi];
}

const centroid = (p: Vertex[]): Vertex => [
  p.reduce((s, v) => s + v[0], 0) / p.length,
  p.reduce((s, v) => s + v[1], 0) / p.length,
];

/**
 * The cells of `net` on `data` in the plane θ + a·d1 + b·d2 over the box
 * a ∈ [a0, a1], b ∈ [b0, b1]. Throws a RangeError unless d1 and d2 move the
 * parameters of one layer only (the case in which the cells are polygons).
 * Polygons thinner than `minArea` (relative to the box) are dropped.
 */
export function planeCells(
  net: Network,
  theta: readonly (Fraction | number)[],
  d1: ArrayLike<number>,
  d2: ArrayLike<number>,
  data: Dataset,
  box: { a: [number, number]; b: [number, number] },
  minArea = 1e-9,
): PlaneCell[] {
  const P = net.paramCount;
  if (theta.length !== P || d1.length !== P || d2.length !== P)
    throw new RangeError(`θ and both directions need ${P} entries`);
  const moved = [...Array(P).keys()].filter((i) => d1[i] !== 0 || d2[i] !== 0);
  const owner = net.layers.findIndex((_, l) => {
    const own = layerParams(net, l);
    return moved.every((i) => own.has(i));
  });
  if (moved.length === 0 || owner < 0)
    throw new RangeError('planeCells: the directions must move the parameters of one layer only');
  const be = floatBackend;
  const { X } = dataTensors(be, net, data);
  const th = theta.map((x) => (typeof x === 'number' ? x : x.valueOf()));
  const point = (a: number, b: number) =>
    be.fromNumbers(
      P,
      1,
      th.map((x, i) => x + a * d1[i] + b * d2[i]),
    );
  const boxArea = (box.a[1] - box.a[0]) * (box.b[1] - box.b[0]);
  let cells: PlaneCell[] = [
    {
      polygon: [
        [box.a[0], box.b[0]],
        [box.a[1], box.b[0]],
        [box.a[1], box.b[1]],
        [box.a[0], box.b[1]],
      ],
      pieces: net.layers.map(() => null),
    },
  ];
  for (const [l, layer] of net.layers.entries()) {
    if (layer.identity || layer.activation.kind !== 'pwl') continue;
    const bps = layer.activation.breakpoints.map((t) => t.valueOf());
    const next: PlaneCell[] = [];
    for (const cell of cells) {
      // z of layer l is affine on this cell: evaluate with the earlier layers' pieces forced to the cell's own
      const forced: ForcedPieces = cell.pieces.slice(0, l);
      const pre = (a: number, b: number) => be.toNumbers(forward(be, net, point(a, b), X, false, forced).layers[l].pre);
      const z0 = pre(0, 0),
        za = pre(1, 0),
        zb = pre(0, 1);
      let parts = [cell.polygon];
      for (let e = 0; e < z0.length; e++)
        for (const t of bps) {
          const c0 = z0[e] - t,
            ca = za[e] - z0[e],
            cb = zb[e] - z0[e];
          if (ca === 0 && cb === 0) continue;
          parts = parts.flatMap((p) => cut(p, c0, ca, cb)).filter((p) => p.length >= 3 && area(p) > minArea * boxArea);
        }
      for (const polygon of parts) {
        const [ca, cb] = centroid(polygon);
        const piece = new Int32Array(z0.length);
        for (let e = 0; e < z0.length; e++) {
          const z = z0[e] + ca * (za[e] - z0[e]) + cb * (zb[e] - z0[e]);
          piece[e] = bps.filter((t) => z > t).length;
        }
        const pieces = cell.pieces.slice();
        pieces[l] = piece;
        next.push({ polygon, pieces });
      }
    }
    cells = next;
  }
  return cells;
}
