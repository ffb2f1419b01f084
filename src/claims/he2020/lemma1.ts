/**
 * He et al. 2020, Lemma 1 (§4.2, after Soudry & Hoffer 2018; Appendix B.2):
 * inside a cell the network is multilinear; and "the boundaries are
 * non-differentiable", read two ways (note §8): unconditionally (false) and
 * with the jump of the derivative (note P27).
 */
import fc from 'fast-check';
import type { Fraction } from 'fraction.js';
import { z } from 'zod';
import { fcArch, instance, pwlActivation, smallRational } from '../../gen/arbitraries.js';
import { distinctInputs } from '../../gen/data.js';
import { analyseCurve, rayCurve } from '../../landscape/curve.js';
import * as Poly from '../../linalg/polynomial.js';
import { twoPiece } from '../../model/activation.js';
import { dataset, type Dataset } from '../../model/data.js';
import { activationPattern, exactOutputs, pieceDerivatives } from '../../model/exact.js';
import { fcNetwork, type Network } from '../../model/network.js';
import { dotOf } from '../../numeric/field.js';
import { ONE, rational, ratio, toRat, ZERO } from '../../numeric/rational.js';
import { mse } from '../../papers/he2020/index.js';
import { dataTable, encQ, encQs, netSummary, paramTable } from '../codec.js';
import { instanceKind, proved, refuted } from '../define.js';
import { datasetCodec, networkCodec, rationalCodec, rationals } from '../schema.js';
import { inputsCoincide } from './deciders.js';
import { he2020 } from './paper.js';

// ---------------------------------------------------------------------------
// Multilinearity inside a cell.

interface SegmentValue {
  net: Network;
  data: Dataset;
  theta: Fraction[];
  /** layer (1-based) whose weights and bias move */
  layer: number;
  direction: Fraction[];
}

/** The parameter indices of one layer's weights and bias. */
function layerParams(net: Network, layer: number): number[] {
  return net.views
    .filter((v) => v.layer === layer)
    .flatMap((v) => Array.from({ length: v.size }, (_, k) => v.offset + k));
}

/** θ + τ·D with D supported on the layer; τ = 2^-k halved until the end point has θ's pattern (null if none within 30 halvings). */
function segmentEnd(v: SegmentValue): { tau: Fraction; end: Fraction[] } | null {
  const base = JSON.stringify(activationPattern(v.net, v.theta, v.data).layers.map((l) => l.piece));
  for (let k = 0, tau = ONE; k < 30; k++, tau = tau.div(2)) {
    const end = v.theta.map((x, i) => x.add(tau.mul(v.direction[i])));
    const p = activationPattern(v.net, end, v.data);
    if (p.interior && JSON.stringify(p.layers.map((l) => l.piece)) === base) return { tau, end };
  }
  return null;
}

const segments = instanceKind({
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
        .map(({ layer, raw }): SegmentValue => {
          const idx = new Set(layerParams(net, layer));
          return { net, data, theta, layer, direction: raw.map((x, i) => (idx.has(i) ? x : ZERO)) };
        }),
    ),
  detect: (v) => {
    if (!activationPattern(v.net, v.theta, v.data).interior) return 'θ is on a cell boundary';
    if (v.direction.every((x) => x.n === 0n)) return 'the direction is zero';
    return segmentEnd(v) ? null : 'no end point in the same cell within 2^-30';
  },
  codec: z.object({
    net: networkCodec,
    data: datasetCodec,
    theta: rationals,
    layer: z.number().int(),
    direction: rationals,
  }),
  describe: (v) =>
    `network:\n${netSummary(v.net)}\ndata:\n${dataTable(v.data)}\nθ:\n${paramTable(v.net, v.theta)}\nmoving layer ${v.layer} along: ${encQs(v.direction).join(', ')}`,
  hypotheses: [
    'a fully connected network with one or two hidden layers and continuous PWL activations',
    "θ strictly inside a cell; a direction D moving one hidden layer's weights and bias; the end point of the segment in the same cell",
  ],
});

export const lemma1Multilinear = he2020.claim({
  id: 'he2020.lemma1.multilinear',
  section: '§4.2 Lemma 1 (Soudry & Hoffer 2018); Appendix B.2',
  title: 'Lemma 1: inside a cell the network is multilinear (affine in each layer)',
  statement:
    "Within one cell of a piecewise-linear network, the outputs are affine in each layer's (W_j, b_j) with the other layers fixed: along a segment in one layer's parameters whose end points share the pattern, Ŷ(θ + λτD) = (1 − λ)Ŷ(θ) + λŶ(θ + τD) for every λ in [0, 1].",
  instance: segments,
  generatorVersion: 2,
  check: (v) => {
    const { tau, end } = segmentEnd(v)!;
    const y0 = exactOutputs(v.net, v.theta, v.data),
      y1 = exactOutputs(v.net, end, v.data);
    for (const lam of [ratio(1, 3), ratio(1, 2), ratio(5, 7)]) {
      const mid = v.theta.map((x, i) => x.add(lam.mul(tau).mul(v.direction[i])));
      const ym = exactOutputs(v.net, mid, v.data);
      for (let i = 0; i < ym.length; i++)
        for (let k = 0; k < ym[i].length; k++) {
          const interp = y0[i][k].mul(ONE.sub(lam)).add(y1[i][k].mul(lam));
          if (!ym[i][k].equals(interp))
            return refuted(
              'the output is affine along the segment inside the cell',
              `at λ = ${encQ(lam)}, sample ${i + 1}: Ŷ = ${encQ(ym[i][k])} but the affine interpolation is ${encQ(interp)}`,
              { lambda: encQ(lam), value: encQ(ym[i][k]), interpolation: encQ(interp) },
            );
        }
    }
    return proved();
  },
});

// ---------------------------------------------------------------------------
// "The boundaries are non-differentiable": points with one pre-activation on the kink.

interface KinkValue {
  d1: number;
  sMinus: Fraction;
  sPlus: Fraction;
  /** θ = (W1, b1, W2, b2) of a one-hidden-layer net; unit 1's bias is moved so that sample 1 sits on the kink */
  theta: Fraction[];
  data: Dataset;
}

const kinkNet = (v: KinkValue) => fcNetwork([v.data.inputs[0].length, v.d1, 1], twoPiece(v.sMinus, v.sPlus));

const kinkPoints = instanceKind({
  generate: () =>
    fc
      .record({
        dX: fc.integer({ min: 1, max: 2 }),
        d1: fc.integer({ min: 1, max: 3 }),
        sPlus: fc.constantFrom(1, 2, '1/2').map(toRat),
        ratio: fc.constantFrom(0, '1/2', -1, 2).map(toRat),
        raw: fc.array(smallRational(4, 2), { minLength: 13, maxLength: 13 }),
        xs: distinctInputs(2, { minN: 1, maxN: 4, value: smallRational(4, 1) }),
        ys: fc.array(smallRational(4, 1), { minLength: 4, maxLength: 4 }),
      })
      .map(({ dX, d1, sPlus, ratio, raw, xs, ys }): KinkValue => {
        const inputs = xs.map((x) => x.slice(0, dX));
        const P = d1 * dX + d1 + d1 + 1;
        const theta = raw.slice(0, P);
        // put sample 1 exactly on unit 1's kink: b1_1 = −W1_1·x_1
        theta[d1 * dX] = dotOf(rational, theta.slice(0, dX), inputs[0]).neg();
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
      }),
  detect: (v) => {
    if (v.sMinus.equals(v.sPlus)) return 'the activation is linear';
    if (inputsCoincide(v.data)) return 'inputs coincide';
    const pat = activationPattern(kinkNet(v), v.theta, v.data);
    if (pat.kinks.length !== 1) return `${pat.kinks.length} pre-activations on a kink (exactly one wanted)`;
    return null;
  },
  codec: z.object({
    d1: z.number().int(),
    sMinus: rationalCodec,
    sPlus: rationalCodec,
    theta: rationals,
    data: datasetCodec,
  }),
  describe: (v) =>
    `two-piece activation (${encQ(v.sMinus)}, ${encQ(v.sPlus)}), one hidden layer of ${v.d1}, biases\nθ:\n${paramTable(kinkNet(v), v.theta)}\ndata:\n${dataTable(v.data)}`,
  hypotheses: [
    'one hidden layer with biases, two-piece activation s− ≠ s+, squared loss',
    'exactly one pre-activation (unit 1, sample 1) on the kink',
  ],
});

/** One-sided derivatives of R along ±e_p (tool 1: the order-1 coefficient of R(θ ± t·e_p)). */
function oneSided(v: KinkValue, p: number): { plus: Fraction; minus: Fraction } {
  const net = kinkNet(v);
  const e = v.theta.map((_, k) => (k === p ? ONE : ZERO));
  const along = (d: Fraction[]) => analyseCurve(net, mse, v.data, rayCurve(v.theta, d)).riskPolynomial;
  return { plus: Poly.coeff(along(e), 1), minus: Poly.coeff(along(e.map((x) => x.neg())), 1).neg() };
}

export const lemma1BoundaryUnconditional = he2020.claim({
  id: 'he2020.lemma1.boundary-nondifferentiable',
  section: '§4.2 Lemma 1 ("the boundaries are non-differentiable"); Appendix B.2',
  title: 'Lemma 1 read unconditionally: the risk is non-differentiable on every cell boundary (false)',
  statement:
    'Read unconditionally, Lemma 1 says the empirical risk is not differentiable at cell boundaries. Tested at points where exactly one pre-activation sits on a kink: the claim needs the gradients of the adjacent cells to differ there.',
  instance: kinkPoints,
  expected: 'refuted',
  correctedBy: 'he2020.lemma1.boundary-jump',
  runs: 100,
  check: (v) => {
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
        `internal: the adjacent cells' gradients ${differ ? 'differ' : 'agree'} but the jump (2/n)·r·w·(s+ − s−) is ${encQ(jump)}`,
      );
    if (differ) return proved();
    return refuted(
      'the risk is not differentiable at this boundary point',
      `both adjacent cells have the same exact gradient at θ, so the risk is differentiable there: the residual on sample ${i + 1} is ${encQ(out.sub(v.data.targets[i][0]))} and the unit's outgoing weight is ${encQ(W2k)} (the jump (2/n)·r·w·(s+ − s−) vanishes)`,
      { residual: encQ(out.sub(v.data.targets[i][0])), outgoingWeight: encQ(W2k) },
    );
  },
});

export const lemma1BoundaryJump = he2020.claim({
  id: 'he2020.lemma1.boundary-jump',
  section:
    '§4.2 Lemma 1, conditional reading (a jump of the derivative needs a nonzero residual and outgoing weight); Appendix B.2',
  title: 'Lemma 1 corrected: the derivative jumps at a boundary by (2/n)·r_i·(W2)_k·(s+ − s−)',
  statement:
    'At a point where exactly one pre-activation (unit k, sample i) is on the kink, the right minus left derivative of the risk along (b1)_k is (2/n)(ŷ_i − y_i)(W2)_k(s+ − s−): the boundary is non-differentiable exactly when the residual and the outgoing weight are both nonzero.',
  instance: kinkPoints,
  check: (v) => {
    const dX = v.data.inputs[0].length,
      n = v.data.inputs.length;
    const p = v.d1 * dX; // (b1)_1
    const { plus, minus } = oneSided(v, p);
    const r = exactOutputs(kinkNet(v), v.theta, v.data)[0][0].sub(v.data.targets[0][0]);
    const W2k = v.theta[v.d1 * dX + v.d1];
    const want = r.mul(W2k).mul(v.sPlus.sub(v.sMinus)).mul(2).div(n);
    if (plus.sub(minus).equals(want)) return proved();
    return refuted(
      `right − left derivative along (b1)_1 = (2/n)·r·w·(s+ − s−) = ${encQ(want)}`,
      `right ${encQ(plus)}, left ${encQ(minus)}: jump ${encQ(plus.sub(minus))}`,
      { right: encQ(plus), left: encQ(minus), want: encQ(want) },
    );
  },
});
