/**
 * Direct (loop) convolution and average pooling, written independently of
 * the Toeplitz index maps in ./network.ts, so tests can check that a
 * network's convolution layer equals its unrolled matrix exactly.
 */
import type { Field } from '../numeric/field.js';
import type { Padding } from './network.js';

/**
 * Cross-correlation with zero padding, stride 1.
 * x: [C][H][W], w: [T][C][kh][kw], bias: [T] (or null) → [T][Ho][Wo] (before activation).
 */
export function conv2dDirect<S>(f: Field<S>, x: S[][][], w: S[][][][], bias: S[] | null, padding: Padding): S[][][] {
  const C = x.length,
    H = x[0].length,
    W = x[0][0].length;
  const kh = w[0][0].length,
    kw = w[0][0][0].length;
  const ph = padding === 'same' ? (kh - 1) / 2 : 0,
    pw = padding === 'same' ? (kw - 1) / 2 : 0;
  const Ho = padding === 'same' ? H : H - kh + 1,
    Wo = padding === 'same' ? W : W - kw + 1;
  const at = (c: number, r: number, q: number) => (r < 0 || r >= H || q < 0 || q >= W ? f.zero : x[c][r][q]);
  return w.map((filter, t) =>
    Array.from({ length: Ho }, (_, r) =>
      Array.from({ length: Wo }, (_, q) => {
        let s = bias ? bias[t] : f.zero;
        for (let c = 0; c < C; c++)
          for (let i = 0; i < kh; i++)
            for (let j = 0; j < kw; j++) s = f.add(s, f.mul(filter[c][i][j], at(c, r + i - ph, q + j - pw)));
        return s;
      }),
    ),
  );
}

/** Non-overlapping average pooling within each map; x: [C][H][W]. */
export function avgPool2dDirect<S>(f: Field<S>, x: S[][][], sh: number, sw: number): S[][][] {
  const H = Math.floor(x[0].length / sh),
    W = Math.floor(x[0][0].length / sw);
  const inv = f.fromRatio(1, sh * sw);
  return x.map((m) =>
    Array.from({ length: H }, (_, r) =>
      Array.from({ length: W }, (_, q) => {
        let s = f.zero;
        for (let i = 0; i < sh; i++) for (let j = 0; j < sw; j++) s = f.add(s, m[r * sh + i][q * sw + j]);
        return f.mul(s, inv);
      }),
    ),
  );
}
