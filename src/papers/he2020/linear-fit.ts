/**
 * He, Wang, Tao (ICLR 2020), "Piecewise linear activations substantially
 * shape the loss surfaces of neural networks": the linear-fit point of
 * Lemmas 4 and 5 and the networks it lives in. Formulas follow
 * ../shared/notes/he2020-piecewise-linear.md §5 (the OCR-garbled originals
 * reconstructed there); section and equation numbers refer to the paper.
 *
 * Conventions (paper §2, eqs. 1–5): data matrices X (d_X × n), Y (d_Y × n);
 * squared loss ‖·‖² without ½, risk = mean over samples; two-piece
 * activation h_{s−,s+}(x) = s−·x (x ≤ 0), s+·x (x > 0); linear output layer.
 */
import type { Fraction } from 'fraction.js';
import { affineFit } from '../../model/affine.js';
import type { PwlActivation } from '../../model/activation.js';
import type { Dataset } from '../../model/data.js';
import { squaredLoss } from '../../model/loss.js';
import { fcNetwork, type Network } from '../../model/network.js';
import { ONE, ZERO } from '../../numeric/rational.js';

export const mse = squaredLoss(); // l = ‖ŷ − y‖², R = (1/n) Σ l   (eq. 5)

/** §5.0: the least-squares linear model W̃ (d_Y × (d_X+1), last column = bias), Ŷ^lin, f*, V = 2(Ŷ^lin − Y). */
export interface LinearFit {
  /** W̃ row-major: W[k][j], j < d_X weights, j = d_X bias */
  W: Fraction[][];
  /** Ŷ^lin[k][i] */
  Ylin: Fraction[][];
  fStar: Fraction;
  /** V[k][i] = 2(Ŷ^lin − Y) (eq. 17: V X̃ᵀ = 0) */
  V: Fraction[][];
}

export function linearFit(data: Dataset): LinearFit {
  // the shared exact affine fit (src/model/affine.ts), in the paper's output-major layout
  const f = affineFit(data, mse);
  const Ylin = f.W.map((_, k) => f.fitted.map((row) => row[k]));
  const V = f.W.map((_, k) => f.residuals.map((row) => row[k].mul(2)));
  return { W: f.W, Ylin, fStar: f.risk, V };
}

/** The one-hidden-layer network of Lemma 4 / Theorem 4: widths [d_X, d1, d_Y], h_{s−,s+}, biases on. */
export function oneHidden(dX: number, d1: number, dY: number, act: PwlActivation): Network {
  return fcNetwork([dX, d1, dY], act);
}

/**
 * Lemma 4 (eqs. 14/27), note §5.1: the point that acts as the linear LS fit.
 * η < min(0, min Ŷ^lin) shifts every first-layer pre-activation into (0, ∞).
 * Returns θ in the network's parameter order (W1, b1, W2, b2).
 */
export function lemma4Point(fit: LinearFit, dX: number, d1: number, sPlus: Fraction, eta: Fraction): Fraction[] {
  const dY = fit.W.length;
  if (d1 < dY) throw new RangeError(`Lemma 4 needs d1 ≥ d_Y, got d1 = ${d1}, d_Y = ${dY}`);
  if (sPlus.n === 0n) throw new RangeError('Lemma 4 needs s+ ≠ 0 (use the mirrored activation)');
  const W1: Fraction[] = [],
    b1: Fraction[] = [],
    W2: Fraction[] = [],
    b2: Fraction[] = [];
  for (let u = 0; u < d1; u++) {
    for (let j = 0; j < dX; j++) W1.push(u < dY ? fit.W[u][j] : ZERO);
    b1.push(u < dY ? fit.W[u][dX].sub(eta) : eta.neg());
  }
  for (let k = 0; k < dY; k++) {
    for (let u = 0; u < d1; u++) W2.push(u === k ? ONE.div(sPlus) : ZERO);
    b2.push(eta);
  }
  return [...W1, ...b1, ...W2, ...b2];
}

/** A valid η for Lemma 4: min(0, min Ŷ^lin) − 1. */
export function defaultEta(fit: LinearFit): Fraction {
  let m = ZERO;
  for (const row of fit.Ylin) for (const v of row) if (v.compare(m) < 0) m = v;
  return m.sub(1);
}

/** A deep network: widths [d_X, d_1, ..., d_{L−1}, d_Y], h_{s−,s+} in every hidden layer, biases on. */
export function deepNet(dX: number, hidden: readonly number[], dY: number, act: PwlActivation): Network {
  return fcNetwork([dX, ...hidden, dY], act);
}

/** Row-major d_out × d_in matrix from a rule. */
export function rowMajor(rows: number, cols: number, f: (r: number, c: number) => Fraction): Fraction[] {
  return Array.from({ length: rows * cols }, (_, k) => f(Math.floor(k / cols), k % cols));
}

/**
 * Lemma 5 (eqs. 29–32), note §5.4: layer 1 as in Lemma 4; for i = 2..L−1
 * W_i = (1/s+)(Σ_{j≤d_Y} E_jj + Σ_{j>d_Y} E_{j,d_Y+1}) (copies of the fit
 * channels and of the positive constant channel), b_i = 0; W_L = [I/s+ 0],
 * b_L = η. Every hidden pre-activation stays positive; the output is Ŷ^lin.
 * With one hidden layer this is the Lemma 4 point.
 */
export function lemma5Point(
  fit: LinearFit,
  dX: number,
  hidden: readonly number[],
  sPlus: Fraction,
  eta: Fraction,
): Fraction[] {
  const dY = fit.W.length;
  const inv = ONE.div(sPlus);
  const l4 = lemma4Point(fit, dX, hidden[0], sPlus, eta);
  const layer1 = l4.slice(0, hidden[0] * dX + hidden[0]);
  const out: Fraction[] = [...layer1];
  for (let i = 1; i < hidden.length; i++) {
    const rows = hidden[i],
      cols = hidden[i - 1];
    if (rows > dY && cols < dY + 1)
      throw new RangeError(
        `Lemma 5: layer ${i + 1} has width ${rows} > d_Y but layer ${i} has no constant channel (width ${cols} < d_Y + 1)`,
      );
    out.push(...rowMajor(rows, cols, (r, c) => ((r < dY && c === r) || (r >= dY && c === dY) ? inv : ZERO)));
    out.push(...new Array<Fraction>(rows).fill(ZERO));
  }
  const last = hidden[hidden.length - 1];
  out.push(...rowMajor(dY, last, (r, c) => (r === c ? inv : ZERO)));
  out.push(...new Array<Fraction>(dY).fill(eta));
  return out;
}
