/**
 * Liu (2022) §6.1.3, eqs. (13)–(14): every CPWL function is the max over
 * regions of the min over the pieces that lie above the region's piece
 * (Tarela & Martínez 1999). Checked exactly on random one-dimensional CPWL
 * functions, at every point where the two sides could first differ.
 */
import fc from 'fast-check';
import { Fraction } from 'fraction.js';
import { z } from 'zod';
import { comparisonPoints, evalCpwl, evalLattice, latticeSets, type Cpwl } from '../../papers/liu-cpwl/index.js';
import { encQ, encQs } from '../codec.js';
import { instanceKind, proved, refuted } from '../define.js';
import { rationalCodec, rationals } from '../schema.js';
import type { Outcome } from '../types.js';
import { liuCpwl } from './paper.js';
import { pieceText } from './instances.js';

interface CpwlValue {
  /** τ_1 < … < τ_m */
  breakpoints: Fraction[];
  /** one slope per piece, consecutive slopes distinct */
  slopes: Fraction[];
  /** the first piece's value at 0 */
  intercept: Fraction;
}

/** The continuous function with these breakpoints and slopes on [τ_1 − 1, τ_m + 1]. */
function cpwlOf(v: CpwlValue): Cpwl {
  const pieces = [{ slope: v.slopes[0], intercept: v.intercept }];
  v.breakpoints.forEach((t, m) => {
    const prev = pieces[m];
    const s = v.slopes[m + 1];
    pieces.push({ slope: s, intercept: prev.intercept.add(prev.slope.sub(s).mul(t)) });
  });
  const bs = v.breakpoints;
  return {
    pieces,
    breakpoints: bs,
    domain: [bs[0].sub(1), bs[bs.length - 1].add(1)],
    group: pieces.map((_, m) => m),
  };
}

const randomCpwl = instanceKind<CpwlValue>({
  generate: () =>
    fc
      .record({
        ts: fc.uniqueArray(fc.integer({ min: -12, max: 12 }), { minLength: 1, maxLength: 7 }),
        ss: fc.array(fc.integer({ min: -6, max: 6 }), { minLength: 8, maxLength: 8 }),
        c: fc.integer({ min: -6, max: 6 }),
      })
      .map(({ ts, ss, c }) => {
        const slopes: Fraction[] = [];
        for (let m = 0; m <= ts.length; m++) {
          let s = new Fraction(ss[m], 2);
          if (m > 0 && s.equals(slopes[m - 1])) s = s.add(new Fraction(1, 2)); // a real breakpoint
          slopes.push(s);
        }
        return {
          breakpoints: ts.sort((a, b) => a - b).map((t) => new Fraction(t, 2)),
          slopes,
          intercept: new Fraction(c, 2),
        };
      }),
  detect: (v) => {
    if (v.slopes.length !== v.breakpoints.length + 1) return 'one slope per piece is needed';
    if (v.breakpoints.some((t, m) => m > 0 && t.compare(v.breakpoints[m - 1]) <= 0))
      return 'the breakpoints are not increasing';
    if (v.slopes.some((s, m) => m > 0 && s.equals(v.slopes[m - 1])))
      return 'two consecutive pieces have the same slope';
    return null;
  },
  codec: z.object({ breakpoints: rationals, slopes: rationals, intercept: rationalCodec }),
  describe: (v) => {
    const f = cpwlOf(v);
    return `pieces (left to right): ${f.pieces.map(pieceText).join('; ')}\nbreakpoints: ${encQs(v.breakpoints).join(', ')}\ndomain D = [${encQ(f.domain[0])}, ${encQ(f.domain[1])}]`;
  },
  hypotheses: [
    'a continuous piecewise-linear function of one variable with 1–7 breakpoints',
    'consecutive slopes distinct',
  ],
});

export const latticeRepresentation = liuCpwl.claim({
  id: 'liu-cpwl.lattice.representation',
  section: '§6.1.3, eqs. (13)–(14)',
  title: 'The max–min (lattice) form represents every CPWL function',
  statement:
    'For a CPWL function f with pieces φ_1..φ_M on regions R_1..R_M of a convex domain, f = max_i min_{j ∈ S_i} φ_j with S_i = {j : φ_j ≥ φ_i on R_i} (identical sets kept once). Checked exactly on D at its ends, every breakpoint, every intersection of two pieces and the midpoints between consecutive such points (both sides are affine between them).',
  instance: randomCpwl,
  check: (v): Outcome => {
    const f = cpwlOf(v);
    const sets = latticeSets(f);
    for (const x of comparisonPoints(f)) {
      const want = evalCpwl(f, x),
        got = evalLattice(f.pieces, sets, x);
      if (!got.equals(want))
        return refuted(
          'f = max_i min_{j ∈ S_i} φ_j on D',
          `at x = ${encQ(x)}: f(x) = ${encQ(want)} but the lattice form gives ${encQ(got)} (sets ${JSON.stringify(sets.map((S) => S.map((j) => j + 1)))})`,
          { x: encQ(x), f: encQ(want), lattice: encQ(got), sets: sets.map((S) => S.map((j) => j + 1)) },
        );
    }
    return proved();
  },
});
