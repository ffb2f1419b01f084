/**
 * Ding, Li & Sun (2019) §6, Theorem 1 for analytic σ (exp and softplus at
 * a = 0, tanh at a = 1: σ(a), σ′(a), σ″(a) ≠ 0): the deep construction with
 * rational biases and targets (irrational σ(a), σ′(a), σ″(a) rounded to 60
 * digits), the W₁-block form Q checked exactly on those values, and the
 * toolkit's decimal second-order evidence that the point is a local minimum.
 * The label is evidence.
 */
import fc from 'fast-check';
import { Fraction } from 'fraction.js';
import { z } from 'zod';
import { smoothSecondOrder } from '../../landscape/smooth-second-order.js';
import { definiteness, fromRows } from '../../linalg/matrix.js';
import { smooth, type SmoothActivation } from '../../model/activation.js';
import { rational } from '../../numeric/rational.js';
import { smoothDerivativesAt, theorem1PointFor, w1QuadraticForm } from '../../papers/ding2019/index.js';
import { dataTable, encQ, paramTable } from '../codec.js';
import { asJson, instanceKind, refuted, supported, unsupported } from '../define.js';
import { integer, rationalRows } from '../schema.js';
import type { Outcome } from '../types.js';
import { deepSetupArbitrary, detectDeepSetup } from './deep-instances.js';
import { ding2019, sse } from './paper.js';

type Name = 'exp' | 'softplus' | 'tanh';

/** The point a of each activation: 0 for exp and softplus, 1 for tanh (whose σ(0) = σ″(0) = 0). */
const A: Record<Name, Fraction> = { exp: new Fraction(0), softplus: new Fraction(0), tanh: new Fraction(1) };

/** σ(a), σ′(a), σ″(a), rounded to 60 digits (exact for exp at 0: 1, 1, 1; softplus at 0: ln 2, 1/2, 1/4). */
const derivatives = (name: Name) => smoothDerivativesAt(smooth(name) as SmoothActivation, A[name]);

interface AnalyticDeepSetup {
  sigma: Name;
  inputs: Fraction[][];
  hidden: number[];
  weights: Fraction[][];
  alpha: Fraction[][];
}

const pointOf = (v: AnalyticDeepSetup) =>
  theorem1PointFor(smooth(v.sigma), derivatives(v.sigma), { ...v, a: A[v.sigma] }, 'printed');

/** probe directions per radius (3 radii) */
const DIRECTIONS = 24;

const analyticDeepSetups = instanceKind<AnalyticDeepSetup>({
  generate: () =>
    fc
      .tuple(fc.constantFrom<Name>('exp', 'softplus'), deepSetupArbitrary('increasing', { maxH: 2, maxWidth: 2 }))
      .map(([sigma, d]) => ({ sigma, inputs: d.inputs, hidden: d.hidden, weights: d.weights, alpha: d.alpha })),
  // the deep setups' detector, with 1 + t + t² at 0 standing in for σ at a (σ(a), σ′(a) > 0, σ″(a) ≠ 0 for all three)
  detect: (v) =>
    detectDeepSetup(
      { ...v, sigma: [new Fraction(1), new Fraction(1), new Fraction(1)], a: new Fraction(0), directions: [] },
      'increasing',
    ),
  codec: z.object({
    sigma: z.enum(['exp', 'softplus', 'tanh']),
    inputs: rationalRows,
    hidden: z.array(integer),
    weights: rationalRows,
    alpha: rationalRows,
  }),
  describe: (v) => {
    const p = pointOf(v);
    return [
      `σ = ${v.sigma}, a = ${encQ(A[v.sigma])}: σ(a), σ′(a), σ″(a) = ${[p.s0, p.s1, p.s2].map((q) => q.valueOf().toPrecision(12)).join(', ')} (rounded to 60 digits where irrational); widths ${[v.inputs[0].length, ...v.hidden, v.alpha.length].join('-')}, N = ${v.inputs.length}`,
      dataTable(p.data),
      paramTable(p.net, p.theta),
    ].join('\n');
  },
  hypotheses: [
    'σ = exp or softplus at a = 0, tanh at a = 1 (σ(a), σ′(a) > 0, σ″(a) ≠ 0: Assumption 2)',
    'Assumption 1(b) with the distinct vectors: d₀ ∈ {1, 2}, N = K..K + 2 inputs containing the degree-2 simplex lattice',
    'H = 1..2 hidden layers of widths 1..2, one or two outputs; weights of layers 2..H+1 > 0; α_{i,j} > 0',
  ],
});

export const theorem1Analytic = ding2019.claim({
  id: 'ding2019.thm1.analytic-evidence',
  // one of the longest claims: its instances in 4 independently seeded parts, so workers share it
  parts: 4,
  section: '§6.2–6.3 (eqs. 19–31), Theorem 1, for analytic σ',
  title: 'Theorem 1 for exp, softplus and tanh: the deep construction is a local minimum (W₁ form, decimal evidence)',
  statement: `For σ = exp and softplus at a = 0 and tanh at a = 1, the deep construction of §6.2 (W₁ = 0, every hidden pre-activation at a, positive later weights, Y = Ŷ(W) − ΔY with Lemma 3’s residual) is a local minimum with E > 0. Checked: exactly on σ′(a), σ″(a) (rational for exp and softplus at 0, rounded to 60 digits for tanh at 1), that the second-order form Q on W₁ is positive definite; and in 50-digit decimals with the landscape toolkit’s smoothSecondOrder, that the gradient vanishes (below 10⁻³⁸(1 + E)), the Hessian has no negative eigenvalue (it is singular: flat directions of the constant output), and ${3 * DIRECTIONS} probes at radii 10⁻², 10⁻³, 10⁻⁴ find no lower risk. Evidence, not proof. σ(a) is rounded to 60 digits in the biases and targets where it is irrational (softplus(0) = ln 2, tanh(1)).`,
  instance: analyticDeepSetups,
  arithmetic: 'decimal',
  runs: 25,
  check: (v): Outcome => {
    const p = pointOf(v);
    const Q = w1QuadraticForm(p);
    const dq = definiteness(rational, fromRows(Q));
    if (dq.kind !== 'positive-definite')
      return refuted('Q is positive definite', `Q is ${dq.kind} (inertia ${JSON.stringify(dq.inertia)})`, {
        Q: Q.map((r) => r.map(encQ)),
      });
    const r = smoothSecondOrder(p.net, sse, p.theta, p.data, { directions: DIRECTIONS });
    return r.supports === 'yes'
      ? supported()
      : unsupported('the construction is a local minimum (decimal evidence)', r.summary, asJson(r));
  },
});
