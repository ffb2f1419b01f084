/**
 * Which found counterexamples are worth a new file: the saving rule.
 *
 * A claim with no saved counterexample gets the first one it finds. After
 * that a new file is written only when the counterexample is new in kind:
 *   - it fails differently from every saved one (another failure kind: the
 *     strength, exact or float-only, and the shape of its evidence with the
 *     numbers left out), or
 *   - it is smaller than every saved one that fails the same way, in the
 *     order fast-check shrinks toward: fewer numbers in the value (fewer
 *     samples, narrower networks), then smaller numbers (Σ |p| + q − 1 over
 *     its rationals and integers).
 * So runs with new seeds stop piling up files that say the same thing.
 */
import type { Json } from '../claims/types.js';
import { canonical, type Counterexample } from './counterexamples.js';

const RATIONAL_TEXT = /^-?\d+(\/\d+)?$/;

/** The size of an encoded value: how many scalars it holds, then how large its numbers are. */
export interface ValueSize {
  /** numbers, strings and booleans in the value (array entries counted one by one) */
  entries: number;
  /** Σ |p| + q − 1 over its rationals ("p/q", "p") and integers */
  magnitude: bigint;
}

export function valueSize(j: Json): ValueSize {
  let entries = 0;
  let magnitude = 0n;
  const walk = (x: Json): void => {
    if (Array.isArray(x)) x.forEach(walk);
    else if (x !== null && typeof x === 'object') Object.values(x).forEach(walk);
    else if (x !== null) {
      entries++;
      if (typeof x === 'number' && Number.isSafeInteger(x)) magnitude += BigInt(Math.abs(x));
      else if (typeof x === 'string' && RATIONAL_TEXT.test(x)) {
        const [p, q = '1'] = x.replace('-', '').split('/');
        magnitude += BigInt(p) + BigInt(q) - 1n;
      }
    }
  };
  walk(j);
  return { entries, magnitude };
}

/** Negative when a is smaller than b (fewer entries, then smaller magnitude), 0 when equal in size. */
export function compareSize(a: ValueSize, b: ValueSize): number {
  if (a.entries !== b.entries) return a.entries - b.entries;
  return a.magnitude < b.magnitude ? -1 : a.magnitude > b.magnitude ? 1 : 0;
}

/** The evidence with every number left out: objects keep their keys, arrays the set of their entries' shapes. */
function shape(j: Json): Json {
  if (Array.isArray(j)) return [...new Set(j.map((x) => canonical(shape(x))))].sort();
  if (j !== null && typeof j === 'object') return Object.fromEntries(Object.entries(j).map(([k, x]) => [k, shape(x)]));
  if (typeof j === 'number' || (typeof j === 'string' && RATIONAL_TEXT.test(j))) return '#';
  if (typeof j === 'string') return j.replace(/-?\d+(\.\d+)?(\/\d+)?(…)?/g, '#');
  return j;
}

/** How a counterexample fails, numbers aside: equal for two failures of the same kind. */
export function failureKind(f: Counterexample['failure']): string {
  return canonical({ strength: f.strength, evidence: shape(f.evidence) });
}

/**
 * Whether a found counterexample gets a file, given the readable saved ones of
 * its claim: `save` and the reason in words (naming, when not saved, the
 * saved file it is no smaller than).
 */
export function saveRule(
  found: Counterexample,
  saved: readonly { file: string; cex: Counterexample }[],
): { save: boolean; why: string } {
  if (saved.length === 0) return { save: true, why: 'the first saved counterexample of this claim' };
  const kind = failureKind(found.failure);
  const same = saved.filter((s) => failureKind(s.cex.failure) === kind);
  if (same.length === 0) return { save: true, why: 'it fails differently from every saved one' };
  const size = valueSize(found.value);
  const notLarger = same.find((s) => compareSize(size, valueSize(s.cex.value)) >= 0);
  if (!notLarger) return { save: true, why: 'it is smaller than every saved one that fails the same way' };
  return {
    save: false,
    why: `not new in kind: it fails the same way as ${notLarger.file} and is no smaller`,
  };
}
