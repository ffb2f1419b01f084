/**
 * He, Wang, Tao (ICLR 2020), "Piecewise linear activations substantially
 * shape the loss surfaces of neural networks": the constructions, exact in
 * rationals for squared loss. Formulas follow ../shared/notes/he2020-
 * piecewise-linear.md §5 (the OCR-garbled originals reconstructed there);
 * section and equation numbers refer to the paper.
 *
 * Conventions (paper §2, eqs. 1–5): data matrices X (d_X × n), Y (d_Y × n);
 * squared loss ‖·‖² without ½, risk = mean over samples; two-piece
 * activation h_{s−,s+}(x) = s−·x (x ≤ 0), s+·x (x > 0); linear output layer.
 */
import { Fraction } from 'fraction.js';
import { fromRows, leastSquares, type Mat } from '../linalg/matrix.js';
import { evalPwl, twoPiece, type PwlActivation } from '../model/activation.js';
import type { Dataset } from '../model/data.js';
import { exactOutputs, exactPreActivations, exactRisk } from '../model/exact.js';
import { squaredLoss } from '../model/loss.js';
import { fcNetwork, type Network } from '../model/network.js';
import { rational } from '../numeric/rational.js';
import { Matrix, pseudoInverse } from 'ml-matrix';
import { feasibility } from '../linalg/lp.js';

const F = (x: number | bigint) => new Fraction(x as number);
const ZERO = F(0);
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
  const n = data.inputs.length,
    dY = data.targets[0].length;
  const Xt = fromRows(data.inputs.map((x) => [...x, F(1)]));
  const ls = leastSquares(rational, Xt, fromRows(data.targets.map((t) => [...t]))) as {
    x: Mat<Fraction>;
    risk: Fraction;
  };
  const W = Array.from({ length: dY }, (_, k) =>
    Array.from({ length: ls.x.rows }, (_, j) => ls.x.data[j * ls.x.cols + k]),
  );
  const Ylin = W.map((row) =>
    data.inputs.map((x) => row.reduce((s, w, j) => s.add(w.mul(j < x.length ? x[j] : F(1))), ZERO)),
  );
  const V = Ylin.map((row, k) => row.map((v, i) => v.sub(data.targets[i][k]).mul(2)));
  return { W, Ylin, fStar: ls.risk.div(n), V };
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
    for (let u = 0; u < d1; u++) W2.push(u === k ? F(1).div(sPlus) : ZERO);
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

export interface Split {
  /** 0-based sample indices of I (J is the rest) */
  I: number[];
  J: number[];
  beta: Fraction[];
  /** which case of the proof: β = 0 (a group prefix) or β = x_l */
  betaZero: boolean;
}

/**
 * Lemma 7 (eqs. 50–58), note §5.2: a split S = I ∪ J and β with, for all small
 * α > 0, v_i − αβᵀx_i < v_j − αβᵀx_j (i ∈ I, j ∈ J) and Σ_I u ≠ 0.
 * Returns null when no split exists (possible only when Assumption 2 fails).
 */
export function lemma7Split(
  u: readonly Fraction[],
  v: readonly Fraction[],
  xs: readonly (readonly Fraction[])[],
): Split | null {
  const n = u.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => v[a].compare(v[b]) || a - b);
  // groups of equal v, in increasing order
  const groups: number[][] = [];
  for (const i of order) {
    const last = groups[groups.length - 1];
    if (last && v[last[0]].equals(v[i])) last.push(i);
    else groups.push([i]);
  }
  // Case β = 0: a proper group prefix with nonzero u-sum.
  let prefix: number[] = [];
  let sum = ZERO;
  for (let g = 0; g < groups.length - 1; g++) {
    prefix = [...prefix, ...groups[g]];
    sum = groups[g].reduce((s, i) => s.add(u[i]), sum);
    if (sum.n !== 0n)
      return { I: prefix, J: order.filter((i) => !prefix.includes(i)), beta: xs[0].map(() => ZERO), betaZero: true };
  }
  // Otherwise every group sums to 0: take the first group with a nonzero u.
  const dot = (a: readonly Fraction[], b: readonly Fraction[]) => a.reduce((s, x, k) => s.add(x.mul(b[k])), ZERO);
  let before: number[] = [];
  for (const G of groups) {
    const nz = G.filter((i) => u[i].n !== 0n);
    if (nz.length === 0) {
      before = [...before, ...G];
      continue;
    }
    // l = argmax ‖x_j‖ over j ∈ G with u_j ≠ 0 (smallest index on ties), β = x_l
    let l = nz[0];
    for (const j of nz) {
      const c = dot(xs[j], xs[j]).compare(dot(xs[l], xs[l]));
      if (c > 0 || (c === 0 && j < l)) l = j;
    }
    const nl = dot(xs[l], xs[l]);
    if (nl.n === 0n) return null; // x_l = 0 with another nonzero u in the group: inputs not distinct
    const GI = G.filter((i) => dot(xs[l], xs[i]).compare(nl) >= 0);
    if (GI.some((i) => i !== l && u[i].n !== 0n)) return null; // only possible with duplicate inputs
    const I = [...before, ...GI];
    return { I, J: order.filter((i) => !I.includes(i)), beta: [...xs[l]], betaZero: false };
  }
  return null; // u = 0
}

export interface Theorem4Point {
  theta: Fraction[];
  risk: Fraction;
  alpha: Fraction;
  gamma: Fraction;
  /** exponent p with α = 2^-p */
  p: number;
  split: Split;
  /** output row k with V_k ≠ 0 */
  k: number;
}

/**
 * Theorem 4 (eqs. 19–26), note §5.3: for α = 2^-p, p = 1, 2, ..., build the
 * point and stop at the first with exact risk < f*. Requires s+ ≠ 0,
 * s− + s+ ≠ 0, s− ≠ s+, d1 ≥ d_Y + 1, Assumptions 1–2.
 * Returns null if no p ≤ maxP works or no split exists.
 */
export function theorem4Point(
  data: Dataset,
  fit: LinearFit,
  net: Network,
  sMinus: Fraction,
  sPlus: Fraction,
  maxP = 60,
): Theorem4Point | null {
  return theorem4Search(
    data,
    fit,
    net,
    sMinus,
    sPlus,
    (theta) => {
      const risk = exactRisk(net, mse, theta, data);
      return risk.compare(fit.fStar) < 0 ? risk : null;
    },
    maxP,
  );
}

/**
 * The Theorem 4 construction with a pluggable test: `lower(θ)` returns the
 * risk when θ beats the linear point (for squared loss exactly; for
 * cross-entropy in decimal), else null. V and Ŷ^lin come from the loss's own
 * linear fit.
 */
export function theorem4Search(
  data: Dataset,
  fit: LinearFit,
  net: Network,
  sMinus: Fraction,
  sPlus: Fraction,
  lower: (theta: Fraction[]) => Fraction | null,
  maxP = 60,
): Theorem4Point | null {
  // Every output row with V_k ≠ 0 is a candidate (the paper permutes rows so k = 1).
  for (let k = 0; k < fit.V.length; k++) {
    if (!fit.V[k].some((x) => x.n !== 0n)) continue;
    const r = theorem4Row(data, fit, net, sMinus, sPlus, lower, maxP, k);
    if (r) return r;
  }
  return null;
}

/**
 * The separation quantities shared by Theorem 4 and Corollary 3 for
 * α = 2^-p (note §5.2 step 4, §5.3): the other rows' η_r, and per α the gap
 * g(α) = min_J w − max_I w with w_i = Ŷ^lin_{k,i} − αβᵀx_i, and
 * η1 = max_I w + g/2. Yields only the α with g(α) > 0.
 */
function* separations(data: Dataset, fit: LinearFit, split: Split, k: number, minP: number, maxP: number) {
  const bx = (i: number) => split.beta.reduce((acc, b, j) => acc.add(b.mul(data.inputs[i][j])), ZERO);
  for (let p = minP; p <= maxP; p++) {
    const alpha = new Fraction(1n, 2n ** BigInt(p));
    const w = (i: number) => fit.Ylin[k][i].sub(alpha.mul(bx(i)));
    const maxI = split.I.reduce((m, i) => (w(i).compare(m) > 0 ? w(i) : m), w(split.I[0]));
    const minJ = split.J.reduce((m, j) => (w(j).compare(m) < 0 ? w(j) : m), w(split.J[0]));
    const g = minJ.sub(maxI);
    if (g.compare(0) > 0) yield { p, alpha, g, eta1: maxI.add(g.div(2)) };
  }
}

/** η_r for the rows r ≠ k: min_i Ŷ^lin_{r,i} − 1 (every pre-activation of their units positive). */
function otherRows(fit: LinearFit, k: number) {
  const others = Array.from({ length: fit.W.length }, (_, r) => r).filter((r) => r !== k);
  const etaR = others.map((r) => fit.Ylin[r].reduce((m, v) => (v.compare(m) < 0 ? v : m), fit.Ylin[r][0]).sub(1));
  return { others, etaR };
}

function theorem4Row(
  data: Dataset,
  fit: LinearFit,
  net: Network,
  sMinus: Fraction,
  sPlus: Fraction,
  lower: (theta: Fraction[]) => Fraction | null,
  maxP: number,
  k: number,
): Theorem4Point | null {
  const dX = data.inputs[0].length,
    dY = fit.W.length,
    d1 = net.layers[0].outDim,
    n = data.inputs.length;
  const split = lemma7Split(fit.V[k], fit.Ylin[k], data.inputs);
  if (!split) return null;
  const c = sMinus.sub(sPlus).div(sMinus.add(sPlus));
  const SI = split.I.reduce((s, i) => s.add(fit.V[k][i]), ZERO);
  const { others, etaR } = otherRows(fit, k);
  for (const { p, alpha, g, eta1 } of separations(data, fit, split, k, 1, maxP)) {
    const absGamma = alpha.compare(g.div(4)) < 0 ? alpha : g.div(4); // |γ| = min(α, g/4)
    const gamma = c.mul(SI).compare(0) > 0 ? absGamma.neg() : absGamma; // sgn γ = −sgn(c·S_I)
    // hidden units: 0 and 1 serve row k; 2.. serve the other rows; the rest are zero
    const W1: Fraction[] = [],
      b1: Fraction[] = [];
    for (let u = 0; u < d1; u++) {
      for (let j = 0; j < dX; j++) {
        const base = fit.W[k][j].sub(alpha.mul(split.beta[j]));
        W1.push(u === 0 ? base : u === 1 ? base.neg() : u - 2 < others.length ? fit.W[others[u - 2]][j] : ZERO);
      }
      const bk = fit.W[k][dX];
      b1.push(
        u === 0
          ? bk.sub(eta1).add(gamma)
          : u === 1
            ? bk.neg().add(eta1).add(gamma)
            : u - 2 < others.length
              ? fit.W[others[u - 2]][dX].sub(etaR[u - 2])
              : ZERO,
      );
    }
    const W2: Fraction[] = [],
      b2: Fraction[] = [];
    const inv = F(1).div(sMinus.add(sPlus));
    for (let r = 0; r < dY; r++) {
      for (let u = 0; u < d1; u++) {
        if (r === k) W2.push(u === 0 ? inv : u === 1 ? inv.neg() : ZERO);
        else W2.push(u === 2 + others.indexOf(r) ? F(1).div(sPlus) : ZERO);
      }
      b2.push(r === k ? eta1 : etaR[others.indexOf(r)]);
    }
    const theta = [...W1, ...b1, ...W2, ...b2];
    const risk = lower(theta);
    if (risk) return { theta, risk, alpha, gamma, p, split, k };
  }
  void n;
  return null;
}

/**
 * Whether the linear softmax model has a cross-entropy minimiser (finite):
 * it has none iff some direction D (D_1 = 0 for identifiability) satisfies
 * (D_{y_i} − D_c)·x̃_i ≥ 0 for every sample i and class c ≠ y_i with at least
 * one strict (complete or quasi-complete separation; Albert & Anderson 1984).
 * Decided exactly as an LP feasibility question.
 */
export function ceMinimiserExists(data: Dataset): boolean {
  const dX = data.inputs[0].length,
    dY = data.targets[0].length,
    m = dX + 1;
  const nv = (dY - 1) * m; // D_0 fixed to 0
  const cls = data.targets.map((t) => t.findIndex((v) => v.equals(1)));
  const rows: Fraction[][] = [];
  data.inputs.forEach((x, i) => {
    const xt = [...x, F(1)];
    for (let c = 0; c < dY; c++) {
      if (c === cls[i]) continue;
      const row = new Array<Fraction>(nv).fill(ZERO);
      const put = (cc: number, sign: number) => {
        if (cc === 0) return;
        for (let j = 0; j < m; j++) row[(cc - 1) * m + j] = row[(cc - 1) * m + j].add(xt[j].mul(sign));
      };
      put(cls[i], 1);
      put(c, -1);
      rows.push(row);
    }
  });
  const sum = rows.reduce((acc, r) => acc.map((v, k) => v.add(r[k])), new Array<Fraction>(nv).fill(ZERO));
  const sep = feasibility([
    ...rows.map((coeffs) => ({ coeffs, op: '>=' as const, rhs: ZERO })),
    { coeffs: sum, op: '>' as const, rhs: ZERO },
  ]);
  return !sep.feasible;
}

/**
 * The linear model's softmax cross-entropy minimiser (note §5.0): Newton's
 * method with the pseudo-inverse (the softmax parametrisation is not
 * identifiable, so the Hessian is singular), in floats, until max|∇f| < 1e-12.
 * Returns the fit with every number converted exactly to a rational, and
 * V = softmax(Ŷ^lin) − Y; null when Newton does not converge (e.g. separable
 * data, where no minimiser exists).
 */
export function ceLinearFit(data: Dataset, maxIter = 100): LinearFit | null {
  const n = data.inputs.length,
    dX = data.inputs[0].length,
    dY = data.targets[0].length,
    m = dX + 1;
  const xs = data.inputs.map((x) => [...x.map((v) => v.valueOf()), 1]);
  const ys = data.targets.map((t) => t.map((v) => v.valueOf()));
  let w = new Array<number>(dY * m).fill(0);
  const probs = (wv: number[], x: number[]) => {
    const z = Array.from({ length: dY }, (_, k) => x.reduce((a, xj, j) => a + wv[k * m + j] * xj, 0));
    const mx = Math.max(...z);
    const e = z.map((v) => Math.exp(v - mx));
    const sum = e.reduce((a, b) => a + b, 0);
    return e.map((v) => v / sum);
  };
  for (let it = 0; it < maxIter; it++) {
    const g = new Array<number>(dY * m).fill(0);
    const H = Matrix.zeros(dY * m, dY * m);
    for (let i = 0; i < n; i++) {
      const p = probs(w, xs[i]);
      for (let k = 0; k < dY; k++)
        for (let j = 0; j < m; j++) {
          g[k * m + j] += ((p[k] - ys[i][k]) * xs[i][j]) / n;
          for (let l = 0; l < dY; l++)
            for (let jj = 0; jj < m; jj++)
              H.set(
                k * m + j,
                l * m + jj,
                H.get(k * m + j, l * m + jj) + (((k === l ? p[k] : 0) - p[k] * p[l]) * xs[i][j] * xs[i][jj]) / n,
              );
        }
    }
    if (Math.max(...g.map(Math.abs)) < 1e-12) {
      if (Math.max(...w.map(Math.abs)) > 1e6) return null;
      const W = Array.from({ length: dY }, (_, k) =>
        Array.from({ length: m }, (_, j) => rational.fromNumber(w[k * m + j])),
      );
      const Ylin = W.map((row) =>
        data.inputs.map((x) => row.reduce((acc, wj, j) => acc.add(wj.mul(j < dX ? x[j] : F(1))), ZERO)),
      );
      const V = Ylin.map((row, k) => row.map((_, i) => rational.fromNumber(probs(w, xs[i])[k] - ys[i][k])));
      return { W, Ylin, fStar: ZERO, V };
    }
    const step = pseudoInverse(H).mmul(Matrix.columnVector(g)).to1DArray();
    w = w.map((v, k) => v - step[k]);
    if (!w.every(Number.isFinite)) return null;
  }
  return null;
}

/** A deep network: widths [d_X, d_1, ..., d_{L−1}, d_Y], h_{s−,s+} in every hidden layer, biases on. */
export function deepNet(dX: number, hidden: readonly number[], dY: number, act: PwlActivation): Network {
  return fcNetwork([dX, ...hidden, dY], act);
}

/** Row-major d_out × d_in matrix from a rule. */
function mat(rows: number, cols: number, f: (r: number, c: number) => Fraction): Fraction[] {
  return Array.from({ length: rows * cols }, (_, k) => f(Math.floor(k / cols), k % cols));
}

/**
 * Lemma 5 (eqs. 29–32), note §5.4: layer 1 as in Lemma 4; for i = 2..L−1
 * W_i = (1/s+)(Σ_{j≤d_Y} E_jj + Σ_{j>d_Y} E_{j,d_Y+1}) (copies of the fit
 * channels and of the positive constant channel), b_i = 0; W_L = [I/s+ 0],
 * b_L = η. Every hidden pre-activation stays positive; the output is Ŷ^lin.
 */
export function lemma5Point(
  fit: LinearFit,
  dX: number,
  hidden: readonly number[],
  sPlus: Fraction,
  eta: Fraction,
): Fraction[] {
  const dY = fit.W.length;
  const inv = F(1).div(sPlus);
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
    out.push(...mat(rows, cols, (r, c) => ((r < dY && c === r) || (r >= dY && c === dY) ? inv : ZERO)));
    out.push(...new Array<Fraction>(rows).fill(ZERO));
  }
  const last = hidden[hidden.length - 1];
  out.push(...mat(dY, last, (r, c) => (r === c ? inv : ZERO)));
  out.push(...new Array<Fraction>(dY).fill(eta));
  return out;
}

/**
 * Theorem 5 (eqs. 34–38), note §5.5: the Theorem 4 point of the first hidden
 * layer, lifted: layer 2 = [W2; 0] with bias [b2; 0] + λ (λ makes every
 * layer-2 pre-activation positive), layers 3..L−1 = (1/s+)Σ_{j≤d_Y} E_jj,
 * output (1/s+)Σ E_jj with bias −λ. The output, hence the risk, equals the
 * Theorem 4 point's. Needs at least two hidden layers and d_2 ≥ d_Y.
 */
export function theorem5Point(
  data: Dataset,
  fit: LinearFit,
  hidden: readonly number[],
  sMinus: Fraction,
  sPlus: Fraction,
): { theta: Fraction[]; risk: Fraction; base: Theorem4Point } | null {
  if (hidden.length < 2) throw new RangeError('Theorem 5 needs at least two hidden layers (use Theorem 4 for one)');
  const dX = data.inputs[0].length,
    dY = fit.W.length;
  const act = twoPiece(sMinus, sPlus);
  const shallow = oneHidden(dX, hidden[0], dY, act);
  const base = theorem4Point(data, fit, shallow, sMinus, sPlus);
  if (!base) return null;
  const d1 = hidden[0];
  const W1b1 = base.theta.slice(0, d1 * dX + d1);
  const W2 = base.theta.slice(d1 * dX + d1, d1 * dX + d1 + dY * d1);
  const b2 = base.theta.slice(d1 * dX + d1 + dY * d1);
  // λ > 0 with Ŷ(θ̃2) + λ > 0 (eq. 34)
  const outs = exactOutputs(shallow, base.theta, data);
  let lambda = F(1);
  for (const row of outs) for (const v of row) if (v.add(lambda).compare(0) <= 0) lambda = v.neg().add(1);
  const inv = F(1).div(sPlus);
  const d2 = hidden[1];
  if (d2 < dY) throw new RangeError(`Theorem 5 needs d_2 ≥ d_Y, got ${d2}`);
  const theta: Fraction[] = [...W1b1];
  theta.push(...mat(d2, d1, (r, c) => (r < dY ? W2[r * d1 + c] : ZERO)));
  theta.push(...Array.from({ length: d2 }, (_, r) => (r < dY ? b2[r] : ZERO).add(lambda)));
  for (let i = 2; i < hidden.length; i++) {
    theta.push(...mat(hidden[i], hidden[i - 1], (r, c) => (r < dY && c === r ? inv : ZERO)));
    theta.push(...new Array<Fraction>(hidden[i]).fill(ZERO));
  }
  theta.push(...mat(dY, hidden[hidden.length - 1], (r, c) => (r === c ? inv : ZERO)));
  theta.push(...new Array<Fraction>(dY).fill(lambda.neg()));
  const net = deepNet(dX, hidden, dY, act);
  return { theta, risk: exactRisk(net, mse, theta, data), base };
}

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

/** The first turning point meeting Assumption 4 (s− ≠ s+, s− + s+ ≠ 0), or null. */
export function assumption4Kink(h: PwlActivation): Kink | null {
  const bps = h.breakpoints;
  for (let k = 0; k < bps.length; k++) {
    const sm = h.slopes[k],
      sp = h.slopes[k + 1];
    if (sm.equals(sp) || sm.add(sp).n === 0n) continue;
    const gaps = [k > 0 ? bps[k].sub(bps[k - 1]) : null, k + 1 < bps.length ? bps[k + 1].sub(bps[k]) : null].filter(
      (x): x is Fraction => x !== null,
    );
    const sigma = gaps.length ? gaps.reduce((m, x) => (x.compare(m) < 0 ? x : m)) : F(1);
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
  let maxZ = F(0);
  for (const layer of zs) for (const row of layer) for (const z of row) if (z.abs().compare(maxZ) > 0) maxZ = z.abs();
  // c = the largest 2^-k with c·(max|Z′| + 1) ≤ σ/2 (readable, and strictly inside the linear pieces)
  let c = F(1);
  while (c.mul(maxZ.add(1)).compare(kink.sigma.div(2)) > 0) c = c.div(2);
  if (fixedC) {
    if (fixedC.compare(0) <= 0 || fixedC.mul(maxZ).compare(kink.sigma) >= 0)
      throw new RangeError(
        `the scale c = ${fixedC.toFraction()} must satisfy 0 < c·max|Z′| < σ (max|Z′| = ${maxZ.toFraction()}, σ = ${kink.sigma.toFraction()})`,
      );
    c = fixedC;
  }
  const ht = evalPwl(h, kink.t);
  const eps = F(kink.eps);
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
    const a = !isFirst && !isOut && alphas ? alphas[l - 2] : F(1);
    if (!isOut) cl = cl.mul(a);
    const Wn = W.map((w) => (isOut ? w.div(cl) : isFirst ? eps.mul(c).mul(w) : eps.mul(a).mul(w)));
    const rowSum = (r: number) => Wn.slice(r * cols, (r + 1) * cols).reduce((acc, w) => acc.add(w), F(0));
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
 * Corollary 3 (the case s− = −s+, e.g. h = s+|x|), note §5.8; needs
 * d1 ≥ d_Y + 2. Units 1–3 serve output row k, units 4.. the other rows:
 * row k of the output becomes Ŷ^lin − γ on I and Ŷ^lin + γ on J, with
 * sgn γ = sgn S_I; exactly n·ΔR = −2γ·S_I + n·γ², so γ is halved from
 * min(α, g/4) until the risk is below f*.
 */
export function corollary3Point(
  data: Dataset,
  fit: LinearFit,
  net: Network,
  sPlus: Fraction,
  eta: Fraction,
  maxP = 60,
  minP = 1,
): Theorem4Point | null {
  const dX = data.inputs[0].length,
    dY = fit.W.length,
    d1 = net.layers[0].outDim;
  if (d1 < dY + 2) throw new RangeError(`Corollary 3 needs d1 ≥ d_Y + 2, got ${d1}`);
  const k = fit.V.findIndex((row) => row.some((x) => x.n !== 0n));
  if (k < 0) return null;
  const split = lemma7Split(fit.V[k], fit.Ylin[k], data.inputs);
  if (!split) return null;
  const SI = split.I.reduce((acc, i) => acc.add(fit.V[k][i]), ZERO);
  const { others, etaR } = otherRows(fit, k);
  for (const { p, alpha, g, eta1 } of separations(data, fit, split, k, minP, maxP)) {
    let absGamma = alpha.compare(g.div(4)) < 0 ? alpha : g.div(4);
    for (let halving = 0; halving < 80; halving++, absGamma = absGamma.div(2)) {
      const gamma = SI.s < 0n ? absGamma.neg() : absGamma;
      const W1: Fraction[] = [],
        b1: Fraction[] = [];
      for (let u = 0; u < d1; u++) {
        for (let j = 0; j < dX; j++) {
          const wk = fit.W[k][j],
            ab = alpha.mul(split.beta[j]);
          W1.push(
            u === 0
              ? wk.sub(ab)
              : u === 1
                ? wk
                : u === 2
                  ? wk.neg().add(ab)
                  : u - 3 < others.length
                    ? fit.W[others[u - 3]][j]
                    : ZERO,
          );
        }
        const bk = fit.W[k][dX];
        b1.push(
          u === 0
            ? bk.sub(eta1).add(gamma)
            : u === 1
              ? bk.sub(eta)
              : u === 2
                ? bk.neg().add(eta1).add(gamma)
                : u - 3 < others.length
                  ? fit.W[others[u - 3]][dX].sub(etaR[u - 3])
                  : ZERO,
        );
      }
      const W2: Fraction[] = [],
        b2: Fraction[] = [];
      const half = F(1).div(sPlus.mul(2)),
        inv = F(1).div(sPlus);
      for (let r = 0; r < dY; r++) {
        for (let u = 0; u < d1; u++) {
          if (r === k) W2.push(u === 0 ? half : u === 1 ? inv : u === 2 ? half.neg() : ZERO);
          else W2.push(u === 3 + others.indexOf(r) ? inv : ZERO);
        }
        b2.push(r === k ? eta : etaR[others.indexOf(r)]);
      }
      const theta = [...W1, ...b1, ...W2, ...b2];
      const risk = exactRisk(net, mse, theta, data);
      if (risk.compare(fit.fStar) < 0) return { theta, risk, alpha, gamma, p, split, k };
    }
  }
  return null;
}

// ---------------------------------------------------------------------------
// Theorems 2 and 3 (§4.1, eqs. 59–73), note §5.9–5.10: one hidden layer,
// d_Y = 1, no biases, two-piece h. θ = (W1 (d1 × d_X), W2 (1 × d1)).

/** The Theorem 2 network: widths [d_X, d1, 1], no biases anywhere. */
export function theorem2Net(dX: number, d1: number, act: PwlActivation): Network {
  return fcNetwork([dX, d1, 1], act, false);
}

export interface Theorem2Design {
  /** A[k][i] = h'((W1)_k·x_i) ∈ {s−, s+} (eq. 60); null if some pre-activation is 0 */
  A: Fraction[][];
  /** X̂ (d1·d_X × n): block k of column i is A_{k,i}·x_i (eq. 63) */
  Xhat: Fraction[][];
  /** Q(W1, W2) = [(W2)_1 (W1)_1, ..., (W2)_d1 (W1)_d1] (eqs. 61–62) */
  Q: Fraction[];
}

export function theorem2Design(
  dX: number,
  d1: number,
  sMinus: Fraction,
  sPlus: Fraction,
  theta: readonly Fraction[],
  inputs: readonly (readonly Fraction[])[],
): Theorem2Design | null {
  const W1 = (k: number, j: number) => theta[k * dX + j];
  const W2 = (k: number) => theta[d1 * dX + k];
  const A: Fraction[][] = [];
  for (let k = 0; k < d1; k++) {
    A.push([]);
    for (const x of inputs) {
      const z = x.reduce((acc, xj, j) => acc.add(W1(k, j).mul(xj)), ZERO);
      if (z.n === 0n) return null;
      A[k].push(z.s > 0n ? sPlus : sMinus);
    }
  }
  const Xhat = Array.from({ length: d1 * dX }, (_, r) => inputs.map((x, i) => A[Math.floor(r / dX)][i].mul(x[r % dX])));
  const Q = Array.from({ length: d1 * dX }, (_, r) => W2(Math.floor(r / dX)).mul(W1(Math.floor(r / dX), r % dX)));
  return { A, Xhat, Q };
}

/** g_A(Ŵ) = (1/n) Σ_i (y_i − Ŵ·X̂_i)² (eq. 65). */
export function gA(Qv: readonly Fraction[], Xhat: readonly (readonly Fraction[])[], y: readonly Fraction[]): Fraction {
  let s = ZERO;
  y.forEach((yi, i) => {
    const r = Qv.reduce((acc, q, row) => acc.add(q.mul(Xhat[row][i])), ZERO).sub(yi);
    s = s.add(r.mul(r));
  });
  return s.div(y.length);
}

export { twoPiece };
