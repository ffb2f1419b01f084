/**
 * Ding, Li & Sun (2019) §6 (Theorem 1) and Appendices D, E: the deep
 * construction, exact in rationals for a polynomial σ. The net is §3.1's
 * (eqs. 1–4): Z₁ = W₁X + b₁1ᵀ, Z_h = W_h σ(Z_{h−1}) + b_h1ᵀ, Ŷ = W_{H+1}σ(Z_H),
 * hidden biases, no output bias. §6.2's point: W₁ = 0, b₁ = a·1,
 * b_h = a·1 − σ(a)·W_h1 (every hidden pre-activation is a), the other weights
 * given; Y = Ŷ(W) − ΔY with Lemma 3's residual (Appendix D).
 */
import { Fraction } from 'fraction.js';
import * as P from '../../linalg/polynomial.js';
import type { Poly } from '../../linalg/polynomial.js';
import type { Activation } from '../../model/activation.js';
import { polynomial } from '../../model/activation.js';
import { dataset, type Dataset } from '../../model/data.js';
import { assembleParams, type Network } from '../../model/network.js';
import { ZERO } from '../../numeric/rational.js';
import { lemma3Duals, lemma3Residual } from './lemmas.js';
import { deepNet } from './theorem2.js';

/** The choices of §6.2 for a polynomial σ (coefficients low degree first). */
export interface Theorem1Choice {
  sigma: readonly Fraction[];
  a: Fraction;
  /** N × d₀, Assumption 1 */
  inputs: readonly (readonly Fraction[])[];
  /** d₁ … d_H */
  hidden: readonly number[];
  /** |W_h| for h = 2..H+1, row-major d_h × d_{h−1} (d_{H+1} = the number of outputs), all > 0 */
  weights: readonly (readonly Fraction[])[];
  /** α_{i,j} > 0, d_{H+1} × d₀ (Appendix D, eq. 64) */
  alpha: readonly (readonly Fraction[])[];
}

/**
 * 'printed': §6.2 as printed, every weight of layers 2..H+1 positive and (24d)'s sign
 * s = sign([σ′(a)]^{H−1}σ″(a)); 'corrected': the weights of layers 2..H carry the sign of
 * σ′(a) (output weights positive) and s = sign σ″(a). The two agree when σ′(a) > 0.
 */
export type SignRule = 'printed' | 'corrected';

export interface Theorem1Point {
  net: Network;
  theta: Fraction[];
  data: Dataset;
  /** ΔY = Ŷ(W) − Y, d_{H+1} × N */
  dY: Fraction[][];
  /** σ(a), σ′(a), σ″(a) */
  s0: Fraction;
  s1: Fraction;
  s2: Fraction;
  /** the signed weight matrices W_2 … W_{H+1}, as rows */
  W: Fraction[][][];
  /** the index of W₁'s first entry in θ and its size d₁·d₀ (row-major) */
  w1Offset: number;
  w1Size: number;
}

const sign = (q: Fraction) => (q.s < 0n ? -1 : 1);
const rowsOf = (flat: readonly Fraction[], r: number, c: number) =>
  Array.from({ length: r }, (_, i) => flat.slice(i * c, (i + 1) * c));

/** σ(a), σ′(a), σ″(a) of a polynomial. */
export function derivativesAt(sigma: readonly Fraction[], a: Fraction): [Fraction, Fraction, Fraction] {
  const p: Poly = P.poly([...sigma]);
  const d1 = P.derivative(p);
  return [P.evaluate(p, a), P.evaluate(d1, a), P.evaluate(P.derivative(d1), a)];
}

/** §6.2's point W and Lemma 3's targets Y under the given sign rule. */
export function theorem1Point(c: Theorem1Choice, rule: SignRule = 'printed'): Theorem1Point {
  return theorem1PointFor(polynomial([...c.sigma]), derivativesAt(c.sigma, c.a), c, rule);
}

/**
 * The same for any σ given σ(a), σ′(a), σ″(a) (for an analytic σ such as exp
 * or softplus: the values, or their roundings, as rationals; the biases and
 * targets are then rational and the point is exact up to that rounding).
 */
export function theorem1PointFor(
  act: Activation,
  [s0, s1, s2]: readonly [Fraction, Fraction, Fraction],
  c: Omit<Theorem1Choice, 'sigma'>,
  rule: SignRule = 'printed',
): Theorem1Point {
  const d0 = c.inputs[0].length;
  const H = c.hidden.length;
  const dOut = c.alpha.length;
  const widths = [d0, ...c.hidden, dOut];
  const net = deepNet(act, widths);
  const blocks: Record<string, Fraction[]> = {
    'layer1.weight': Array.from({ length: c.hidden[0] * d0 }, () => ZERO),
    'layer1.bias': Array.from({ length: c.hidden[0] }, () => c.a),
  };
  const W: Fraction[][][] = [];
  for (let h = 2; h <= H + 1; h++) {
    const flip = rule === 'corrected' && h <= H && s1.s < 0n;
    const flat = c.weights[h - 2].map((w) => (flip ? w.neg() : w));
    const Wh = rowsOf(flat, widths[h], widths[h - 1]);
    W.push(Wh);
    blocks[`layer${h}.weight`] = flat;
    if (h <= H) blocks[`layer${h}.bias`] = Wh.map((r) => c.a.sub(s0.mul(r.reduce((x, w) => x.add(w), ZERO))));
  }
  const theta = assembleParams(net, blocks);
  const s = rule === 'printed' ? sign(s2) * (H % 2 === 0 && s1.s < 0n ? -1 : 1) : sign(s2);
  const duals = lemma3Duals(c.inputs);
  if (!duals) throw new RangeError('theorem1Point: Assumption 1(b) fails for these inputs');
  const dY = lemma3Residual(duals, c.alpha, s as 1 | -1);
  // Ŷ(W) = σ(a)·W_{H+1}·1·1ᵀ: row i is the constant σ(a)·Σ_j w_{H+1,i,j}
  const yhat = W[H - 1].map((r) => s0.mul(r.reduce((x, w) => x.add(w), ZERO)));
  const data = dataset(
    c.inputs.map((r) => [...r]),
    c.inputs.map((_, n) => yhat.map((y, i) => y.sub(dY[i][n]))),
  );
  const w1 = net.views.find((v) => v.name === 'layer1.weight')!;
  return { net, theta, data, dY, s0, s1, s2, W, w1Offset: w1.offset, w1Size: w1.size };
}

/**
 * The curvature of the head at the base point (our second-order analysis of
 * Appendix E's eqs. 75–79): with s₁ = σ′(a), s₂ = σ″(a), J₁ = I, K₁ = 0,
 * J_h = s₁W_hJ_{h−1} and K_h^{(j)} = Σ_k w_{h,j,k}[s₂ (J_{h−1})_{k,:}ᵀ(J_{h−1})_{k,:} + s₁K_{h−1}^{(k)}]
 * for h = 2..H+1 (the output layer is linear, read as pre-activation H+1):
 * J = J_{H+1} = ∂Ŷ/∂(W₁x) and H_i = K_{H+1}^{(i)} = ∂²Ŷ_i/∂(W₁x)².
 */
export function headDerivatives(
  p: Pick<Theorem1Point, 'W' | 's1' | 's2'>,
  d1: number,
): { J: Fraction[][]; K: Fraction[][][] } {
  const zeros = () => Array.from({ length: d1 }, () => Array.from({ length: d1 }, () => ZERO));
  let J: Fraction[][] = Array.from({ length: d1 }, (_, i) =>
    Array.from({ length: d1 }, (_, j) => new Fraction(i === j ? 1 : 0)),
  );
  let K: Fraction[][][] = Array.from({ length: d1 }, zeros);
  for (const Wh of p.W) {
    const nextK = Wh.map((row) => {
      const M = zeros();
      row.forEach((w, k) => {
        for (let u = 0; u < d1; u++)
          for (let v = 0; v < d1; v++)
            M[u][v] = M[u][v].add(w.mul(p.s2.mul(J[k][u]).mul(J[k][v]).add(p.s1.mul(K[k][u][v]))));
      });
      return M;
    });
    J = Wh.map((row) =>
      Array.from({ length: d1 }, (_, v) => p.s1.mul(row.reduce((x, w, k) => x.add(w.mul(J[k][v])), ZERO))),
    );
    K = nextK;
  }
  return { J, K };
}

/**
 * Q(A) = Σ_i Σ_l κ_{i,l}·a_lᵀH_ia_l (κ_{i,l} = ⟨ΔY_i, X_l∘X_l⟩, a_l column l of A = W₁′):
 * twice the second-order term of ⟨ΔY, Ŷ(W′) − Ŷ(W̃′)⟩ along W₁, as a matrix on W₁'s
 * entries in θ's order (row-major d₁ × d₀).
 */
export function w1QuadraticForm(p: Theorem1Point): Fraction[][] {
  const d0 = p.data.inputs[0].length;
  const d1 = p.w1Size / d0;
  const { K } = headDerivatives(p, d1);
  const kappa = p.dY.map((row) =>
    Array.from({ length: d0 }, (_, l) =>
      row.reduce((x, d, n) => x.add(d.mul(p.data.inputs[n][l]).mul(p.data.inputs[n][l])), ZERO),
    ),
  );
  const Q = Array.from({ length: d1 * d0 }, () => Array.from({ length: d1 * d0 }, () => ZERO));
  for (let l = 0; l < d0; l++)
    for (let j = 0; j < d1; j++)
      for (let k = 0; k < d1; k++)
        Q[j * d0 + l][k * d0 + l] = kappa.reduce((x, kr, i) => x.add(kr[l].mul(K[i][j][k])), ZERO);
  return Q;
}

/** (JᵀJ)_{jk}·(XXᵀ)_{ll′}: the Gauss–Newton part of ½∇²E on W₁ (first-order output change J·A·X). */
export function w1GaussNewton(p: Theorem1Point): Fraction[][] {
  const d0 = p.data.inputs[0].length;
  const d1 = p.w1Size / d0;
  const { J } = headDerivatives(p, d1);
  const X = p.data.inputs;
  const G = Array.from({ length: d1 * d0 }, () => Array.from({ length: d1 * d0 }, () => ZERO));
  for (let j = 0; j < d1; j++)
    for (let k = 0; k < d1; k++) {
      const jj = J.reduce((x, r) => x.add(r[j].mul(r[k])), ZERO);
      for (let l = 0; l < d0; l++)
        for (let m = 0; m < d0; m++)
          G[j * d0 + l][k * d0 + m] = jj.mul(X.reduce((x, r) => x.add(r[l].mul(r[m])), ZERO));
    }
  return G;
}

/** θ with the W₁ entries put back to the base point's (W̃′ of §6.1: W′ with W₁′ = W₁). */
export function withBaseW1(p: Theorem1Point, thetaPrime: readonly Fraction[]): Fraction[] {
  return thetaPrime.map((t, k) => (k >= p.w1Offset && k < p.w1Offset + p.w1Size ? p.theta[k] : t));
}
