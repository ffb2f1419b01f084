/**
 * Ding, Li & Sun (2019) §4.1, Theorem 2 and Corollary 2 (Appendix C, eqs.
 * 55–60): activations with a linear piece (ReLU, leaky ReLU, random
 * piecewise-linear). The point reproducing the best affine fit is a local
 * minimum with E = ‖Y − YP‖² > 0, and sub-optimal where the net fits the data.
 * And our variant for a constant piece (ReLU with a dead first layer).
 */
import fc from 'fast-check';
import type { Fraction } from 'fraction.js';
import { z } from 'zod';
import { smallRational } from '../../gen/arbitraries.js';
import { nonAffineDataset } from '../../gen/data.js';
import { affineResidual } from '../../gen/data.js';
import { analyseLocalMin } from '../../landscape/analyse.js';
import { interpolatingPoint } from '../../landscape/interpolate.js';
import { relu } from '../../model/activation.js';
import type { Dataset } from '../../model/data.js';
import { exactRisk } from '../../model/exact.js';
import { ZERO } from '../../numeric/rational.js';
import { deadReluPoint } from '../../papers/ding2019/index.js';
import { dataTable, encQ, paramTable } from '../codec.js';
import { fromVerdict, instanceKind, proved, refuted } from '../define.js';
import { datasetCodec, integer, rationals } from '../schema.js';
import type { Outcome } from '../types.js';
import { linearPieceArbitrary, linearPieceSetups, theorem2Of, type LinearPieceSetup } from './instances.js';
import { ding2019, sse } from './paper.js';

export const theorem2AffineFit = ding2019.claim({
  id: 'ding2019.thm2.best-affine-fit',
  section: '§4.1, Theorem 2; Appendix C, eqs. (55)–(58)',
  title: 'Theorem 2: the constructed point reproduces the best affine fit, with E = ‖Y − YP‖² > 0',
  statement:
    'For σ linear with nonzero slope on an open interval around a, hidden layers wider than the input and targets no affine map fits, Appendix C takes small generic weights and biases near a, so that every hidden pre-activation stays inside that linear piece, and fits the output layer by least squares. Then E(W) equals the least-squares residual of the best affine fit of Y on X, which is positive. Checked exactly.',
  instance: linearPieceSetups,
  check: (v): Outcome => {
    const p = theorem2Of(v);
    if (!p.inside) return refuted('every pre-activation inside the piece', 'a pre-activation leaves it');
    const e = exactRisk(p.net, sse, p.theta, v.data);
    const best = affineResidual(v.data);
    if (!e.equals(best)) return refuted('E(W) = ‖Y − YP‖²', `E(W) = ${encQ(e)}, ‖Y − YP‖² = ${encQ(best)}`);
    return e.s > 0n && e.n !== 0n ? proved() : refuted('E(W) > 0', `E(W) = ${encQ(e)}`);
  },
});

export const theorem2LocalMin = ding2019.claim({
  id: 'ding2019.thm2.local-min',
  section: '§4.1, Theorem 2; Appendix C, eqs. (59)–(60)',
  title: 'Theorem 2: the best-affine-fit point is a local minimum',
  statement:
    'Near the point of Appendix C every pre-activation stays in the linear piece, so each hidden layer’s output is an affine image of [X; 1ᵀ] and no nearby point fits Y better than the best affine map: the point is a local minimum. Decided by the landscape toolkit with an exact certificate.',
  instance: linearPieceSetups,
  check: (v) => {
    const p = theorem2Of(v);
    return fromVerdict(analyseLocalMin(p.net, sse, p.theta, v.data, { noProbes: true }), 'W is a local minimum');
  },
});

/** A zero-loss point from the toolkit's interpolating construction, or the reason there is none. */
function realizer(v: LinearPieceSetup): { theta: Fraction[] } | { why: string } {
  const p = theorem2Of(v);
  const r = interpolatingPoint(p.net, v.data);
  if (!r) return { why: 'no zero-loss point known: the interpolating construction does not apply (σ affine?)' };
  const e = exactRisk(p.net, sse, r, v.data);
  return e.n === 0n
    ? { theta: r }
    : { why: `no zero-loss point known: the interpolating construction reaches E = ${encQ(e)}` };
}

export const corollary2SubOptimal = ding2019.claim({
  id: 'ding2019.cor2.sub-optimal',
  section: '§4.1, Corollary 2',
  title: 'Corollary 2: where the net fits the data, the Theorem 2 point is a sub-optimal local minimum',
  statement:
    'If the net can fit (X, Y), the local minimum of Theorem 2 has E > 0 = min E: it is a sub-optimal local minimum. Realizability is shown by a zero-loss point from our interpolating construction (hinges between the projected inputs, output layer by exact least squares; hidden layers at least N wide); the local minimum is certified exactly by the landscape toolkit.',
  instance: {
    ...linearPieceSetups,
    generate: () => linearPieceArbitrary({ atLeastN: true }),
  },
  hypotheses: ['Corollary 2: the net fits (X, Y) exactly (a zero-loss point is exhibited)'],
  detect: (v) => {
    const r = realizer(v);
    return 'why' in r ? r.why : null;
  },
  check: (v): Outcome => {
    const p = theorem2Of(v);
    const e = exactRisk(p.net, sse, p.theta, v.data);
    if (e.s <= 0n || e.n === 0n) return refuted('E(W) > 0 = E(realizer)', `E(W) = ${encQ(e)}`);
    return fromVerdict(analyseLocalMin(p.net, sse, p.theta, v.data, { noProbes: true }), 'W is a local minimum');
  },
});

interface DeadReluSetup {
  data: Dataset;
  /** hidden widths d₁ … d_H (H ≥ 2) */
  hidden: number[];
  R: Fraction[][];
  U: Fraction[][];
}

const deadOf = (v: DeadReluSetup) =>
  deadReluPoint(relu(), [v.data.inputs[0].length, ...v.hidden, v.data.targets[0].length], v.data, v.R, v.U);

const deadReluSetups = instanceKind<DeadReluSetup>({
  generate: () =>
    fc.record({ d0: fc.integer({ min: 1, max: 2 }), H: fc.integer({ min: 2, max: 3 }) }).chain(({ d0, H }) =>
      fc
        .record({
          data: nonAffineDataset(d0, { minN: d0 + 2, maxN: 5 }),
          hidden: fc.array(fc.integer({ min: 1, max: 3 }), { minLength: H, maxLength: H }),
        })
        .chain(({ data, hidden }) => {
          const ins = [d0, ...hidden.slice(0, -1)];
          const entries = (n: number) => fc.array(smallRational(4, 3), { minLength: n, maxLength: n });
          return fc
            .record({
              R: fc.tuple(...hidden.map((d, h) => entries(d * ins[h]))),
              U: fc.tuple(...hidden.map((d) => entries(d))),
            })
            .map(({ R, U }) => ({ data, hidden, R: R as Fraction[][], U: U as Fraction[][] }));
        }),
    ),
  detect: (v) => {
    if (v.hidden.length < 2) return 'fewer than two hidden layers';
    const d0 = v.data.inputs[0]?.length ?? 0;
    const ins = [d0, ...v.hidden.slice(0, -1)];
    if (v.R.length !== v.hidden.length || v.R.some((r, h) => r.length !== v.hidden[h] * ins[h]))
      return 'the weight lists do not match the widths';
    if (v.U.length !== v.hidden.length || v.U.some((u, h) => u.length !== v.hidden[h]))
      return 'the bias lists do not match the widths';
    const y0 = v.data.targets[0].map((q) => q.toFraction()).join();
    if (v.data.targets.every((t) => t.map((q) => q.toFraction()).join() === y0))
      return 'the targets are constant (E = 0)';
    return null;
  },
  codec: z.object({ data: datasetCodec, hidden: z.array(integer), R: z.array(rationals), U: z.array(rationals) }),
  describe: (v) => {
    const p = deadOf(v);
    return [
      `ReLU, widths ${[v.data.inputs[0].length, ...v.hidden, 1].join('-')}`,
      dataTable(v.data),
      paramTable(p.net, p.theta),
    ].join('\n');
  },
  hypotheses: ['ReLU (a constant piece on t < 0), H = 2..3 hidden layers of width 1..3', 'targets not constant'],
});

export const theorem2DeadRelu = ding2019.claim({
  id: 'ding2019.thm2.dead-relu',
  section: '§4.1, Theorem 2 and Assumption 3 with a constant piece (α = 0); Appendix C',
  title: 'Theorem 2 with a constant piece: a dead first layer gives a local minimum at the best constant fit',
  statement:
    'Our variant of Theorem 2 for an activation whose linear piece is constant (ReLU on t < 0), where the rank argument of Appendix C fails: every first-layer pre-activation negative (T₁ = 0), every later hidden pre-activation positive (T_h a positive constant), and the output layer fitted to the best constant. Then Ŷ = Ȳ1ᵀ, E(W) = ‖Y − Ȳ1ᵀ‖² > 0, and W is a local minimum: nearby, T₁ stays 0 and every output is constant across samples. Checked exactly; the local minimum is decided by the landscape toolkit.',
  instance: deadReluSetups,
  check: (v): Outcome => {
    const p = deadOf(v);
    if (!p.dead || !p.alive) return refuted('layer 1 dead, later layers alive', 'a pre-activation has the wrong sign');
    const N = v.data.targets.length;
    const mean = v.data.targets[0].map((_, o) => v.data.targets.reduce((s, t) => s.add(t[o]), ZERO).div(N));
    const best = v.data.targets.reduce(
      (s, t) => s.add(t.reduce((a, q, o) => a.add(q.sub(mean[o]).pow(2)), ZERO)),
      ZERO,
    );
    const e = exactRisk(p.net, sse, p.theta, v.data);
    if (!e.equals(best)) return refuted('E(W) = ‖Y − Ȳ1ᵀ‖²', `E(W) = ${encQ(e)}, ‖Y − Ȳ1ᵀ‖² = ${encQ(best)}`);
    return fromVerdict(analyseLocalMin(p.net, sse, p.theta, v.data, { noProbes: true }), 'W is a local minimum');
  },
});
