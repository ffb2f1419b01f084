/**
 * What the generic negative controls share: the network family, the lower-point
 * search and its re-check, and the risk plot along a segment.
 */
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import type { Fraction } from 'fraction.js';
import { describeEffort, lowerPointSearch, type LowerPoint } from '../../landscape/global.js';
import { slice1d } from '../../landscape/probes.js';
import { recheckLowerPoint } from '../../landscape/recheck.js';
import { relu } from '../../model/activation.js';
import type { Dataset } from '../../model/data.js';
import { squaredLoss } from '../../model/loss.js';
import { fcNetwork, type Network } from '../../model/network.js';
import { canonical } from '../../store/counterexamples.js';
import { dataTable, netSummary } from '../codec.js';
import type { Json, PlotSpec } from '../types.js';

/** Squared loss, mean over samples, no ½ (the controls' risk). */
export const mse = squaredLoss();

/** One-hidden-layer ReLU nets [d0, K, 1] with biases, d0 ≤ 2, K ≤ 3. */
export const reluNet = fc
  .record({ d0: fc.integer({ min: 1, max: 2 }), K: fc.integer({ min: 1, max: 3 }) })
  .map(({ d0, K }) => fcNetwork([d0, K, 1], relu()));

/** Parameters of the largest net reluNet draws ([2, 3, 1]). */
export const MAX_P = 2 * 3 + 3 + 3 + 1;

/** A seed derived from the instance, so the lower-point search is deterministic per instance. */
const seedOf = (j: Json) => createHash('sha256').update(canonical(j)).digest().readInt32LE(0);

/**
 * A parameter point with exactly lower risk than `below` (lowerPointSearch: the interpolating construction,
 * the cells next to `from`, float Adam from seeded starts, random cells; exact judge), re-checked independently
 * before it may refute anything; `effort` says in words what was tried up to it.
 */
export function lowerPoint(
  net: Network,
  data: Dataset,
  below: Fraction,
  instance: Json,
  from?: readonly Fraction[],
): (LowerPoint & { effort: string }) | null {
  const s = lowerPointSearch(net, mse, data, below, { seed: seedOf(instance), starts: 4, steps: 200, from });
  if (!s.point) return null;
  const errs = recheckLowerPoint(net, mse, data, s.point, below);
  if (errs.length) throw new Error(`internal: the lower point does not stand: ${errs.join('; ')}`);
  return { ...s.point, effort: describeEffort(s.point.tried, 200) };
}

/** The network and the data as text. */
export const netAndData = (net: Network, data: Dataset): string =>
  `network:\n${netSummary(net)}\ndata (${data.inputs.length} samples):\n${dataTable(data)}`;

/** The float risk along the segment from one point to another, for the report. */
export function segmentPlot(
  net: Network,
  data: Dataset,
  from: Fraction[],
  to: Fraction[],
  title: string,
  caption: string,
  names: [string, string],
): PlotSpec {
  const d = to.map((x, k) => x.valueOf() - from[k].valueOf());
  const ts = Array.from({ length: 61 }, (_, i) => -0.25 + (1.5 * i) / 60);
  const s = slice1d(net, mse, from, d, ts, data);
  return {
    title,
    x: `t (θ(t) = ${names[0]} + t·(${names[1]} − ${names[0]}))`,
    y: 'risk R',
    series: [{ name: 'R(θ(t))', x: s.t, y: s.risk }],
    caption,
  };
}
