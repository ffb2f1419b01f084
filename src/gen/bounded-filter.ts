/**
 * `arb.filter(pred)` with a bound on the draws. fast-check's filter draws
 * until the predicate holds, so a predicate that (through a bug, or data no
 * generator can meet) never holds hangs the run without a word. Here the
 * generation gives up after `tries` draws with an error naming the
 * hypothesis; shrinking is fast-check's own filter, unchanged.
 */
import fc from 'fast-check';

class BoundedFilter<T> extends fc.Arbitrary<T> {
  private readonly filtered: fc.Arbitrary<T>;
  constructor(
    private readonly arb: fc.Arbitrary<T>,
    private readonly pred: (v: T) => boolean,
    private readonly tries: number,
    private readonly what: string,
  ) {
    super();
    this.filtered = arb.filter(pred);
  }
  generate(mrng: fc.Random, biasFactor: number | undefined): fc.Value<T> {
    for (let k = 0; k < this.tries; k++) {
      const g = this.arb.generate(mrng, biasFactor);
      if (this.pred(g.value)) return g;
    }
    throw new Error(`the generator drew ${this.tries} values and none met the hypothesis: ${this.what}`);
  }
  canShrinkWithoutContext(value: unknown): value is T {
    return this.filtered.canShrinkWithoutContext(value);
  }
  shrink(value: T, context: unknown): fc.Stream<fc.Value<T>> {
    return this.filtered.shrink(value, context);
  }
}

/** Values of `arb` meeting `pred` (named by `what`); an error after `tries` draws that all fail it. */
export function boundedFilter<T>(
  arb: fc.Arbitrary<T>,
  pred: (v: T) => boolean,
  what: string,
  tries = 10_000,
): fc.Arbitrary<T> {
  return new BoundedFilter(arb, pred, tries, what);
}
