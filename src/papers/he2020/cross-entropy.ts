/**
 * The linear softmax model's cross-entropy minimiser (note §5.0), for Theorem 4
 * with the cross-entropy loss (note P30).
 */
import type { Fraction } from 'fraction.js';
import { Matrix, pseudoInverse } from 'ml-matrix';
import { feasibility } from '../../linalg/lp.js';
import type { Dataset } from '../../model/data.js';
import { ONE, rational, ZERO } from '../../numeric/rational.js';
import type { LinearFit } from './linear-fit.js';

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
    const xt = [...x, ONE];
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
        data.inputs.map((x) => row.reduce((acc, wj, j) => acc.add(wj.mul(j < dX ? x[j] : ONE)), ZERO)),
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
