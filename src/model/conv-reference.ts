/**
 * Direct (loop) convolution and pooling, written independently of the
 * Toeplitz index maps and pooling windows in ./network.ts, so tests can check
 * that a network's layer equals its unrolled matrix (or its selection) exactly.
 */
import type { Field } from '../numeric/field.js';
import type { Padding } from './network.js';

/**
 * Cross-correlation with zero padding and a stride [sh, sw] (default 1).
 * x: [C][H][W], w: [T][C][kh][kw], bias: [T] (one per map), [T][Ho][Wo] (one per
 * output position) or null → [T][Ho][Wo] (before activation). 'valid': the
 * windows that fit, every s-th; 'same' (TensorFlow): ⌈n/s⌉ outputs per axis,
 * with ⌊p/2⌋ zeros before, p = max((⌈n/s⌉ − 1)·s + k − n, 0).
 */
export function conv2dDirect<S>(
  f: Field<S>,
  x: S[][][],
  w: S[][][][],
  bias: S[] | S[][][] | null,
  padding: Padding,
  stride: readonly [number, number] = [1, 1],
): S[][][] {
  const C = x.length,
    H = x[0].length,
    W = x[0][0].length;
  const kh = w[0][0].length,
    kw = w[0][0][0].length;
  const [sh, sw] = stride;
  const outs = (n: number, k: number, s: number) =>
    padding === 'same' ? Math.ceil(n / s) : Math.floor((n - k) / s) + 1;
  const Ho = outs(H, kh, sh),
    Wo = outs(W, kw, sw);
  const before = (n: number, k: number, s: number, o: number) =>
    padding === 'same' ? Math.floor(Math.max((o - 1) * s + k - n, 0) / 2) : 0;
  const ph = before(H, kh, sh, Ho),
    pw = before(W, kw, sw, Wo);
  const at = (c: number, r: number, q: number) => (r < 0 || r >= H || q < 0 || q >= W ? f.zero : x[c][r][q]);
  return w.map((filter, t) =>
    Array.from({ length: Ho }, (_, r) =>
      Array.from({ length: Wo }, (_, q) => {
        const b = bias === null ? f.zero : Array.isArray(bias[t]) ? (bias as S[][][])[t][r][q] : (bias as S[])[t];
        let s = b;
        for (let c = 0; c < C; c++)
          for (let i = 0; i < kh; i++)
            for (let j = 0; j < kw; j++) s = f.add(s, f.mul(filter[c][i][j], at(c, r * sh + i - ph, q * sw + j - pw)));
        return s;
      }),
    ),
  );
}

/** Windows of sh×sw every [th, tw] entries (default: non-overlapping) within each map, floor mode; x: [C][H][W]. */
function pool2d<S>(
  x: S[][][],
  sh: number,
  sw: number,
  stride: readonly [number, number] | undefined,
  reduce: (window: S[]) => S,
): S[][][] {
  const [th, tw] = stride ?? [sh, sw];
  const H = Math.floor((x[0].length - sh) / th) + 1,
    W = Math.floor((x[0][0].length - sw) / tw) + 1;
  return x.map((m) =>
    Array.from({ length: H }, (_, r) =>
      Array.from({ length: W }, (_, q) => {
        const window: S[] = [];
        for (let i = 0; i < sh; i++) for (let j = 0; j < sw; j++) window.push(m[r * th + i][q * tw + j]);
        return reduce(window);
      }),
    ),
  );
}

/** Average pooling within each map; x: [C][H][W]. */
export function avgPool2dDirect<S>(
  f: Field<S>,
  x: S[][][],
  sh: number,
  sw: number,
  stride?: readonly [number, number],
): S[][][] {
  const inv = f.fromRatio(1, sh * sw);
  return pool2d(x, sh, sw, stride, (win) =>
    f.mul(
      win.reduce((s, v) => f.add(s, v), f.zero),
      inv,
    ),
  );
}

/** Max pooling within each map; x: [C][H][W]. */
// duplicates: the parameter list of avgPool2dDirect (the shared loop is pool2d)
export function maxPool2dDirect<S>(
  f: Field<S>,
  x: S[][][],
  sh: number,
  sw: number,
  stride?: readonly [number, number],
): S[][][] {
  return pool2d(x, sh, sw, stride, (win) => win.reduce((m, v) => (f.compare(v, m) > 0 ? v : m)));
}
