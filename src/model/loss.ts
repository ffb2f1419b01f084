/**
 * Losses and the empirical risk.
 *
 * Scaling convention (the papers differ, so it is explicit):
 *   R(θ) = c · Σ_i l(ŷ_i, y_i),   c = 1/N for reduction 'mean' (default), 1 for 'sum'.
 *   squared:        l = ‖ŷ − y‖²          (×½ when half: true)
 *   cross-entropy:  l = −Σ_j y_j log softmax(ŷ)_j   (softmax of +ŷ; float/decimal only)
 * He et al. 2020 and Liu use mean without ½; the CNN paper uses mean with ½;
 * Ding et al. 2019 use sum without ½.
 */
import type { Backend, Tensor } from '../numeric/backend.js';
import { isTranscendental, type Field } from '../numeric/field.js';

export type Reduction = 'mean' | 'sum';
export type Loss =
  | { readonly kind: 'squared'; readonly half?: boolean; readonly reduction?: Reduction }
  | { readonly kind: 'cross-entropy'; readonly reduction?: Reduction };

export const squaredLoss = (opts: { half?: boolean; reduction?: Reduction } = {}): Loss => ({
  kind: 'squared',
  ...opts,
});
export const crossEntropyLoss = (opts: { reduction?: Reduction } = {}): Loss => ({ kind: 'cross-entropy', ...opts });

export class LossError extends Error {
  override name = 'LossError';
}

/** Reject misspelt specs (they arrive from JSON files too, where TypeScript cannot check them). */
export function validateLoss(loss: Loss): void {
  const l = loss as { kind?: unknown; reduction?: unknown; half?: unknown };
  if (l.kind !== 'squared' && l.kind !== 'cross-entropy')
    throw new LossError(`unknown loss kind ${JSON.stringify(l.kind)}; use 'squared' or 'cross-entropy'`);
  if (l.reduction !== undefined && l.reduction !== 'mean' && l.reduction !== 'sum')
    throw new LossError(`unknown reduction ${JSON.stringify(l.reduction)}; use 'mean' or 'sum'`);
  if (l.half !== undefined && typeof l.half !== 'boolean')
    throw new LossError(`"half" must be true or false, got ${JSON.stringify(l.half)}`);
  if (l.kind === 'cross-entropy' && l.half !== undefined)
    throw new LossError('"half" applies to the squared loss only');
}

function scaleFactor<S>(field: Field<S>, loss: Loss, n: number): S {
  validateLoss(loss);
  if (n < 1) throw new LossError('the risk of zero samples is undefined: the data have no columns');
  return (loss.reduction ?? 'mean') === 'mean' ? field.fromRatio(1, n) : field.one;
}

export interface LossValue<T, S> {
  risk: S;
  /** dR/dŶ, same shape as Ŷ. */
  grad: T;
  /** Ŷ̇ ↦ d(dR/dŶ)[Ŷ̇], the loss Hessian applied to a tangent. */
  hessApply: (tangent: T) => T;
}

/** Risk, its gradient in the outputs, and the output Hessian action. Ŷ and Y are outputs × N. */
export function evalLoss<T extends Tensor, S>(be: Backend<T, S>, loss: Loss, Yhat: T, Y: T): LossValue<T, S> {
  const f = be.field;
  const n = Yhat.cols;
  if (Y.rows !== Yhat.rows || Y.cols !== n)
    throw new RangeError(`targets are ${Y.rows}×${Y.cols} but the network gives ${Yhat.rows}×${n}`);
  const c = scaleFactor(f, loss, n);
  if (loss.kind === 'squared') {
    const r = be.sub(Yhat, Y);
    const k = loss.half ? c : f.add(c, c);
    const risk = f.mul(loss.half ? f.mul(c, f.fromRatio(1, 2)) : c, be.sumSquares(r));
    return { risk, grad: be.scale(r, k), hessApply: (t) => be.scale(t, k) };
  }
  if (!isTranscendental(f))
    throw new TypeError(
      `cross-entropy needs exp/log, which the ${f.kind} arithmetic does not have; use float64 or decimal`,
    );
  // Column-wise softmax with the log-sum-exp shift; O(outputs·N), not the bottleneck.
  const d = Yhat.rows;
  const yh = be.toScalars(Yhat),
    y = be.toScalars(Y);
  const p: S[] = new Array(d * n);
  let total = f.zero;
  for (let i = 0; i < n; i++) {
    let m = yh[i];
    for (let j = 1; j < d; j++) if (f.compare(yh[j * n + i], m) > 0) m = yh[j * n + i];
    let z = f.zero;
    for (let j = 0; j < d; j++) z = f.add(z, f.exp(f.sub(yh[j * n + i], m)));
    const lse = f.add(m, f.log(z));
    let ysum = f.zero;
    for (let j = 0; j < d; j++) {
      const yj = y[j * n + i];
      ysum = f.add(ysum, yj);
      p[j * n + i] = f.exp(f.sub(yh[j * n + i], lse));
      total = f.add(total, f.mul(yj, f.sub(lse, yh[j * n + i])));
    }
    for (let j = 0; j < d; j++) p[j * n + i] = f.mul(p[j * n + i], ysum); // scaled by Σy (1 for one-hot)
  }
  const P = be.fromScalars(d, n, p);
  const ysums = Array.from({ length: n }, (_, i) => {
    let s = f.zero;
    for (let j = 0; j < d; j++) s = f.add(s, y[j * n + i]);
    return s;
  });
  return {
    risk: f.mul(c, total),
    grad: be.scale(be.sub(P, Y), c),
    hessApply: (t) => {
      // per column: c·(Σy)·(diag(q) − q qᵀ) ṫ with q = softmax; P holds (Σy)·q.
      const tv = be.toScalars(t),
        out: S[] = new Array(d * n);
      for (let i = 0; i < n; i++) {
        let qt = f.zero;
        const q = (j: number) => (f.isZero(ysums[i]) ? f.zero : f.div(p[j * n + i], ysums[i]));
        for (let j = 0; j < d; j++) qt = f.add(qt, f.mul(q(j), tv[j * n + i]));
        for (let j = 0; j < d; j++) out[j * n + i] = f.mul(f.mul(c, ysums[i]), f.mul(q(j), f.sub(tv[j * n + i], qt)));
      }
      return be.fromScalars(d, n, out);
    },
  };
}

/** The factor k with R = k · Σ_i ‖ŷ_i − y_i‖² for a squared loss over n samples (1/n or 1, times ½ when half). */
export function squaredRiskFactor<S>(field: Field<S>, loss: Loss, n: number): S {
  if (loss.kind !== 'squared') throw new TypeError('squaredRiskFactor needs the squared loss');
  const c = scaleFactor(field, loss, n);
  return loss.half ? field.mul(c, field.fromRatio(1, 2)) : c;
}
