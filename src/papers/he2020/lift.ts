/**
 * Lemma 6 and the proof of Theorem 1 (Appendix A.4, eqs. 40–46), notes
 * §5.6–5.7: turning points of a general piecewise-linear activation, and the
 * lift of a two-piece construction to it.
 */
import type { Fraction } from 'fraction.js';
import { evalPwl, twoPiece, type PwlActivation } from '../../model/activation.js';
import type { Dataset } from '../../model/data.js';
import { exactPreActivations } from '../../model/exact.js';
import { ONE, sum, toRat, ZERO } from '../../numeric/rational.js';
import type { Network } from '../../model/network.js';
import { deepNet } from './linear-fit.js';

/** A turning point t of a PWL activation with its one-sided slopes, and the direction ε of Lemma 6. */
export interface Kink {
  t: Fraction;
  sMinus: Fraction;
  sPlus: Fraction;
  /** distance to the neighbouring breakpoints (1 when there is none) */
  sigma: Fraction;
  /** +1 if s+ ≠ 0; −1 (mirror, h(t − u) − h(t) = h_{−s+,−s−}(u)) if s+ = 0 */
  eps: 1 | -1;
  /** the two-piece slopes the inner construction uses: (s−, s+) or (−s+, −s−) */
  inner: { sMinus: Fraction; sPlus: Fraction };
}

/** The first turning point of h whose one-sided slopes pass `accept`, as a Kink, or null. */
function firstKink(h: PwlActivation, accept: (sMinus: Fraction, sPlus: Fraction) => boolean): Kink | null {
  const bps = h.breakpoints;
  for (let k = 0; k < bps.length; k++) {
    const sm = h.slopes[k],
      sp = h.slopes[k + 1];
    if (!accept(sm, sp)) continue;
    const gaps = [k > 0 ? bps[k].sub(bps[k - 1]) : null, k + 1 < bps.length ? bps[k + 1].sub(bps[k]) : null].filter(
      (x): x is Fraction => x !== null,
    );
    const sigma = gaps.length ? gaps.reduce((m, x) => (x.compare(m) < 0 ? x : m)) : ONE;
    const eps = sp.n !== 0n ? 1 : -1;
    return {
      t: bps[k],
      sMinus: sm,
      sPlus: sp,
      sigma,
      eps,
      inner: eps === 1 ? { sMinus: sm, sPlus: sp } : { sMinus: sp.neg(), sPlus: sm.neg() },
    };
  }
  return null;
}

/** The first turning point meeting Assumption 4 (s− ≠ s+, s− + s+ ≠ 0), or null. */
export function assumption4Kink(h: PwlActivation): Kink | null {
  return firstKink(h, (sm, sp) => !sm.equals(sp) && sm.add(sp).n !== 0n);
}

/**
 * The first turning point where Assumption 4 fails as in Corollary 3
 * (s− + s+ = 0, s+ ≠ 0): near t, h(t + x) − h(t) = s+|x|. Or null.
 */
export function corollary3Kink(h: PwlActivation): Kink | null {
  return firstKink(h, (sm, sp) => sp.n !== 0n && sm.add(sp).n === 0n);
}

/**
 * Lemma 6 / proof of Theorem 1 (eqs. 40–46), note §5.6–5.7, with one common
 * scale c: a point θ′ of the network with the two-piece activation
 * h_{inner} becomes a point θ″ of the same architecture with the general PWL
 * activation h, with the SAME outputs. Every hidden pre-activation becomes
 * t + ε·c·Z′, inside (t − σ, t + σ) because c·max|Z′| < σ, where h is
 * h(t) + h_{s−,s+}(· − t).
 */
export function liftToPwl(
  thetaPrime: readonly Fraction[],
  dX: number,
  hidden: readonly number[],
  dY: number,
  h: PwlActivation,
  kink: Kink,
  data: Dataset,
  fixedC?: Fraction,
  alphas?: readonly Fraction[],
): { theta: Fraction[]; c: Fraction } {
  const inner = deepNet(dX, hidden, dY, twoPiece(kink.inner.sMinus, kink.inner.sPlus));
  const zs = exactPreActivations(inner, thetaPrime, data).slice(0, hidden.length);
  let maxZ = ZERO;
  for (const layer of zs) for (const row of layer) for (const z of row) if (z.abs().compare(maxZ) > 0) maxZ = z.abs();
  // c = the largest 2^-k with c·(max|Z′| + 1) ≤ σ/2 (readable, and strictly inside the linear pieces)
  let c = ONE;
  while (c.mul(maxZ.add(1)).compare(kink.sigma.div(2)) > 0) c = c.div(2);
  if (fixedC) {
    if (fixedC.compare(0) <= 0 || fixedC.mul(maxZ).compare(kink.sigma) >= 0)
      throw new RangeError(
        `the scale c = ${fixedC.toFraction()} must satisfy 0 < c·max|Z′| < σ (max|Z′| = ${maxZ.toFraction()}, σ = ${kink.sigma.toFraction()})`,
      );
    c = fixedC;
  }
  const ht = evalPwl(h, kink.t);
  const eps = toRat(kink.eps);
  const dims = [dX, ...hidden, dY];
  // eq. (41): α_1 = 1 and 0 < α_i < 1 on hidden layers i ≥ 2 (default 1: our common
  // scale c already keeps every layer inside (t − σ, t + σ)); layer i's deviation
  // from t is then scaled by c_i = c·α_2···α_i, and the output layer divides by c_{L−1}.
  if (alphas && (alphas.length !== hidden.length - 1 || alphas.some((a) => a.compare(0) <= 0 || a.compare(1) > 0)))
    throw new RangeError(
      `alphas must give one value in (0, 1] per hidden layer after the first (${hidden.length - 1})`,
    );
  const out: Fraction[] = [];
  let off = 0,
    cl = c;
  for (let l = 1; l < dims.length; l++) {
    const rows = dims[l],
      cols = dims[l - 1];
    const W = thetaPrime.slice(off, off + rows * cols);
    const b = thetaPrime.slice(off + rows * cols, off + rows * cols + rows);
    off += rows * cols + rows;
    const isFirst = l === 1,
      isOut = l === dims.length - 1;
    const a = !isFirst && !isOut && alphas ? alphas[l - 2] : ONE;
    if (!isOut) cl = cl.mul(a);
    const Wn = W.map((w) => (isOut ? w.div(cl) : isFirst ? eps.mul(c).mul(w) : eps.mul(a).mul(w)));
    const rowSum = (r: number) => sum(Wn.slice(r * cols, (r + 1) * cols));
    const bn = b.map((bi, r) =>
      isOut
        ? bi.sub(rowSum(r).mul(ht))
        : isFirst
          ? eps.mul(c).mul(bi).add(kink.t)
          : kink.t.sub(rowSum(r).mul(ht)).add(eps.mul(cl).mul(bi)),
    );
    out.push(...Wn, ...bn);
  }
  return { theta: out, c };
}

/**
 * Appendix A.2, Stage (1), "without loss of generality s+ ≠ 0": since
 * h_{s−,s+}(x) = h_{−s+,−s−}(−x), the network with activation h_{s−,s+} at θ
 * has the outputs of the network with h_{−s+,−s−} at θ′ = (−W_i, −b_i for the
 * hidden layers i ≤ L − 1; W_L, b_L). The map is its own inverse (one-to-one).
 */
export function mirrorPoint(net: Network, theta: readonly Fraction[]): Fraction[] {
  const L = net.layers.length;
  const out = theta.slice();
  for (const v of net.views)
    if (v.layer < L) for (let k = v.offset; k < v.offset + v.size; k++) out[k] = theta[k].neg();
  return out;
}

/** The two-piece slopes of the mirrored activation: (s−, s+) ↦ (−s+, −s−). */
export const mirroredSlopes = (sMinus: Fraction, sPlus: Fraction) => ({ sMinus: sPlus.neg(), sPlus: sMinus.neg() });
