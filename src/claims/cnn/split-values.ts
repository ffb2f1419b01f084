/**
 * The split instances of Lemmas 2/3: a table v (N samples × M locations: v[i][j]
 * is the bias-free pre-activation of sample i at location j of layer L−3, eq. 6)
 * and the loss derivatives u (u_i = ∂l/∂o_1 at sample i; Σu = 0 by stationarity
 * in the output bias, §3.2.1). Constructions: src/papers/cnn/split.ts.
 */
import fc from 'fast-check';
import type { Fraction } from 'fraction.js';
import { z } from 'zod';
import { sum, toRat } from '../../numeric/rational.js';
import { column, groupsAt } from '../../papers/cnn/index.js';
import { encQ } from '../codec.js';
import { instanceKind } from '../define.js';
import { rationalRows, rationals } from '../schema.js';

export interface SplitValue {
  /** v[i][j]: sample i, location j */
  v: Fraction[][];
  u: Fraction[];
}

/** v as a table (samples × locations) with u, then the groups of every location. */
export function splitTable(x: SplitValue, opts: { groups?: boolean } = {}): string {
  const M = x.v[0]?.length ?? 0;
  const cells = x.v.map((r, i) => [`${i + 1}`, ...r.map(encQ), encQ(x.u[i])]);
  const head = ['sample', ...Array.from({ length: M }, (_, j) => `loc${j + 1}`), 'u'];
  const widths = head.map((h, c) => Math.max(h.length, ...cells.map((r) => r[c].length)));
  const line = (r: string[]) => '  ' + r.map((s, c) => s.padStart(widths[c])).join('  ');
  const out = [line(head), ...cells.map(line)];
  if (opts.groups !== false)
    for (let j = 0; j < M; j++)
      out.push(
        `  loc${j + 1} groups (v: samples, u-sum): ${groupsAt(column(x.v, j), x.u)
          .map((g) => `${encQ(g.value)}: {${g.members.map((i) => i + 1).join(',')}}, ${encQ(g.sum)}`)
          .join('; ')}`,
      );
  return out.join('\n');
}

/** Shape, Σu = 0 and u ≠ 0 (bias stationarity and R > 0, §3.2.1 and Lemma 11.4). */
export function detectBasic(x: SplitValue): string | null {
  const N = x.v.length;
  if (N < 2) return 'fewer than 2 samples';
  if (x.u.length !== N) return 'u and v have different numbers of samples';
  const M = x.v[0].length;
  if (M < 1 || x.v.some((r) => r.length !== M)) return 'the rows of v have different lengths';
  if (sum(x.u).n !== 0n) return 'Σu ≠ 0 (the output bias is not stationary)';
  if (x.u.every((t) => t.n === 0n)) return 'u = 0 (R > 0 forces u ≠ 0)';
  return null;
}

/** Assumption 1 in v-terms: every pair of samples differs at some location. */
function unseparatedPair(x: SplitValue): [number, number] | null {
  for (let i = 0; i < x.v.length; i++)
    for (let k = i + 1; k < x.v.length; k++) if (x.v[i].every((t, j) => t.equals(x.v[k][j]))) return [i, k];
  return null;
}
export function detectSeparated(x: SplitValue): string | null {
  const b = detectBasic(x);
  if (b) return b;
  const p = unseparatedPair(x);
  return p ? `samples ${p[0] + 1} and ${p[1] + 1} have the same v at every location (Assumption 1 fails)` : null;
}

export interface SplitArbOptions {
  /** samples N and locations M: [min, max] */
  n: [number, number];
  m: [number, number];
  /** entries of v (integers in [min, max]; small ranges force ties) */
  v: [number, number];
  /** raw u entries (integers in [min, max]) */
  u: [number, number];
  /** distinct v values (only meaningful with M = 1) */
  distinct?: boolean;
}

/** Σu = 0: u_N := −(u_1 + … + u_{N−1}). */
export function balanceU(raw: number[]): number[] {
  const u = raw.slice();
  u[u.length - 1] = -u.slice(0, -1).reduce((a, b) => a + b, 0);
  return u.map((x) => x + 0);
}

/** Samples as records (a row of maxM entries and a raw u), M chosen separately: each part shrinks on its own. */
export function splitArb(o: SplitArbOptions): fc.Arbitrary<SplitValue> {
  const [minN, maxN] = o.n,
    [minM, maxM] = o.m;
  const entry = fc.integer({ min: o.v[0], max: o.v[1] });
  const sample = fc.record({
    row: fc.array(entry, { minLength: maxM, maxLength: maxM }),
    u: fc.integer({ min: o.u[0], max: o.u[1] }),
  });
  const samples = o.distinct
    ? fc.uniqueArray(sample, { minLength: minN, maxLength: maxN, selector: (s) => s.row[0] })
    : fc.array(sample, { minLength: minN, maxLength: maxN });
  return fc.record({ M: fc.integer({ min: minM, max: maxM }), samples }).map(({ M, samples }) => {
    const u = balanceU(samples.map((s) => s.u));
    return { v: samples.map((s) => s.row.slice(0, M).map((x) => toRat(x))), u: u.map((x) => toRat(x)) };
  });
}

/**
 * Biased toward zero group sums: u ∈ {−1, 0, 1}^N with Σu = 0, as k pairs
 * (+1, −1) on the first 2k samples and 0 on the rest. Rows repeated in their
 * first M entries are dropped (Assumption 1 by construction; the detector
 * still checks it), so removing a row while shrinking keeps the hypotheses.
 */
export function pairedArb(o: {
  maxN: number;
  maxPairs: number;
  minM: number;
  maxM: number;
  v: fc.Arbitrary<number>;
}): fc.Arbitrary<SplitValue> {
  const row = fc.array(o.v, { minLength: o.maxM, maxLength: o.maxM });
  return fc
    .record({
      M: fc.integer({ min: o.minM, max: o.maxM }),
      rows: fc.array(row, { minLength: 2, maxLength: o.maxN }),
      pairs: fc.integer({ min: 1, max: o.maxPairs }),
    })
    .map(({ M, rows, pairs }) => {
      const seen = new Set<string>();
      const kept = rows.map((r) => r.slice(0, M)).filter((r) => !seen.has(r.join(',')) && !!seen.add(r.join(',')));
      const k = Math.max(1, Math.min(pairs, Math.floor(kept.length / 2)));
      return {
        v: kept.map((r) => r.map((x) => toRat(x))),
        u: kept.map((_, i) => toRat(i < 2 * k ? (i % 2 === 0 ? 1 : -1) : 0)),
      };
    });
}

export const groupList = (x: SplitValue, j: number) =>
  groupsAt(column(x.v, j), x.u)
    .map((g) => `v = ${encQ(g.value)}: samples {${g.members.map((i) => i + 1).join(', ')}}, u-sum ${encQ(g.sum)}`)
    .join('; ');

export const splitCodec = z.object({ v: rationalRows, u: rationals });

export const describeSplit = (x: SplitValue) => `v (samples × locations) and u:\n${splitTable(x)}`;

/** Split instances from a generator and a detector. */
export const splitValues = (generate: () => fc.Arbitrary<SplitValue>, detect: (x: SplitValue) => string | null) =>
  instanceKind<SplitValue>({ generate, detect, codec: splitCodec, describe: describeSplit });
