/**
 * The full risk Hessian by per-layer structured products, written once over
 * the tensor backend (exact, float64, decimal), instead of one dense
 * Hessian-vector product per parameter (`hessianByHvp` in ./passes.ts, kept as
 * the reference the tests compare against).
 *
 * With z_l = W_l a_{l−1} + b_l, a_l = σ_l(z_l) and R = ℓ(a_L) summed over the
 * samples, the second differential is
 *   d²R = ℓ″[da_L, da_L]                                   (Gauss–Newton part)
 *       + Σ_l ⟨∂R/∂a_l, σ_l″(z_l) ⊙ dz_l ⊙ dz_l⟩             (σ″ part: smooth / polynomial σ only)
 *       + Σ_l 2⟨∂R/∂z_l, dW_l · da_{l−1}⟩                    (cross-layer bilinear part)
 * because z_l is bilinear in (W_l, a_{l−1}) and affine in b_l. Every term is
 * built from the forward tangents Ã_l = ∂a_l/∂θ (stored unit-major as
 * outDim_l × (Q_l·N), entry [u, q·N + i], where Q_l bounds the indices of the
 * parameters of layers 1..l: a_l depends on no later parameter), so the work is
 * a few matrix products per layer: Z_l = W_l·Ã_{l−1} plus the direct terms,
 * the Gauss–Newton Gram matrix Jᵀℓ″J of the output tangents J = Ã_L, the σ″
 * Gram matrix of Z_l, and the bilinear block B_l[(u, j), q] = Σ_i D_l[u, i]·Ã_{l−1}[j, q·N + i]
 * (D_l = ∂R/∂z_l), entered as B_l + B_lᵀ and summed into tied parameters
 * through the layer's index map (convolutions, structural zeros). A max-pooling
 * layer has no parameters: its tangents are the selected entries of its input's
 * (`propagate`, the cell's 0/1 matrix per sample), so it adds no term of its own.
 *
 * On the exact backend every entry is the same rational the HVP path computes
 * (the same polynomial identities, evaluated exactly); products whose integer
 * numerators are provably below 2^53 run in float64 there (see
 * ../numeric/exact-backend.ts), which is where the speed comes from.
 */
import type { Backend, Tensor } from '../numeric/backend.js';
import { evalLoss, squaredRiskFactor, type Loss } from './loss.js';
import type { CompiledLayer, Network } from './network.js';
import { backpropagate, forward, kinksOf, propagate, type ForcedPieces, type KinkHit } from './passes.js';

/** Index maps depend only on the layer, the sample count and the parameter bounds: built once. */
const indexCache = new WeakMap<CompiledLayer, Map<string, Int32Array>>();
function cached(layer: CompiledLayer, key: string, build: () => Int32Array): Int32Array {
  let m = indexCache.get(layer);
  if (!m) indexCache.set(layer, (m = new Map()));
  let ix = m.get(key);
  if (!ix) m.set(key, (ix = build()));
  return ix;
}

/** One past the largest parameter index a layer reads (0 for a parameter-free layer). */
function paramEnd(layer: CompiledLayer): number {
  let e = 0;
  for (const ix of [layer.weightIndex, layer.biasIndex]) if (ix) for (const p of ix) if (p + 1 > e) e = p + 1;
  return e;
}

interface Part<T> {
  src: T;
  index: Int32Array;
}

/**
 * The Hessian as a P×P tensor (row-major, entry [p, q] = ∂²R/∂θ_p∂θ_q), and the
 * kinks met (on a kink the left slopes are used, as in every pass).
 */
export function hessianTensor<T extends Tensor, S>(
  be: Backend<T, S>,
  net: Network,
  loss: Loss,
  theta: T,
  X: T,
  Y: T,
  forced?: ForcedPieces,
): { hessian: T; kinks: KinkHit[] } {
  const P = net.paramCount;
  const N = X.cols;
  const tr = forward(be, net, theta, X, true, forced);
  const lv = evalLoss(be, loss, tr.output, Y);
  const L = tr.layers.length;

  // Backward: g[l] = ∂R/∂a_l, D[l] = ∂R/∂z_l.
  const g: T[] = new Array(L),
    D: T[] = new Array(L);
  let delta = lv.grad;
  for (let l = L - 1; l >= 0; l--) {
    const lt = tr.layers[l];
    g[l] = delta;
    D[l] = lt.act ? be.hadamard(delta, lt.act.slope) : delta;
    if (l > 0) delta = backpropagate(be, lt, D[l]);
  }

  const parts: Part<T>[] = [];
  // Forward tangents: A = Ã_{l−1} (null while no parameter has been read), Q = its parameter bound.
  let A: T | null = null;
  let Q = 0;
  for (let l = 0; l < L; l++) {
    const lt = tr.layers[l];
    const layer = lt.layer;
    const out = layer.outDim,
      inDim = layer.inDim;
    const Ql = Math.max(Q, paramEnd(layer));
    // Cross-layer bilinear block with the tangents of the layer's input.
    if (A && layer.weightIndex && Q > 0) {
      const C = be.matmulNT(be.slice(A, 0, inDim * Q, N), D[l]); // [(j, q), u]
      const wi = layer.weightIndex;
      const Qp = Q;
      const [pq, qp] = ['pq', 'qp'].map((dir) =>
        cached(layer, `B/${dir}/${Qp}/${P}`, () => {
          const ix = new Int32Array(inDim * Qp * out);
          for (let j = 0; j < inDim; j++)
            for (let q = 0; q < Qp; q++)
              for (let u = 0; u < out; u++) {
                const p = wi[u * inDim + j];
                ix[(j * Qp + q) * out + u] = p < 0 ? -1 : dir === 'pq' ? p * P + q : q * P + p;
              }
          return ix;
        }),
      );
      parts.push({ src: C, index: pq }, { src: C, index: qp });
    }
    if (Ql === 0) continue; // nothing depends on θ yet (e.g. pooling of the input)
    // Z_l = W_l·Ã_{l−1} + direct terms, as outDim × (Ql·N).
    const zParts: Part<T>[] = [];
    if (A && Q > 0) {
      const Qp = Q;
      zParts.push({
        src: propagate(be, lt, A),
        index: cached(layer, `Z/prop/${Qp}/${Ql}/${N}`, () => {
          const ix = new Int32Array(out * Qp * N);
          for (let u = 0; u < out; u++) for (let c = 0; c < Qp * N; c++) ix[u * Qp * N + c] = u * Ql * N + c;
          return ix;
        }),
      });
    }
    if (layer.weightIndex) {
      const wi = layer.weightIndex;
      // a_{l−1}[j, i] at [u, p·N + i] for every weight entry (u, j) read from parameter p
      const src = cached(layer, `Z/wsrc/${N}`, () => {
        const ix = new Int32Array(out * inDim * N);
        for (let u = 0; u < out; u++)
          for (let j = 0; j < inDim; j++)
            for (let i = 0; i < N; i++) ix[(u * inDim + j) * N + i] = wi[u * inDim + j] < 0 ? -1 : j * N + i;
        return ix;
      });
      zParts.push({
        src: be.gather(lt.input, src, 1, src.length),
        index: cached(layer, `Z/w/${Ql}/${N}`, () => {
          const ix = new Int32Array(out * inDim * N);
          for (let u = 0; u < out; u++)
            for (let j = 0; j < inDim; j++) {
              const p = wi[u * inDim + j];
              for (let i = 0; i < N; i++) ix[(u * inDim + j) * N + i] = p < 0 ? -1 : u * Ql * N + p * N + i;
            }
          return ix;
        }),
      });
    }
    if (layer.biasIndex) {
      const bi = layer.biasIndex;
      zParts.push({
        src: be.fromNumbers(1, out * N, new Float64Array(out * N).fill(1)),
        index: cached(layer, `Z/b/${Ql}/${N}`, () => {
          const ix = new Int32Array(out * N);
          for (let u = 0; u < out; u++) for (let i = 0; i < N; i++) ix[u * N + i] = u * Ql * N + bi[u] * N + i;
          return ix;
        }),
      });
    }
    const Z = be.slice(be.scatterSum(zParts, out * Ql * N), 0, out, Ql * N);
    // σ″ part: Σ_{u,i} (∂R/∂a_l ⊙ σ″)[u, i] · Z[u, q·N + i] · Z[u, q′·N + i], as a Gram matrix over (u, i).
    if (lt.act?.curvature && layer.activation.kind !== 'pwl') {
      const w = be.hadamard(g[l], lt.act.curvature);
      const zt = cached(layer, `curv/z/${Ql}/${N}`, () => {
        const ix = new Int32Array(Ql * out * N);
        for (let q = 0; q < Ql; q++)
          for (let u = 0; u < out; u++) for (let i = 0; i < N; i++) ix[(q * out + u) * N + i] = u * Ql * N + q * N + i;
        return ix;
      });
      const wt = cached(layer, `curv/w/${Ql}/${N}`, () => {
        const ix = new Int32Array(Ql * out * N);
        for (let q = 0; q < Ql; q++) for (let k = 0; k < out * N; k++) ix[q * out * N + k] = k;
        return ix;
      });
      const Zt = be.gather(Z, zt, Ql, out * N);
      parts.push({
        src: be.matmulNT(be.hadamard(Zt, be.gather(w, wt, Ql, out * N)), Zt),
        index: blockIndex(layer, Ql, P),
      });
    }
    A = lt.act
      ? be.hadamard(
          Z,
          be.gather(
            lt.act.slope,
            cached(layer, `tile/${Ql}/${N}`, () => {
              const ix = new Int32Array(out * Ql * N);
              for (let u = 0; u < out; u++)
                for (let q = 0; q < Ql; q++) for (let i = 0; i < N; i++) ix[(u * Ql + q) * N + i] = u * N + i;
              return ix;
            }),
            out,
            Ql * N,
          ),
        )
      : Z;
    Q = Ql;
  }

  // Gauss–Newton part Jᵀℓ″J with J = Ã_L, rearranged as Q × (d_Y·N): row q, column o·N + i.
  if (A && Q > 0) {
    const last = tr.layers[L - 1].layer;
    const dY = last.outDim;
    const Qp = Q;
    const Jt = be.gather(
      A,
      cached(last, `J/${Qp}/${N}`, () => {
        const ix = new Int32Array(Qp * dY * N);
        for (let q = 0; q < Qp; q++)
          for (let o = 0; o < dY; o++) for (let i = 0; i < N; i++) ix[(q * dY + o) * N + i] = o * Qp * N + q * N + i;
        return ix;
      }),
      Qp,
      dY * N,
    );
    let gn: T;
    if (loss.kind === 'squared') {
      // ℓ″ = 2k·I: the Gram matrix JJᵀ (symmetric as computed), then one scaling
      const k = squaredRiskFactor(be.field, loss, N);
      gn = be.scale(be.matmulNT(Jt, Jt), be.field.add(k, k));
    } else {
      // a general loss Hessian, applied per parameter to its d_Y × N output tangent
      const rows = Array.from({ length: Qp }, (_, q) => ({
        src: lv.hessApply(be.slice(Jt, q * dY * N, dY, N)),
        index: cached(last, `J/row/${q}/${dY * N}`, () =>
          Int32Array.from({ length: dY * N }, (_, k) => q * dY * N + k),
        ),
      }));
      gn = be.matmulNT(Jt, be.slice(be.scatterSum(rows, Qp * dY * N), 0, Qp, dY * N));
    }
    parts.push({ src: gn, index: blockIndex(last, Qp, P) });
  }
  return { hessian: be.slice(be.scatterSum(parts, P * P), 0, P, P), kinks: kinksOf(tr) };
}

/** Flat positions q·P + q′ of the leading Q×Q block of a P×P matrix. */
function blockIndex(layer: CompiledLayer, Q: number, P: number): Int32Array {
  return cached(layer, `block/${Q}/${P}`, () => {
    const ix = new Int32Array(Q * Q);
    for (let q = 0; q < Q; q++) for (let r = 0; r < Q; r++) ix[q * Q + r] = q * P + r;
    return ix;
  });
}

/** The full P×P Hessian of the risk (row-major rows), by structured products (see hessianTensor). */
// duplicates: the parameter list every pass shares with riskGradient (backend, net, loss, θ, X, Y, forced pieces)
export function hessian<T extends Tensor, S>(
  be: Backend<T, S>,
  net: Network,
  loss: Loss,
  theta: T,
  X: T,
  Y: T,
  forced?: ForcedPieces,
): { hessian: S[][]; kinks: KinkHit[] } {
  const h = hessianTensor(be, net, loss, theta, X, Y, forced);
  const P = net.paramCount;
  // row by row: one copy (a float slice is a view)
  return {
    hessian: Array.from({ length: P }, (_, p) => be.toScalars(be.slice(h.hessian, p * P, 1, P))),
    kinks: h.kinks,
  };
}
