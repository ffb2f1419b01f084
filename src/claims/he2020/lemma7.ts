/**
 * He et al. 2020, Lemma 7 on its own (Appendix A.5; note P12): random u
 * (Σu = 0, u ≠ 0), v with forced ties, distinct x.
 */
import fc from 'fast-check';
import type { Fraction } from 'fraction.js';
import { z } from 'zod';
import { smallRational } from '../../gen/arbitraries.js';
import { ratio, sum, ZERO } from '../../numeric/rational.js';
import { lemma7Split, separationGap } from '../../papers/he2020/index.js';
import { encQs } from '../codec.js';
import { instanceKind, proved, refuted } from '../define.js';
import { rationalRows, rationals } from '../schema.js';
import type { Outcome } from '../types.js';
import { he2020 } from './paper.js';

interface SplitValue {
  u: Fraction[];
  v: Fraction[];
  xs: Fraction[][];
}

const splitValues = instanceKind({
  generate: () =>
    fc
      .record({
        dX: fc.integer({ min: 1, max: 2 }),
        levels: fc.array(smallRational(3, 1), { minLength: 1, maxLength: 3 }),
        pick: fc.array(fc.nat(), { minLength: 8, maxLength: 8 }),
        u0: fc.array(smallRational(4, 1), { minLength: 7, maxLength: 7 }),
        xs: fc.uniqueArray(fc.array(smallRational(5, 2), { minLength: 2, maxLength: 2 }), {
          minLength: 2,
          maxLength: 8,
          selector: (r) => r[0].toFraction(),
        }),
      })
      .map(({ dX, levels, pick, u0, xs }): SplitValue => {
        const n = xs.length;
        const u = u0.slice(0, n - 1);
        u.push(ZERO.sub(sum(u))); // Σu = 0
        return {
          u,
          v: Array.from({ length: n }, (_, i) => levels[pick[i] % levels.length]),
          xs: xs.map((x) => x.slice(0, dX)),
        };
      }),
  detect: (v) => (v.u.every((x) => x.n === 0n) ? 'u = 0' : null),
  codec: z.object({ u: rationals, v: rationals, xs: rationalRows }),
  describe: (v) =>
    `u = (${encQs(v.u).join(', ')})\nv = (${encQs(v.v).join(', ')})\nx = ${v.xs.map((x) => `(${encQs(x).join(', ')})`).join(', ')}`,
  hypotheses: [
    'u ≠ 0 with Σ u = 0',
    'v with many ties (values from a set of 1–3)',
    'pairwise distinct x_i in 1–2 dimensions',
  ],
});

export const lemma7Separation = he2020.claim({
  id: 'he2020.lemma7.separation',
  section: 'Appendix A.5, Lemma 7, eqs. (50)–(58)',
  title: 'Lemma 7: a separation I ∪ J with Σ_I u ≠ 0 exists for distinct inputs',
  statement:
    'For u ≠ 0 with Σu = 0, any v, and pairwise distinct x_i, there are disjoint non-empty I, J covering all samples and β such that, for all small α > 0, v_i − αβᵀx_i < v_j − αβᵀx_j for i ∈ I, j ∈ J, and Σ_{i∈I} u_i ≠ 0. Checked exactly: Σ_I u ≠ 0, and some α = 2^-p has a strictly positive gap, and so do all smaller α tried.',
  instance: splitValues,
  check: (v): Outcome => {
    const sp = lemma7Split(v.u, v.v, v.xs);
    const fail = (computed: string) =>
      refuted('a separation with Σ_I u ≠ 0 exists (Lemma 7)', computed, { u: encQs(v.u), v: encQs(v.v) });
    if (!sp) return fail('the algorithm found no separation');
    const I = new Set(sp.I);
    if (
      sp.I.length === 0 ||
      sp.J.length === 0 ||
      sp.I.length + sp.J.length !== v.u.length ||
      sp.J.some((j) => I.has(j))
    )
      return fail('I and J do not partition the samples into two non-empty sets');
    if (sum(sp.I.map((i) => v.u[i])).n === 0n) return fail('Σ_I u = 0');
    const gap = (p: number) => separationGap(sp, v.v, v.xs, ratio(1n, 2n ** BigInt(p))).gap;
    let first = -1;
    for (let p = 1; p <= 60; p++)
      if (gap(p).compare(0) > 0) {
        first = p;
        break;
      }
    if (first < 0) return fail('no α = 2^-p (p ≤ 60) gives a positive gap');
    for (let p = first; p <= first + 10; p++)
      if (gap(p).compare(0) <= 0) return fail(`the gap is positive at α = 2^-${first} but not at 2^-${p}`);
    return proved();
  },
});
