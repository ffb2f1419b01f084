/**
 * Liu (2022) Theorem 1 in its smallest architecture (two hidden layers of
 * width 2, d_x = d_y = 1; the note's §5.10):
 *  - netA: the best affine fit f_0 = αx + β embedded with every hidden unit
 *    strictly active (a local minimum by the pattern-class certificate);
 *  - netC: f_0 plus one ridge t·σ(±(x − θ)) that switches on at an extreme
 *    sample (peeling inward while the residuals there cancel), realised by
 *    a max gadget (t > 0) or a min gadget (t < 0) in the same architecture;
 *    the risk drops by φ²/(N·Σσ_i²), φ = Σ r_i σ_i the residual's
 *    correlation with the ridge.
 */
import type { Fraction } from 'fraction.js';
import { affineFitOf } from '../../model/affine.js';
import { ONE, ZERO } from '../../numeric/rational.js';
import type { FcWeights } from './network.js';

const M = ONE.neg();

/** The best affine fit of 1-D data: slope α, intercept β, residuals r_i = y_i − f_0(x_i). */
export function bestLine(xs: readonly Fraction[], ys: readonly Fraction[]) {
  const fit = affineFitOf(
    xs.map((x) => [x]),
    ys.map((y) => [y]),
  );
  const alpha = fit.W[0][0],
    beta = fit.W[0][1];
  return { alpha, beta, residuals: fit.residuals.map((r) => r[0].neg()) };
}

/** 1 + max(0, −min_i v_i): a shift that makes every value ≥ 1. */
const shiftAbove = (vals: readonly Fraction[]) => {
  let low = ZERO;
  for (const v of vals) if (v.neg().compare(low) > 0) low = v.neg();
  return low.add(ONE);
};

/** Net A of the note's §5.10: W1 = (α, α), b1 = (β + c, β + c + 1), W2 = [[0, 1], [−1, 1]], W3 = (1, −1), b3 = −c. */
export function netA(xs: readonly Fraction[], ys: readonly Fraction[]): FcWeights {
  const { alpha, beta } = bestLine(xs, ys);
  const c = shiftAbove(xs.map((x) => alpha.mul(x).add(beta)));
  return {
    W: [
      [[alpha], [alpha]],
      [
        [ZERO, ONE],
        [M, ONE],
      ],
      [[ONE, M]],
    ],
    b: [[beta.add(c), beta.add(c).add(ONE)], [ZERO, ZERO], [c.neg()]],
  };
}

export interface Ridge {
  /** +1: σ(x − θ), −1: σ(θ − x) */
  side: 1 | -1;
  threshold: Fraction;
  /** Σ r_i σ_i and Σ σ_i² over the samples */
  phi: Fraction;
  norm: Fraction;
  /** the least-squares coefficient φ / Σσ² */
  t: Fraction;
}

/**
 * The ridge of netC: thresholds at midpoints between consecutive sorted
 * inputs, tried from the outside in (right end, left end, then one step
 * inward on each side, …); the first with φ ≠ 0. Null when every φ is 0
 * (then the residual is 0: the data are affine).
 */
export function isolatingRidge(xs: readonly Fraction[], ys: readonly Fraction[]): Ridge | null {
  const { residuals } = bestLine(xs, ys);
  const n = xs.length;
  for (let k = 1; k < n; k++)
    for (const side of [1, -1] as const) {
      const threshold = side === 1 ? xs[n - k - 1].add(xs[n - k]).div(2) : xs[k - 1].add(xs[k]).div(2);
      let phi = ZERO,
        norm = ZERO;
      xs.forEach((x, i) => {
        const s = x.sub(threshold).mul(side);
        if (s.s > 0n && s.n !== 0n) {
          phi = phi.add(residuals[i].mul(s));
          norm = norm.add(s.mul(s));
        }
      });
      if (phi.n !== 0n) return { side, threshold, phi, norm, t: phi.div(norm) };
    }
  return null;
}

/** Net C: pieces g1 = f_0 + c, g2 = f_0 + t·side·(x − θ) + c, joined by max (t > 0) or min (t < 0), minus c. */
export function netC(xs: readonly Fraction[], ys: readonly Fraction[], ridge: Ridge): FcWeights {
  const { alpha, beta } = bestLine(xs, ys);
  const slope2 = alpha.add(ridge.t.mul(ridge.side));
  const icpt2 = beta.sub(ridge.t.mul(ridge.side).mul(ridge.threshold));
  const c = shiftAbove(xs.flatMap((x) => [alpha.mul(x).add(beta), slope2.mul(x).add(icpt2)]));
  const max = ridge.t.s > 0n;
  return {
    W: [
      [[alpha], [slope2]],
      max
        ? [
            [ONE, ZERO],
            [M, ONE],
          ]
        : [
            [ZERO, ONE],
            [M, ONE],
          ],
      [[ONE, max ? ONE : M]],
    ],
    b: [[beta.add(c), icpt2.add(c)], [ZERO, ZERO], [c.neg()]],
  };
}
