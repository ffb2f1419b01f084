/**
 * Theorem 3's θ₁ at depth L ≥ 3 (./theorem3.ts): the channel-0 copy units of
 * conv layers l ≥ 2 sit on their ReLU kinks. A data-driven search for an exact
 * descent there, and our repair that moves them strictly off.
 */
import type { Fraction } from 'fraction.js';
import { analyseCurve, descentAlong } from '../../landscape/curve.js';
import type { DescentEvidence } from '../../landscape/verdict.js';
import * as Poly from '../../linalg/polynomial.js';
import type { Dataset } from '../../model/data.js';
import { ONE, ZERO } from '../../numeric/rational.js';
import { halfMse } from './network.js';
import { inCh, poolOf, subForms, type SubNet, type T3Arch, type Theta1 } from './theorem3.js';

/**
 * A data-driven search at the kinks of θ₁ for depth L ≥ 3 (note T9(e)): the
 * channel-0 units of conv layers l ≥ 2 have pre-activation exactly 0 on every
 * (sample, position) except (i*, k). Moving their incoming weights as a hinge
 * — one tap on a second-subnetwork channel c of layer l−1 by 1 and the bias by
 * −τ, τ between two values of that channel — switches them on for exactly the
 * (sample, position) pairs whose feature exceeds τ; an outgoing FC weight s on
 * channel 0 at a position q0 ≠ k then changes the risk at order t² by
 * s·Σ u_i·(feature − τ)₊ / N, which no affine fit cancels. s is chosen from
 * the two exact risk polynomials at s = 0 and s = 1 (the t² coefficient is
 * affine in s), and every candidate is decided by exact evaluation along the curve (descentAlong).
 * Returns the first exact descent, or null.
 */

export function hingeDescent(
  a: T3Arch,
  t1: Theta1 & { sub: SubNet },
  data: Dataset,
  k: number,
): (DescentEvidence & { hinge: string }) | null {
  if (poolOf(a) > 1) throw new RangeError('hingeDescent indexes the FC by position: the network without pooling only');
  const net = t1.net;
  const forms = subForms(a, t1.sub, t1.c).layers;
  const inDimL = a.T[a.L - 2] * a.P;
  const Lw = net.views.find((v) => v.name === `layer${a.L}.weight`)!;
  const coeff2 = (p: Poly.Poly) => Poly.coeff(p, 2);
  for (let l = 2; l < a.L; l++) {
    const C = inCh(a, l);
    const wv = net.views.find((v) => v.name === `layer${l}.weight`)!;
    const bv = net.views.find((v) => v.name === `layer${l}.bias`)!;
    for (let c = 1; c < C; c++) {
      // values of channel c of layer l−1 over all samples and positions
      const f = forms[l - 2];
      const vals: Fraction[] = [];
      for (const x of data.inputs)
        for (let q = 0; q < a.P; q++) {
          const row = f[(c - 1) * a.P + q];
          vals.push(x.reduce((acc, xi, m) => acc.add(row[m].mul(xi)), row[x.length]));
        }
      const distinct = [...new Map(vals.map((v) => [v.toFraction(), v])).values()].sort((u, w) => u.compare(w));
      const taus = distinct.slice(1).map((v, i) => v.add(distinct[i]).div(2));
      for (const tau of taus)
        for (const j of [1, 0, 2])
          for (let q0 = -1; q0 < a.P; q0++) {
            if (q0 === k) continue;
            const dir = (s: Fraction) => {
              const d = new Array<Fraction>(net.paramCount).fill(ZERO);
              d[wv.offset + c * 3 + j] = ONE; // channel 0's tap j on channel c
              d[bv.offset] = tau.neg(); // channel 0's bias
              if (q0 >= 0) for (let o = 0; o < a.dy; o++) d[Lw.offset + o * inDimL + q0] = o === 0 ? s : ZERO;
              return d;
            };
            const curve = (s: Fraction) => t1.theta.map((x, p) => Poly.poly([x, dir(s)[p]]));
            const c0 = analyseCurve(net, halfMse, data, curve(ZERO));
            if (c0.descent) {
              const e = descentAlong(net, halfMse, data, curve(ZERO), 'given');
              if (e)
                return {
                  ...e,
                  hinge: `layer ${l} channel 1 switched on where channel ${c + 1} of layer ${l - 1} exceeds ${tau.toFraction()} (tap ${['left', 'centre', 'right'][j]})`,
                };
            }
            if (q0 < 0 || c0.order === 1) continue;
            const a0 = coeff2(c0.riskPolynomial);
            const b = coeff2(analyseCurve(net, halfMse, data, curve(ONE)).riskPolynomial).sub(a0);
            if (b.n === 0n) continue;
            const s = a0
              .abs()
              .div(b.abs())
              .add(1)
              .mul(b.s < 0n ? 1 : -1);
            const e = descentAlong(net, halfMse, data, curve(s), 'given');
            if (e)
              return {
                ...e,
                hinge: `layer ${l} channel 1 switched on where channel ${c + 1} of layer ${l - 1} exceeds ${tau.toFraction()} (tap ${['left', 'centre', 'right'][j]}), read out by the FC weight on channel 1, position ${q0 + 1} (set to ${s.toFraction()}·t)`,
              };
          }
    }
  }
  return null;
}

/**
 * OUR REPAIR for depth L ≥ 3 (not the paper's construction). In θ₁ the
 * channel-0 copy units of conv layers l ≥ 2 (identity filter, bias 0,
 * eq. 19) have pre-activation exactly 0 on every (sample, position) except
 * (i*, k): θ₁ sits on their ReLU kinks. Here layer l's channel-0 bias is
 * −z_{l−1}/2 instead of 0, where z_1 = z is the margin and z_l = z_{l−1}/2 is
 * the value the unit carries on (i*, k): the off units get pre-activation
 * −z_{l−1}/2 < 0, the on unit z_{l−1}/2 > 0, so (with the C7 pixel condition
 * and strictly active second subnetwork) θ is strictly inside one activation
 * cell. The FC weight on (channel 0, position k) becomes λ·z/z_{L−1} =
 * λ·2^{L−2}, so the outputs are still W_2 x̂ + σ(x^k + c_p)·λ (eq. 96).
 * Only |I| = 1 makes the (i*, k) unit the only one on; with |I| ≥ 2 all of
 * I share the value z, which the same biases also keep strictly positive.
 */
export function repairDeep(
  a: T3Arch,
  t1: Theta1,
  k: number,
): { theta: Fraction[]; biases: Fraction[]; lambdaFC: Fraction[]; zLast: Fraction } {
  if (poolOf(a) > 1) throw new RangeError('repairDeep indexes the FC by position: the network without pooling only');
  const net = t1.net;
  const theta = t1.theta.slice();
  const biases: Fraction[] = [];
  let zl = t1.split.z;
  for (let l = 2; l < a.L; l++) {
    const b = zl.div(-2);
    theta[net.views.find((v) => v.name === `layer${l}.bias`)!.offset] = b;
    biases.push(b);
    zl = zl.div(2);
  }
  const Lw = net.views.find((v) => v.name === `layer${a.L}.weight`)!;
  const inDim = a.T[a.L - 2] * a.P;
  const scale = t1.split.z.div(zl);
  const lambdaFC = t1.lambda.map((l) => l.mul(scale));
  for (let o = 0; o < a.dy; o++) theta[Lw.offset + o * inDim + k] = lambdaFC[o];
  return { theta, biases, lambdaFC, zLast: zl };
}
