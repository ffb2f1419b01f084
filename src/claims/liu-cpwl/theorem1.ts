/**
 * Liu (2022) Theorem 1 (§5, proof §6.1.6–6.1.7) in the note's corrected form
 * D3: with distinct inputs and Assumption 1, the smallest architecture (two
 * hidden layers of width 2 d_y) has a spurious local minimum — the embedded
 * best affine fit (net A, certified) — shown spurious by a ridge that isolates
 * an extreme sample in the same architecture (net C, exactly lower).
 */
import fc from 'fast-check';
import { Fraction } from 'fraction.js';
import { z } from 'zod';
import { detectNotAffine, notAffinelyFittable } from '../../gen/data.js';
import { duplicateInputsBound } from '../../landscape/global-bounds.js';
import { sum } from '../../numeric/rational.js';
import { patternClassBound } from '../../landscape/certificates.js';
import { exactRisk } from '../../model/exact.js';
import { isolatingRidge, netA, netC, toNetwork, widthsOf } from '../../papers/liu-cpwl/index.js';
import { dataTable, encQ } from '../codec.js';
import { asJson, instanceKind, proved, refuted, supported } from '../define.js';
import { datasetCodec } from '../schema.js';
import type { Outcome } from '../types.js';
import type { Dataset } from '../../model/data.js';
import { dataPoints, detectPartition, functionOnGrid, partitionArbitrary, partitions } from './instances.js';
import { liuCpwl, mse } from './paper.js';

interface Data1d {
  data: Dataset;
}

const data1d = instanceKind<Data1d>({
  generate: () => partitionArbitrary(1).map((p) => ({ data: p.data })),
  detect: (v) => detectPartition({ data: v.data, cuts: [] }),
  codec: z.object({ data: datasetCodec }),
  describe: (v) => dataTable(v.data),
  hypotheses: (partitions.hypotheses ?? []).slice(0, 2),
});

export const theorem1Corrected = liuCpwl.claim({
  id: 'liu-cpwl.theorem1.corrected',
  section: 'Theorem 1 (§5.1), proofs §6.1.5–6.1.7, with distinct inputs added (ours)',
  title:
    'Theorem 1 with distinct inputs: the embedded best affine fit is a spurious local minimum of a 1-2-2-1 ReLU network',
  statement:
    'For one-dimensional data with distinct inputs that no affine map fits exactly (Assumption 1), the 1-2-2-1 ReLU network (two hidden layers of width 2·d_y) has a local minimum that is not global: the best affine fit f_0 embedded with every unit active (net A) is certified a local minimum, and net C, f_0 plus a ridge that switches on at an extreme sample, in the same architecture, has risk R(A) − φ²/(N·Σσ_i²) < R(A), where φ = Σ r_i σ_i correlates the residual with the ridge. Checked exactly.',
  instance: data1d,
  check: (v): Outcome => {
    const xs = v.data.inputs.map((x) => x[0]);
    const ys = v.data.targets.map((y) => y[0]);
    const A = toNetwork(netA(xs, ys));
    const certA = patternClassBound(A.net, mse, A.theta, v.data);
    if (certA.strength !== 'proved')
      return refuted(
        'net A (the embedded best affine fit) is a certified local minimum',
        `the pattern-class certificate says ${certA.strength}: ${certA.summary}`,
        asJson(certA),
      );
    const ridge = isolatingRidge(xs, ys);
    if (!ridge)
      return refuted(
        'some ridge has φ ≠ 0 (Assumption 1)',
        'every ridge at a midpoint between sorted inputs has φ = 0',
      );
    const wC = netC(xs, ys, ridge);
    const C = toNetwork(wC);
    const rA = exactRisk(A.net, mse, A.theta, v.data);
    const rC = exactRisk(C.net, mse, C.theta, v.data);
    const want = rA.sub(ridge.phi.mul(ridge.phi).div(ridge.norm.mul(xs.length)));
    if (widthsOf(wC).join('-') !== '1-2-2-1' || !rC.equals(want) || rC.compare(rA) >= 0)
      return refuted(
        'net C, in the same 1-2-2-1 architecture, has R(C) = R(A) − φ²/(N Σσ²) < R(A)',
        `net C ${widthsOf(wC).join('-')}: R(C) = ${encQ(rC)}, R(A) = ${encQ(rA)}, R(A) − φ²/(N Σσ²) = ${encQ(want)}`,
        { riskA: encQ(rA), riskC: encQ(rC), predicted: encQ(want) },
      );
    return proved();
  },
  plots: (v) => {
    const xs = v.data.inputs.map((x) => x[0]);
    const ys = v.data.targets.map((y) => y[0]);
    const ridge = isolatingRidge(xs, ys);
    if (!ridge) return [];
    const A = toNetwork(netA(xs, ys)),
      C = toNetwork(netC(xs, ys, ridge));
    const lo = xs[0].sub(1),
      hi = xs[xs.length - 1].add(1);
    const rA = exactRisk(A.net, mse, A.theta, v.data),
      rC = exactRisk(C.net, mse, C.theta, v.data);
    return [
      {
        title: 'A certified local minimum of the 1-2-2-1 network, and a lower point of the same network',
        x: 'x',
        y: 'y, network output',
        series: [
          {
            name: `net A: the best affine fit, R = ${encQ(rA)} (certified local minimum)`,
            ...functionOnGrid(A.net, A.theta, lo, hi),
          },
          {
            name: `net C: plus a ridge at x = ${encQ(ridge.threshold)}, R = ${encQ(rC)}`,
            ...functionOnGrid(C.net, C.theta, lo, hi),
          },
        ],
        points: [dataPoints(v.data)],
        caption: `The samples, the function of net A (the embedded least-squares line, every hidden unit active: a local minimum certified exactly by the pattern-class bound) and that of net C in the same architecture (the line plus t·σ(${ridge.side > 0 ? 'x − θ' : 'θ − x'}), t = ${encQ(ridge.t)}, switched on at an extreme sample). R(C) = R(A) − φ²/(N·Σσ²) < R(A), exactly: A is a spurious local minimum. Curves are exact outputs at 121 points of D, drawn as lines.`,
      },
    ];
  },
  plotInstances: { saved: 0, generated: 2 },
});

// ── Theorem 1 as printed (existential), and on repeated inputs ─────────────

interface Data1dRepeated {
  data: Dataset;
}

const repeatedInputs = instanceKind<Data1dRepeated>({
  // m distinct input values (m = 1: all inputs equal), N samples assigned to them
  generate: () =>
    fc
      .record({
        values: fc.uniqueArray(fc.integer({ min: -8, max: 8 }), { minLength: 4, maxLength: 4 }),
        m: fc.integer({ min: 1, max: 4 }),
        pick: fc.array(fc.nat({ max: 3 }), { minLength: 3, maxLength: 8 }),
        ys: fc.array(fc.integer({ min: -8, max: 8 }), { minLength: 8, maxLength: 8 }),
      })
      .map(({ values, m, pick, ys }) => {
        const xs = pick.map((p) => [new Fraction(values[p % m], 4)]).sort((a, b) => a[0].compare(b[0]));
        return {
          data: notAffinelyFittable(
            xs,
            ys.slice(0, xs.length).map((y) => [new Fraction(y, 4)]),
          ),
        };
      }),
  detect: (v) =>
    v.data.inputs.some((x) => x.length !== 1) ? 'the inputs are not one-dimensional' : detectNotAffine(v.data),
  codec: z.object({ data: datasetCodec }),
  describe: (v) => dataTable(v.data),
  hypotheses: [
    'one-dimensional inputs, repeats allowed (all equal included)',
    'Assumption 1: the targets are not fitted exactly by one affine map',
  ],
});

/**
 * The note's D4, checked on the data: all inputs equal x̄, so every network outputs one value a at every
 * sample and R = (1/N) Σ (a − y_i)², which equals B + (a − ȳ)² with B the within-duplicate bound (a data-only
 * global lower bound). With a free output bias (∂a/∂b^L = 1), every local minimum has ∂R/∂b^L = 2(a − ȳ) = 0,
 * hence R = B: every local minimum is global. Returns the numbers, or null when the inputs are not all equal.
 */
function allEqualArgument(data: Dataset): { x: Fraction; mean: Fraction; bound: Fraction } | null {
  const x = data.inputs[0][0];
  if (data.inputs.some((r) => !r[0].equals(x))) return null;
  const ys = data.targets.map((y) => y[0]);
  const N = ys.length;
  const mean = sum(ys).div(N);
  const bound = duplicateInputsBound(data, mse);
  // (1/N) Σ (a − y_i)² = a² − 2ȳa + (1/N) Σ y_i²  vs  B + (a − ȳ)² = a² − 2ȳa + (B + ȳ²): compare the constants
  const lhs = sum(ys.map((y) => y.mul(y))).div(N);
  if (!lhs.equals(bound.add(mean.mul(mean)))) throw new Error('internal: R(a) ≠ B + (a − ȳ)² on equal inputs');
  return { x, mean, bound };
}

export const theorem1Printed = liuCpwl.claim({
  id: 'liu-cpwl.theorem1.printed',
  section: 'Theorem 1 (§5.1)',
  title:
    'Theorem 1 as printed: every dataset meeting Assumption 1 gives a 1-2-2-1 ReLU network a spurious local minimum',
  statement:
    'For every dataset satisfying Assumption 1, the empirical risk of a fully connected ReLU network with two hidden layers of width 2·d_y has a spurious local minimum (here d_x = d_y = 1). Checked on one-dimensional data with repeated inputs allowed: exhibited (a certified local minimum and an exactly lower point in the same architecture, as in the corrected claim) when the construction applies; refuted when every local minimum of every network with a free output bias is global, by an argument checked exactly on the data (all inputs equal: R = B + (a − ȳ)² with B the data-only within-duplicate bound).',
  instance: repeatedInputs,
  expected: 'refuted',
  correctedBy: 'liu-cpwl.theorem1.corrected',
  check: (v): Outcome => {
    const arg = allEqualArgument(v.data);
    if (arg)
      return refuted(
        'a spurious local minimum exists (Theorem 1)',
        `all ${v.data.inputs.length} inputs equal x = ${encQ(arg.x)} and the targets are not all equal (Assumption 1 holds), so every network outputs one value a at every sample and R = ${encQ(arg.bound)} + (a − ${encQ(arg.mean)})², where ${encQ(arg.bound)} is the within-duplicate lower bound of every network’s risk; the output bias moves a freely, so every local minimum has a = ${encQ(arg.mean)} and R = ${encQ(arg.bound)}: it is global, and no spurious local minimum exists`,
        { x: encQ(arg.x), mean: encQ(arg.mean), bound: encQ(arg.bound) },
      );
    const xs = v.data.inputs.map((x) => x[0]);
    const ys = v.data.targets.map((y) => y[0]);
    const A = toNetwork(netA(xs, ys));
    const ridge = isolatingRidge(xs, ys);
    if (!ridge || patternClassBound(A.net, mse, A.theta, v.data).strength !== 'proved') return supported();
    const C = toNetwork(netC(xs, ys, ridge));
    return exactRisk(C.net, mse, C.theta, v.data).compare(exactRisk(A.net, mse, A.theta, v.data)) < 0
      ? proved()
      : supported();
  },
});
