/**
 * Theorem 3's θ₁ with the second subnetwork chosen (App. B, note §5e.6): the
 * expressive second subnetwork whose W_2 is the exact affine least squares on
 * the samples ∉ I (with and without a pooling layer), and θ₁ from any second
 * subnetwork. The network, the split, W_2, λ, the constants: ./theorem3.ts.
 */
import type { Fraction } from 'fraction.js';
import { affineFitOf } from '../../model/affine.js';
import type { Dataset } from '../../model/data.js';
import { ONE, ZERO } from '../../numeric/rational.js';
import {
  applyAffine,
  buildTheta1,
  fcQ,
  lambdaOf,
  poolOf,
  split,
  subForms,
  sufficientC,
  type Split,
  type SubNet,
  type T3Arch,
  type Theta1,
} from './theorem3.js';

/**
 * The expressive second subnetwork (note §5e.6): channel t (1 ≤ t ≤ C0) of
 * layer 1 is the centre delta on input channel t−1, of higher layers the
 * centre delta on channel t; further channels are zero; base biases 0. Its
 * features are x itself, so the FC weights realise any affine map: they are
 * set to the exact unconstrained affine least squares on the samples ∉ I.
 */
export function expressiveSub(a: T3Arch, data: Dataset, s: Split): { sub: SubNet; lsRisk: Fraction; unique: boolean } {
  if (poolOf(a) > 1) return pooledExpressiveSub(a, data, s);
  if (a.T.some((T) => T < a.C0 + 1))
    throw new Error(`expressiveSub needs T_l ≥ C0 + 1 = ${a.C0 + 1} filters, got ${a.T.join(', ')}`);
  const dx = a.C0 * a.P;
  const filters = a.T.map((Tl, li) =>
    Array.from({ length: Tl - 1 }, (_, t) =>
      Array.from({ length: li === 0 ? a.C0 : a.T[li - 1] - 1 }, (_, ch) => [
        ZERO,
        ch === t && t < a.C0 ? ONE : ZERO,
        ZERO,
      ]),
    ),
  );
  const biases = a.T.map((Tl) => new Array<Fraction>(Tl - 1).fill(ZERO));
  const out = data.inputs.map((_, i) => i).filter((i) => !s.I.includes(i));
  const ls = affineFitOf(
    out.map((i) => data.inputs[i]),
    out.map((i) => data.targets[i]),
  );
  const coef = (m: number, o: number) => ls.W[o][m];
  const last = a.T[a.L - 2] - 1;
  const fc = Array.from({ length: a.dy }, (_, o) =>
    Array.from({ length: last * a.P }, (_, j) => (j < dx ? coef(j, o) : ZERO)),
  );
  const fcBias = Array.from({ length: a.dy }, (_, o) => coef(dx, o));
  return { sub: { filters, biases, fc, fcBias }, lsRisk: ls.sumSquares, unique: ls.unique };
}

/**
 * The expressive second subnetwork before a pooling of size 2: channels 2c + 1 and 2c + 2 of
 * layer 1 read input channel c through the centre tap and the right tap, higher layers copy
 * channel t by its centre tap; further channels are zero; base biases 0. The dense layer reads
 * the window averages ½(x^{2q} + x^{2q+1}) and ½(x^{2q+1} + x^{2q+2}) (x^P = 0), an invertible
 * linear map of x (solve from the last window back), so its FC weights — the exact least squares
 * on those features over the samples ∉ I — realise the best affine map of x there, as without pooling.
 */
function pooledExpressiveSub(a: T3Arch, data: Dataset, s: Split): { sub: SubNet; lsRisk: Fraction; unique: boolean } {
  if (poolOf(a) !== 2) throw new RangeError(`the pooled expressive subnetwork is for pooling size 2, got ${poolOf(a)}`);
  if (a.T.some((T) => T < 2 * a.C0 + 1))
    throw new Error(
      `the pooled expressive subnetwork needs T_l ≥ 2·C0 + 1 = ${2 * a.C0 + 1} filters, got ${a.T.join(', ')}`,
    );
  const tap = (hot: number) => [0, 1, 2].map((j) => (j === hot ? ONE : ZERO));
  const filters = a.T.map((Tl, li) =>
    Array.from({ length: Tl - 1 }, (_, t) =>
      Array.from({ length: li === 0 ? a.C0 : a.T[li - 1] - 1 }, (_, ch) =>
        li === 0
          ? t < 2 * a.C0 && ch === Math.floor(t / 2)
            ? tap(t % 2 === 0 ? 1 : 2)
            : tap(-1)
          : ch === t && t < 2 * a.C0
            ? tap(1)
            : tap(-1),
      ),
    ),
  );
  const biases = a.T.map((Tl) => new Array<Fraction>(Tl - 1).fill(ZERO));
  const width = (a.T[a.L - 2] - 1) * fcQ(a);
  const blank: SubNet = { filters, biases, fc: [new Array<Fraction>(width).fill(ZERO)], fcBias: [ZERO] };
  const used = 2 * a.C0 * fcQ(a); // the feature rows of the copying channels
  const read = subForms(a, blank, new Array<Fraction>(a.L - 1).fill(ZERO)).read.slice(0, used);
  const out = data.inputs.map((_, i) => i).filter((i) => !s.I.includes(i));
  const ls = affineFitOf(
    out.map((i) => read.map((f) => applyAffine([f], data.inputs[i])[0])),
    out.map((i) => data.targets[i]),
  );
  const fc = ls.W.map((row) => Array.from({ length: width }, (_, j) => (j < used ? row[j] : ZERO)));
  return {
    sub: { filters, biases, fc, fcBias: ls.W.map((row) => row[used]) },
    lsRisk: ls.sumSquares,
    unique: ls.unique,
  };
}

/** θ₁ with the expressive second subnetwork and W_2 = exact least squares on the samples ∉ I. */
export function theta1Expressive(
  a: T3Arch,
  data: Dataset,
  k: number,
  extra: readonly Fraction[],
): (Theta1 & { sub: SubNet }) | null {
  const s = split(a, data, k);
  if (!s) return null;
  const { sub } = expressiveSub(a, data, s);
  return theta1From(a, sub, data, k, s, extra);
}

export function theta1From(
  a: T3Arch,
  sub: SubNet,
  data: Dataset,
  k: number,
  s: Split,
  extra: readonly Fraction[],
): Theta1 & { sub: SubNet } {
  const W2 = subForms(a, sub, new Array<Fraction>(a.L - 1).fill(ZERO)).W2;
  const lambda = lambdaOf(a, W2, data, s, k);
  const c = sufficientC(a, sub, data, extra);
  const { net, theta, deltaOL } = buildTheta1(a, sub, s, lambda, k, c);
  return { net, theta, split: s, lambda, W2, c, deltaOL, sub };
}
