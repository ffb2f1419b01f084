/**
 * He et al. 2020: Lemma 1 (multilinear cells), Corollary 2 (linear collapse)
 * and Lemma 3 (cross-entropy's gradient never vanishes for one-hot labels).
 */
import fc from 'fast-check';
import { Fraction } from 'fraction.js';
import { fcArch, instance, pwlActivation, smallRational } from '../gen/arbitraries.js';
import { distinctInputs } from '../gen/data.js';
import { linear, twoPiece } from '../model/activation.js';
import { dataset, type Dataset } from '../model/data.js';
import { activationPattern, exactGradient, exactOutputs, exactRisk, pieceDerivatives } from '../model/exact.js';
import { analyseCurve, rayCurve } from '../landscape/curve.js';
import * as Poly from '../linalg/polynomial.js';
import { fcNetwork, networkFromJSON, networkToJSON, type Network, type NetworkSpecJSON } from '../model/network.js';
import { crossEntropyLoss, evalLoss } from '../model/loss.js';
import { decimalBackend } from '../numeric/scalar-backend.js';
import { mse } from '../papers/he2020/index.js';
import { dataTable, decData, decQs, encData, encQ, encQs, field, netSummary, paramTable } from './codec.js';
import type { Claim, Json, Outcome } from './types.js';

const PAPER = 'he2020-piecewise-linear.txt';
const q = encQ;

// ---------------------------------------------------------------------------
interface SegmentValue {
  net: Network;
  data: Dataset;
  theta: Fraction[];
  /** layer (1-based) whose weights and bias move */
  layer: number;
  direction: Fraction[];
}

const encS = (v: SegmentValue): Json => ({
  net: networkToJSON(v.net) as unknown as Json,
  data: encData(v.data),
  theta: encQs(v.theta),
  layer: v.layer,
  direction: encQs(v.direction),
});
const decS = (j: Json): SegmentValue => ({
  net: networkFromJSON(field(j, 'net', 'value') as unknown as NetworkSpecJSON),
  data: decData(field(j, 'data', 'value'), 'value.data'),
  theta: decQs(field(j, 'theta', 'value'), 'value.theta'),
  layer: field(j, 'layer', 'value') as number,
  direction: decQs(field(j, 'direction', 'value'), 'value.direction'),
});

/** The parameter indices of one layer's weights and bias. */
function layerParams(net: Network, layer: number): number[] {
  return net.views
    .filter((v) => v.layer === layer)
    .flatMap((v) => Array.from({ length: v.size }, (_, k) => v.offset + k));
}

/** θ + τ·D with D supported on the layer; τ = 2^-k halved until the end point has θ's pattern (null if none within 30 halvings). */
function segmentEnd(v: SegmentValue): { tau: Fraction; end: Fraction[] } | null {
  const base = JSON.stringify(activationPattern(v.net, v.theta, v.data).layers.map((l) => l.piece));
  for (let k = 0, tau = new Fraction(1); k < 30; k++, tau = tau.div(2)) {
    const end = v.theta.map((x, i) => x.add(tau.mul(v.direction[i])));
    const p = activationPattern(v.net, end, v.data);
    if (p.interior && JSON.stringify(p.layers.map((l) => l.piece)) === base) return { tau, end };
  }
  return null;
}

export const lemma1Multilinear: Claim<SegmentValue> = {
  id: 'he2020.lemma1.multilinear',
  paper: PAPER,
  section: '§4.2 Lemma 1 (Soudry & Hoffer 2018); Appendix B.2',
  title: 'Lemma 1: inside a cell the network is multilinear (affine in each layer)',
  statement:
    "Within one cell of a piecewise-linear network, the outputs are affine in each layer's (W_j, b_j) with the other layers fixed: along a segment in one layer's parameters whose end points share the pattern, Ŷ(θ + λτD) = (1 − λ)Ŷ(θ) + λŶ(θ + τD) for every λ in [0, 1].",
  hypotheses: [
    'a fully connected network with one or two hidden layers and continuous PWL activations',
    "θ strictly inside a cell; a direction D moving one hidden layer's weights and bias; the end point of the segment in the same cell",
  ],
  arithmetic: 'exact',
  expected: 'holds',
  generatorVersion: 2,
  runs: 200,
  generate: () =>
    // at least one hidden layer (depth 2–3), and the moving layer is a hidden one (not the linear output)
    instance(fcArch({ minDepth: 2, maxDepth: 3, maxWidth: 3, activation: pwlActivation() }), {
      minN: 1,
      maxN: 4,
    }).chain(({ net, data, theta }) =>
      fc
        .record({
          layer: fc.integer({ min: 1, max: net.layers.length - 1 }),
          raw: fc.array(smallRational(3, 2), { minLength: net.paramCount, maxLength: net.paramCount }),
        })
        .map(({ layer, raw }) => {
          const idx = new Set(layerParams(net, layer));
          return { net, data, theta, layer, direction: raw.map((x, i) => (idx.has(i) ? x : new Fraction(0))) };
        }),
    ),
  detect: (v) => {
    if (!activationPattern(v.net, v.theta, v.data).interior) return 'θ is on a cell boundary';
    if (v.direction.every((x) => x.n === 0n)) return 'the direction is zero';
    return segmentEnd(v) ? null : 'no end point in the same cell within 2^-30';
  },
  check: (v): Outcome => {
    const { tau, end } = segmentEnd(v)!;
    const y0 = exactOutputs(v.net, v.theta, v.data),
      y1 = exactOutputs(v.net, end, v.data);
    for (const lam of [new Fraction(1, 3), new Fraction(1, 2), new Fraction(5, 7)]) {
      const mid = v.theta.map((x, i) => x.add(lam.mul(tau).mul(v.direction[i])));
      const ym = exactOutputs(v.net, mid, v.data);
      for (let i = 0; i < ym.length; i++)
        for (let k = 0; k < ym[i].length; k++) {
          const interp = y0[i][k].mul(new Fraction(1).sub(lam)).add(y1[i][k].mul(lam));
          if (!ym[i][k].equals(interp))
            return {
              ok: false,
              strength: 'refuted',
              claimed: 'the output is affine along the segment inside the cell',
              computed: `at λ = ${q(lam)}, sample ${i + 1}: Ŷ = ${q(ym[i][k])} but the affine interpolation is ${q(interp)}`,
              evidence: { lambda: q(lam), value: q(ym[i][k]), interpolation: q(interp) },
            };
        }
    }
    return { ok: true, strength: 'proved' };
  },
  encode: encS,
  decode: decS,
  describe: (v) =>
    `network:\n${netSummary(v.net)}\ndata:\n${dataTable(v.data)}\nθ:\n${paramTable(v.net, v.theta)}\nmoving layer ${v.layer} along: ${encQs(v.direction).join(', ')}`,
};

// ---------------------------------------------------------------------------
interface LinearValue {
  d1: number;
  s: Fraction;
  theta: Fraction[];
  data: Dataset;
}

export const corollary2LinearCollapse: Claim<LinearValue> = {
  id: 'he2020.corollary2.linear-collapse',
  paper: PAPER,
  section: '§4.2 Corollary 2; Appendix B.5',
  title: 'Corollary 2: with a linear activation the surface is one smooth multilinear cell',
  statement:
    'If the activation is linear (h(x) = s·x), there are no cell boundaries: the risk is R(W1, W2) = (1/n)‖y − s·W2W1X‖² everywhere, a polynomial, with an exact gradient at every point.',
  hypotheses: [
    'one hidden layer, d_Y = 1, no biases (the Theorem 2 setting)',
    'a linear activation h(x) = s·x with s ≠ 0 (a two-piece activation with s− = s+)',
  ],
  arithmetic: 'exact',
  expected: 'holds',
  generatorVersion: 1,
  runs: 200,
  generate: () =>
    fc
      .record({
        dX: fc.integer({ min: 1, max: 2 }),
        d1: fc.integer({ min: 1, max: 3 }),
        s: fc.constantFrom(1, 2, '1/2', -1).map((x) => new Fraction(x)),
      })
      .chain(({ dX, d1, s }) =>
        fc
          .record({
            theta: fc.array(smallRational(4, 2), { minLength: d1 * dX + d1, maxLength: d1 * dX + d1 }),
            xs: distinctInputs(dX, { minN: 1, maxN: 5 }),
            ys: fc.array(smallRational(4, 1), { minLength: 5, maxLength: 5 }),
          })
          .map(({ theta, xs, ys }) => ({
            d1,
            s,
            theta,
            data: dataset(
              xs,
              xs.map((_, i) => [ys[i]]),
            ),
          })),
      ),
  detect: (v) => (v.s.n === 0n ? 's = 0' : null),
  check: (v): Outcome => {
    const dX = v.data.inputs[0].length;
    const net = fcNetwork([dX, v.d1, 1], twoPiece(v.s, v.s), false);
    if (net.layers[0].activation.kind !== 'pwl' || net.layers[0].activation.breakpoints.length !== 0)
      return {
        ok: false,
        strength: 'refuted',
        claimed: 'a linear activation has no kinks',
        computed: 'the activation kept a breakpoint',
        evidence: null,
      };
    // W2·W1 (1 × d_X)
    const prod = Array.from({ length: dX }, (_, j) =>
      v.theta.slice(v.d1 * dX).reduce((acc, w2, k) => acc.add(w2.mul(v.theta[k * dX + j])), new Fraction(0)),
    );
    const n = v.data.inputs.length;
    const direct = v.data.inputs
      .reduce((acc, x, i) => {
        const r = v.data.targets[i][0].sub(v.s.mul(prod.reduce((a, p, j) => a.add(p.mul(x[j])), new Fraction(0))));
        return acc.add(r.mul(r));
      }, new Fraction(0))
      .div(n);
    const R = exactRisk(net, mse, v.theta, v.data);
    if (!R.equals(direct))
      return {
        ok: false,
        strength: 'refuted',
        claimed: 'R = (1/n)‖y − s·W2W1X‖²',
        computed: `R = ${q(R)}, the product formula gives ${q(direct)}`,
        evidence: { R: q(R), direct: q(direct) },
      };
    if (exactGradient(net, mse, v.theta, v.data).kind !== 'interior')
      return {
        ok: false,
        strength: 'refuted',
        claimed: 'no cell boundaries',
        computed: 'a kink was reported',
        evidence: null,
      };
    return { ok: true, strength: 'proved' };
  },
  encode: (v) => ({ d1: v.d1, s: q(v.s), theta: encQs(v.theta), data: encData(v.data) }),
  decode: (j) => ({
    d1: field(j, 'd1', 'value') as number,
    s: decQs([field(j, 's', 'value')], 'value.s')[0],
    theta: decQs(field(j, 'theta', 'value'), 'value.theta'),
    data: decData(field(j, 'data', 'value'), 'value.data'),
  }),
  describe: (v) =>
    `linear activation h(x) = ${q(v.s)}·x, hidden width ${v.d1}, no biases\ndata:\n${dataTable(v.data)}\nθ = ${encQs(v.theta).join(', ')}`,
};

// ---------------------------------------------------------------------------
interface LogitValue {
  logits: number[];
  label: number;
}

export const lemma3CrossEntropy: Claim<LogitValue> = {
  id: 'he2020.lemma3.ce-gradient-nonzero',
  paper: PAPER,
  section: 'Appendix A.1, Lemma 3',
  title: 'Lemma 3: the cross-entropy gradient never vanishes for one-hot labels',
  statement:
    'For softmax cross-entropy with a one-hot label and d_Y ≥ 2 outputs, the gradient in the prediction, softmax(ŷ) − y, is never zero: every coordinate with label 0 is strictly positive. Checked in 50-digit decimal arithmetic (|logits| ≤ 30, far from underflow).',
  hypotheses: ['d_Y ∈ {2, 3, 4}', 'a one-hot label', 'logits in [−30, 30]'],
  arithmetic: 'decimal',
  expected: 'holds',
  generatorVersion: 1,
  runs: 200,
  generate: () =>
    fc.integer({ min: 2, max: 4 }).chain((d) =>
      fc.record({
        logits: fc.array(fc.double({ min: -30, max: 30, noNaN: true }), { minLength: d, maxLength: d }),
        label: fc.integer({ min: 0, max: d - 1 }),
      }),
    ),
  detect: (v) => (v.label < v.logits.length ? null : 'the label is out of range'),
  check: (v): Outcome => {
    const be = decimalBackend;
    const d = v.logits.length;
    const Yhat = be.fromNumbers(d, 1, v.logits);
    const Y = be.fromNumbers(
      d,
      1,
      v.logits.map((_, j) => (j === v.label ? 1 : 0)),
    );
    const g = be.toScalars(evalLoss(be, crossEntropyLoss({ reduction: 'sum' }), Yhat, Y).grad);
    const bad = g.findIndex((x, j) => j !== v.label && !x.gt(0));
    if (bad >= 0 || g.every((x) => x.isZero()))
      return {
        ok: false,
        strength: 'evidence',
        claimed: 'softmax(ŷ) − y ≠ 0',
        computed: `coordinate ${bad + 1} of the gradient is ${g[Math.max(bad, 0)].toString()}`,
        evidence: { gradient: g.map((x) => x.toString()) },
      };
    return { ok: true, strength: 'evidence' };
  },
  encode: (v) => ({ logits: v.logits, label: v.label }),
  decode: (j) => ({ logits: field(j, 'logits', 'value') as number[], label: field(j, 'label', 'value') as number }),
  describe: (v) => `logits ${v.logits.join(', ')}, label ${v.label + 1}`,
};

export const he2020CellClaims = [lemma1Multilinear, corollary2LinearCollapse, lemma3CrossEntropy];
void linear;

// ---------------------------------------------------------------------------
// Lemma 1's "the boundaries are non-differentiable": two readings (note §8).
interface KinkValue {
  d1: number;
  sMinus: Fraction;
  sPlus: Fraction;
  /** θ = (W1, b1, W2, b2) of a one-hidden-layer net; unit `unit`'s bias is moved so that sample `sample` sits on the kink */
  theta: Fraction[];
  data: Dataset;
}

const kinkNet = (v: KinkValue) => fcNetwork([v.data.inputs[0].length, v.d1, 1], twoPiece(v.sMinus, v.sPlus));

function kinkInstance(): fc.Arbitrary<KinkValue> {
  return fc
    .record({
      dX: fc.integer({ min: 1, max: 2 }),
      d1: fc.integer({ min: 1, max: 3 }),
      sPlus: fc.constantFrom(1, 2, '1/2').map((x) => new Fraction(x)),
      ratio: fc.constantFrom(0, '1/2', -1, 2).map((x) => new Fraction(x)),
      raw: fc.array(smallRational(4, 2), { minLength: 13, maxLength: 13 }),
      xs: distinctInputs(2, { minN: 1, maxN: 4, value: smallRational(4, 1) }),
      ys: fc.array(smallRational(4, 1), { minLength: 4, maxLength: 4 }),
    })
    .map(({ dX, d1, sPlus, ratio, raw, xs, ys }) => {
      const inputs = xs.map((x) => x.slice(0, dX));
      const P = d1 * dX + d1 + d1 + 1;
      const theta = raw.slice(0, P);
      // put sample 1 exactly on unit 1's kink: b1_1 = −W1_1·x_1
      theta[d1 * dX] = inputs[0].reduce((acc, x, j) => acc.sub(theta[j].mul(x)), new Fraction(0));
      return {
        d1,
        sMinus: ratio.mul(sPlus),
        sPlus,
        theta,
        data: dataset(
          inputs,
          inputs.map((_, i) => [ys[i]]),
        ),
      };
    });
}

function kinkDetect(v: KinkValue): string | null {
  if (v.sMinus.equals(v.sPlus)) return 'the activation is linear';
  if (new Set(v.data.inputs.map((x) => x.map((c) => c.toFraction()).join(','))).size !== v.data.inputs.length)
    return 'inputs coincide';
  const pat = activationPattern(kinkNet(v), v.theta, v.data);
  if (pat.kinks.length !== 1) return `${pat.kinks.length} pre-activations on a kink (exactly one wanted)`;
  return null;
}

const kinkCodec = {
  encode: (v: KinkValue): Json => ({
    d1: v.d1,
    sMinus: q(v.sMinus),
    sPlus: q(v.sPlus),
    theta: encQs(v.theta),
    data: encData(v.data),
  }),
  decode: (j: Json): KinkValue => ({
    d1: field(j, 'd1', 'value') as number,
    sMinus: decQs([field(j, 'sMinus', 'value')], 'value.sMinus')[0],
    sPlus: decQs([field(j, 'sPlus', 'value')], 'value.sPlus')[0],
    theta: decQs(field(j, 'theta', 'value'), 'value.theta'),
    data: decData(field(j, 'data', 'value'), 'value.data'),
  }),
  describe: (v: KinkValue) =>
    `two-piece activation (${q(v.sMinus)}, ${q(v.sPlus)}), one hidden layer of ${v.d1}, biases\nθ:\n${paramTable(kinkNet(v), v.theta)}\ndata:\n${dataTable(v.data)}`,
};

/** One-sided derivatives of R along ±e_p (tool 1: the order-1 coefficient of R(θ ± t·e_p)). */
function oneSided(v: KinkValue, p: number): { plus: Fraction; minus: Fraction } {
  const net = kinkNet(v);
  const e = v.theta.map((_, k) => new Fraction(k === p ? 1 : 0));
  const up = analyseCurve(net, mse, v.data, rayCurve(v.theta, e)).riskPolynomial;
  const down = analyseCurve(
    net,
    mse,
    v.data,
    rayCurve(
      v.theta,
      e.map((x) => x.neg()),
    ),
  ).riskPolynomial;
  return { plus: Poly.coeff(up, 1), minus: Poly.coeff(down, 1).neg() };
}

const KINK_HYP = [
  'one hidden layer with biases, two-piece activation s− ≠ s+, squared loss',
  'exactly one pre-activation (unit 1, sample 1) on the kink',
];

export const lemma1BoundaryUnconditional: Claim<KinkValue> = {
  id: 'he2020.lemma1.boundary-nondifferentiable',
  paper: PAPER,
  section: '§4.2 Lemma 1 ("the boundaries are non-differentiable"); Appendix B.2',
  title: 'Lemma 1 read unconditionally: the risk is non-differentiable on every cell boundary (false)',
  statement:
    'Read unconditionally, Lemma 1 says the empirical risk is not differentiable at cell boundaries. Tested at points where exactly one pre-activation sits on a kink: the claim needs the gradients of the adjacent cells to differ there.',
  hypotheses: KINK_HYP,
  arithmetic: 'exact',
  expected: 'refuted',
  correctedBy: 'he2020.lemma1.boundary-jump',
  generatorVersion: 1,
  runs: 100,
  generate: kinkInstance,
  detect: kinkDetect,
  check: (v): Outcome => {
    const net = kinkNet(v);
    const pat = activationPattern(net, v.theta, v.data);
    const k = pat.kinks[0];
    const lp = pat.layers[0];
    const grads = [0, 1].map((side) => {
      const pieces = [lp.piece.map((row) => row.slice()), null];
      pieces[0]![k.unit][k.sample] += side;
      return pieceDerivatives(net, mse, v.theta, v.data, pieces).gradient;
    });
    const i = k.sample;
    const out = exactOutputs(net, v.theta, v.data)[i][0];
    const W2k = v.theta[v.d1 * v.data.inputs[0].length + v.d1 + k.unit];
    // Cross-check against the closed form: the adjacent cells' gradients differ exactly
    // when the jump (2/n)·r·w·(s+ − s−) is nonzero (x̃_i contains the constant 1).
    const differ = grads[0].some((g, j) => !g.equals(grads[1][j]));
    const jump = out.sub(v.data.targets[i][0]).mul(W2k).mul(v.sPlus.sub(v.sMinus)).mul(2).div(v.data.inputs.length);
    if (differ === jump.equals(0))
      throw new Error(
        `internal: the adjacent cells' gradients ${differ ? 'differ' : 'agree'} but the jump (2/n)·r·w·(s+ − s−) is ${q(jump)}`,
      );
    if (differ) return { ok: true, strength: 'proved' };
    return {
      ok: false,
      strength: 'refuted',
      claimed: 'the risk is not differentiable at this boundary point',
      computed: `both adjacent cells have the same exact gradient at θ, so the risk is differentiable there: the residual on sample ${i + 1} is ${q(out.sub(v.data.targets[i][0]))} and the unit's outgoing weight is ${q(W2k)} (the jump (2/n)·r·w·(s+ − s−) vanishes)`,
      evidence: { residual: q(out.sub(v.data.targets[i][0])), outgoingWeight: q(W2k) },
    };
  },
  ...kinkCodec,
};

export const lemma1BoundaryJump: Claim<KinkValue> = {
  id: 'he2020.lemma1.boundary-jump',
  paper: PAPER,
  section: '§4.2 Lemma 1, conditional reading (note P27); Appendix B.2',
  title: 'Lemma 1 corrected: the derivative jumps at a boundary by (2/n)·r_i·(W2)_k·(s+ − s−)',
  statement:
    'At a point where exactly one pre-activation (unit k, sample i) is on the kink, the right minus left derivative of the risk along (b1)_k is (2/n)(ŷ_i − y_i)(W2)_k(s+ − s−): the boundary is non-differentiable exactly when the residual and the outgoing weight are both nonzero.',
  hypotheses: KINK_HYP,
  arithmetic: 'exact',
  expected: 'holds',
  generatorVersion: 1,
  runs: 200,
  generate: kinkInstance,
  detect: kinkDetect,
  check: (v): Outcome => {
    const dX = v.data.inputs[0].length,
      n = v.data.inputs.length;
    const p = v.d1 * dX; // (b1)_1
    const { plus, minus } = oneSided(v, p);
    const r = exactOutputs(kinkNet(v), v.theta, v.data)[0][0].sub(v.data.targets[0][0]);
    const W2k = v.theta[v.d1 * dX + v.d1];
    const want = r.mul(W2k).mul(v.sPlus.sub(v.sMinus)).mul(2).div(n);
    if (plus.sub(minus).equals(want)) return { ok: true, strength: 'proved' };
    return {
      ok: false,
      strength: 'refuted',
      claimed: `right − left derivative along (b1)_1 = (2/n)·r·w·(s+ − s−) = ${q(want)}`,
      computed: `right ${q(plus)}, left ${q(minus)}: jump ${q(plus.sub(minus))}`,
      evidence: { right: q(plus), left: q(minus), want: q(want) },
    };
  },
  ...kinkCodec,
};

export const he2020BoundaryClaims = [lemma1BoundaryUnconditional, lemma1BoundaryJump];
