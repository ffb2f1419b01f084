/**
 * Ding, Li & Sun (2019) §4.1, Theorem 2 and Corollary 2 (Appendix C, eqs.
 * 55–60): activations with a linear piece (ReLU, leaky ReLU, random
 * piecewise-linear). The point reproducing the best affine fit is a local
 * minimum with E = ‖Y − YP‖² > 0, and sub-optimal where the net fits the data.
 */
import type { Fraction } from 'fraction.js';
import { affineResidual } from '../../gen/data.js';
import { analyseLocalMin } from '../../landscape/analyse.js';
import { interpolatingPoint } from '../../landscape/interpolate.js';
import { exactRisk } from '../../model/exact.js';
import { encQ } from '../codec.js';
import { fromVerdict, proved, refuted } from '../define.js';
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
