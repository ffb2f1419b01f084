/**
 * The scalar interface: one object of operations per arithmetic, acting on
 * that arithmetic's values. Floats are plain `number`s, rationals are
 * fraction.js `Fraction`s (bigint numerator/denominator), decimals are
 * decimal.js `Decimal`s. Constructions and small algebra are written once
 * against `Field<S>` and run in all three.
 *
 * Whole-layer work (forward passes, risks, gradients) goes through the tensor
 * level in `./backend.ts` instead, for speed.
 */
export type FieldKind = 'rational' | 'float64' | 'decimal' | 'germ' | 'laurent';

export type Sign = -1 | 0 | 1;

export interface Field<S> {
  readonly kind: FieldKind;
  /** True when every operation is exact (rational arithmetic). */
  readonly exact: boolean;
  readonly zero: S;
  readonly one: S;
  fromInt(n: number | bigint): S;
  /** num/den; den must be nonzero. */
  fromRatio(num: bigint | number, den: bigint | number): S;
  /**
   * Parse an integer ("-3"), a fraction ("-3/4") or a decimal ("1.25", "2e-3").
   * Malformed text throws a `ScalarParseError` naming the text.
   */
  fromString(text: string): S;
  /** A double, converted exactly for the rational field (every finite double is dyadic). */
  fromNumber(x: number): S;
  add(a: S, b: S): S;
  sub(a: S, b: S): S;
  mul(a: S, b: S): S;
  /** Throws `RangeError` on division by zero in the exact and decimal fields. */
  div(a: S, b: S): S;
  neg(a: S): S;
  abs(a: S): S;
  compare(a: S, b: S): Sign;
  sign(a: S): Sign;
  isZero(a: S): boolean;
  eq(a: S, b: S): boolean;
  toNumber(a: S): number;
  /** Lossless for the rational field ("p/q", or "p" when q = 1). */
  toString(a: S): string;
  /** Numerator and denominator, for the rational field only (den > 0). */
  toRatio?(a: S): { num: bigint; den: bigint };
}

/** Fields with the transcendental functions needed by smooth activations and cross-entropy. */
export interface TranscendentalField<S> extends Field<S> {
  exp(a: S): S;
  log(a: S): S;
  tanh(a: S): S;
  sigmoid(a: S): S;
  sqrt(a: S): S;
}

export function isTranscendental<S>(f: Field<S>): f is TranscendentalField<S> {
  return typeof (f as Partial<TranscendentalField<S>>).exp === 'function';
}

export class ScalarParseError extends Error {
  constructor(
    readonly text: string,
    reason: string,
  ) {
    super(`cannot read ${JSON.stringify(text)} as a number: ${reason}`);
    this.name = 'ScalarParseError';
  }
}

/** Sum of a list of scalars. */
export function sumOf<S>(f: Field<S>, xs: Iterable<S>): S {
  let acc = f.zero;
  for (const x of xs) acc = f.add(acc, x);
  return acc;
}

/** Inner product of two equal-length lists. */
export function dotOf<S>(f: Field<S>, a: readonly S[], b: readonly S[]): S {
  if (a.length !== b.length) throw new RangeError(`dot: lengths ${a.length} and ${b.length} differ`);
  let acc = f.zero;
  for (let i = 0; i < a.length; i++) acc = f.add(acc, f.mul(a[i], b[i]));
  return acc;
}

export function minOf<S>(f: Field<S>, a: S, b: S): S {
  return f.compare(a, b) <= 0 ? a : b;
}

export function maxOf<S>(f: Field<S>, a: S, b: S): S {
  return f.compare(a, b) >= 0 ? a : b;
}
