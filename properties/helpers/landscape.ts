/** Shared fixtures and checks of the landscape tests (properties/unit/landscape*.test.ts). */
import { Fraction } from 'fraction.js';
import * as P from '../../src/linalg/polynomial.js';
import { curveAt, plantCellMinimum, recheck, type Verdict } from '../../src/landscape/index.js';
import {
  dataset,
  exactRisk,
  fcNetwork,
  linear,
  relu,
  squaredLoss,
  type Dataset,
  type Network,
} from '../../src/model/index.js';
import { rational, toRats } from '../../src/numeric/index.js';

const mse = squaredLoss();

/**
 * Exact check of a refutation witness by plain evaluation, independent of recheck():
 * a descent at a positive t whose risk is strictly below R(θ(0)).
 */
export function witnessLowers(v: Verdict, n: Network, d: Dataset): boolean {
  const e = v.evidence;
  if (e.kind !== 'descent') return false;
  const q = (x: string) => rational.fromString(x);
  const curve = e.curve.map((c) => P.poly(c.map(q)));
  return (
    q(e.t).compare(0) > 0 &&
    exactRisk(n, mse, curveAt(curve, q(e.t)), d).compare(exactRisk(n, mse, curveAt(curve, new Fraction(0)), d)) < 0
  );
}

/** A fixed one-hidden-layer ReLU instance (2-3-1) at a planted cell minimum with nonzero residuals. */
export function plantedFixture(samples = 20): { net: Network; theta: Fraction[]; data: Dataset } {
  const net = fcNetwork([2, 3, 1], relu());
  const theta = toRats(['1', '-1', '1/2', '1', '-1', '-1/3', '1/5', '-1/7', '2/7', '1', '2', '-1', '1/2']);
  const inputs = [
    [1, 0],
    [0, 1],
    [1, 1],
    [2, -1],
    [-1, 2],
    [1, 3],
    [3, 1],
    [-2, -1],
    [2, 2],
    [3, 2],
    [2, 3],
    [4, 1],
    [1, 4],
    [-1, -3],
    [-3, -1],
    [-2, -2],
    [5, 1],
    [1, 5],
    [-1, 1],
    [1, -1],
  ]
    .slice(0, samples)
    .map((r) => toRats(r));
  return { net, theta, data: plantCellMinimum(net, theta, inputs, toRats([1, -2, '1/2', 3])) };
}

/**
 * Liu's one-hidden-layer G3 data: 2-1-1 ReLU without biases, inputs (u, 1) for u = 0, −4, −2, targets 1, −1, 1;
 * and its strict minimum on a cell boundary, θ = (w₁, w₂, z) = (3/10, 6/5, 1): w·x₂ = 0, R = 2/5.
 */
export function liuG3(): { net: Network; data: Dataset; theta: Fraction[] } {
  return {
    theta: toRats(['3/10', '6/5', 1]),
    net: fcNetwork([2, 1, 1], relu(), false),
    data: dataset(
      [
        [0, 1],
        [-4, 1],
        [-2, 1],
      ],
      [[1], [-1], [1]],
    ),
  };
}

/**
 * Every single change of a stored number that the proof or witness rests on is refused by recheck: each
 * coefficient of a descent's risk polynomial, its order, leading coefficient, risk, t and R(θ(t)), each
 * parameter's starting value on the curve; a pattern-class bound's risk and bound, and each group's risk and
 * each map entry that reaches an output (its column is nonzero on some sample of the group). (A re-check that lets one of them through would pass a proof or witness that was never checked.)
 * For every evidence kind, the verdict read under each other strength is refused too. Returns the names of the
 * number changes made, for the caller to count; evidence kinds other than these two get no number changes.
 */
/** Linear regression on a 2-1 linear net: five samples whose least-squares fit is unique (a strict minimum). */
export function linearRegressionFixture(): { net: Network; data: Dataset } {
  const net = fcNetwork([2, 1], linear());
  const data = dataset(
    [
      [0, 1],
      [1, 0],
      [2, 3],
      [-1, 2],
      [3, -1],
    ],
    [[1], [0], [4], [2], [-1]],
  );
  return { net, data };
}

export function everyTamperRefused(v: Verdict, n: Network, th: readonly Fraction[], d: Dataset): string[] {
  const bump = (x: string) => rational.toString(rational.fromString(x).add(1));
  const tries: [string, (e: any) => void][] = [];
  const e = v.evidence as any;
  if (e.kind === 'descent') {
    e.riskPolynomial.forEach((_: string, k: number) =>
      tries.push([`riskPolynomial[${k}]`, (t) => (t.riskPolynomial[k] = bump(t.riskPolynomial[k]))]),
    );
    e.curve.forEach((_: string[], p: number) =>
      tries.push([`curve[${p}][0]`, (t) => (t.curve[p][0] = bump(t.curve[p][0] ?? '0'))]),
    );
    tries.push(['order', (t) => (t.order += 1)]);
    for (const f of ['leadingCoefficient', 'risk', 't', 'riskAtT']) tries.push([f, (t) => (t[f] = bump(t[f]))]);
  } else if (e.kind === 'pattern-class-bound' && e.groups) {
    for (const f of ['risk', 'bound']) tries.push([f, (t) => (t[f] = bump(t[f]))]);
    e.groups.forEach((g: { map: string[][]; samples: number[] }, k: number) => {
      tries.push([`groups[${k}].risk`, (t) => (t.groups[k].risk = bump(t.groups[k].risk))]);
      // an entry whose input column is 0 on every sample of the group changes no output: the map is then still a
      // least-squares minimiser with the same risk, and the proof still holds
      const column = (i: number, j: number) => (j < d.inputs[i].length ? d.inputs[i][j] : new Fraction(1));
      g.map.forEach((row, o) =>
        row.forEach((_, j) => {
          if (g.samples.every((i) => column(i, j).n === 0n)) return;
          tries.push([`groups[${k}].map[${o}][${j}]`, (t) => (t.groups[k].map[o][j] = bump(t.groups[k].map[o][j]))]);
        }),
      );
    });
  }
  // the verdict's strength, with its evidence unchanged: a proof read as a refutation (or as inconclusive) must not
  // re-check (kills: a re-check dispatched on the evidence's kind alone, e.g. `v.strength === 'proved' && …` → `true`)
  for (const s of ['proved', 'refuted', 'inconclusive'] as const) {
    if (s === v.strength) continue;
    if (recheck({ ...v, strength: s }, n, mse, th, d).length === 0)
      throw new Error(`recheck accepted the ${v.strength} verdict read as ${s}`);
  }
  for (const [name, change] of tries) {
    const t = structuredClone(v) as Verdict;
    change(t.evidence);
    if (recheck(t, n, mse, th, d).length === 0) throw new Error(`recheck accepted the verdict with ${name} changed`);
  }
  return tries.map(([name]) => name);
}
