/**
 * He et al. 2020, the loss lemmas of Appendix A.1: Lemmas 2 and 8 on the
 * squared loss (note P28), and Lemma 3, cross-entropy's gradient never
 * vanishes for one-hot labels.
 */
import fc from 'fast-check';
import type { Fraction } from 'fraction.js';
import { z } from 'zod';
import { smallRational } from '../../gen/arbitraries.js';
import { evalLoss } from '../../model/loss.js';
import { exactBackend } from '../../numeric/exact-backend.js';
import { intervalArithmetic } from '../../numeric/interval.js';
import { rational } from '../../numeric/rational.js';
import { mse } from '../../papers/he2020/index.js';
import { encQ, encQs } from '../codec.js';
import { instanceKind, proved, refuted, unsupported } from '../define.js';
import { rationalRows } from '../schema.js';
import { he2020 } from './paper.js';

const I = intervalArithmetic(40);
/** the interval proofs are recomputed at this precision before they count (a re-check with tighter enclosures: the same algorithm and the same decimal.js exp/ln, so it guards against precision loss, not against a wrong algorithm) */
const RECHECK = intervalArithmetic(60);

// ---------------------------------------------------------------------------
// Lemmas 2 and 8: the squared loss's gradient in Ŷ is 2(Ŷ − Y), zero exactly
// when Ŷ = Y, and the risk is strictly convex in Ŷ.

interface PredValue {
  y: Fraction[][];
  p1: Fraction[][];
  p2: Fraction[][];
}

const predictions = instanceKind({
  generate: () =>
    fc
      .record({ d: fc.integer({ min: 1, max: 2 }), n: fc.integer({ min: 1, max: 4 }), same: fc.boolean() })
      .chain(({ d, n, same }) => {
        const m = fc.array(fc.array(smallRational(4, 2), { minLength: n, maxLength: n }), {
          minLength: d,
          maxLength: d,
        });
        return fc
          .record({ y: m, p1: m, p2: m })
          .map((v): PredValue => (same ? { ...v, p1: v.y.map((r) => r.slice()) } : v));
      }),
  codec: z.object({ y: rationalRows, p1: rationalRows, p2: rationalRows }),
  describe: (v) =>
    `Y = ${JSON.stringify(v.y.map(encQs))}\nP1 = ${JSON.stringify(v.p1.map(encQs))}\nP2 = ${JSON.stringify(v.p2.map(encQs))}`,
  hypotheses: ['squared loss, mean over samples; predictions and targets of the same shape'],
});

export const lemma2and8 = he2020.claim({
  id: 'he2020.lemma2-8.squared-loss',
  section: 'Appendix A.1, Lemma 2 (gradient ≠ 0 when Ŷ ≠ Y; the OCR inverts it) and Lemma 8 (strict convexity)',
  title: 'Lemmas 2 and 8: the squared loss has gradient 2(Ŷ − Y), zero only at Ŷ = Y, and is strictly convex in Ŷ',
  statement:
    'For the squared loss, ∇_Ŷ R = (2/n)(Ŷ − Y), which is zero if and only if Ŷ = Y (the printed lemma says "equal to zero when different", an inverted typo), and R((P1 + P2)/2) < (R(P1) + R(P2))/2 for P1 ≠ P2. Exact, through the model\'s own loss code.',
  instance: predictions,
  check: (v) => {
    const be = exactBackend;
    const T = (m: Fraction[][]) => be.fromScalars(m.length, m[0].length, m.flat());
    const n = v.y[0].length;
    const g = be.toScalars(evalLoss(be, mse, T(v.p1), T(v.y)).grad);
    const expect = v.p1.flat().map((p, i) => p.sub(v.y.flat()[i]).mul(2).div(n));
    if (!g.every((x, i) => x.equals(expect[i])))
      return refuted('∇_Ŷ R = (2/n)(Ŷ − Y)', `gradient (${encQs(g).join(', ')}) vs (${encQs(expect).join(', ')})`);
    const zero = g.every((x) => x.n === 0n),
      equal = v.p1.flat().every((p, i) => p.equals(v.y.flat()[i]));
    if (zero !== equal)
      return refuted(
        'the gradient is zero exactly when Ŷ = Y',
        `gradient ${zero ? 'zero' : 'nonzero'} while Ŷ ${equal ? '=' : '≠'} Y`,
      );
    const mid = v.p1.map((r, a) => r.map((x, b) => x.add(v.p2[a][b]).div(2)));
    const R = (m: Fraction[][]) => evalLoss(be, mse, T(m), T(v.y)).risk;
    const distinct = !v.p1.flat().every((x, i) => x.equals(v.p2.flat()[i]));
    const lhs = R(mid),
      rhs = R(v.p1).add(R(v.p2)).div(2);
    if (distinct ? lhs.compare(rhs) >= 0 : !lhs.equals(rhs))
      return refuted('R((P1 + P2)/2) < (R(P1) + R(P2))/2 for P1 ≠ P2', `R(mid) = ${encQ(lhs)}, mean = ${encQ(rhs)}`);
    return proved();
  },
});

// ---------------------------------------------------------------------------
// Lemma 3: softmax(ŷ) − y ≠ 0 for a one-hot y.

const logits = instanceKind({
  generate: () =>
    fc.integer({ min: 2, max: 4 }).chain((d) =>
      fc.record({
        logits: fc.array(fc.double({ min: -30, max: 30, noNaN: true }), { minLength: d, maxLength: d }),
        label: fc.integer({ min: 0, max: d - 1 }),
      }),
    ),
  detect: (v) => (v.label < v.logits.length ? null : 'the label is out of range'),
  codec: z.object({ logits: z.array(z.number()), label: z.number().int() }),
  describe: (v) => `logits ${v.logits.join(', ')}, label ${v.label + 1}`,
  hypotheses: ['d_Y ∈ {2, 3, 4}', 'a one-hot label', 'logits in [−30, 30]'],
});

export const lemma3CrossEntropy = he2020.claim({
  id: 'he2020.lemma3.ce-gradient-nonzero',
  section: 'Appendix A.1, Lemma 3',
  title: 'Lemma 3: the cross-entropy gradient never vanishes for one-hot labels',
  statement:
    'For softmax cross-entropy with a one-hot label and d_Y ≥ 2 outputs, the gradient in the prediction, softmax(ŷ) − y, is never zero: every coordinate with label 0 is strictly positive. Proved per instance with outward-rounded interval arithmetic (40 digits): each such coordinate’s enclosure lies above 0 (|logits| ≤ 30, far from underflow), and again when recomputed at 60 digits.',
  instance: logits,
  arithmetic: 'decimal',
  check: (v) => {
    // the exact logits (each float's binary value), softmax enclosed by outward-rounded intervals
    const z = v.logits.map((x) => rational.fromNumber(x));
    const m = z.reduce((a, b) => (b.compare(a) > 0 ? b : a));
    const gradient = (Ix: typeof I) => {
      const e = z.map((x) => Ix.exp(Ix.of(x.sub(m))));
      const total = e.reduce((a, b) => Ix.add(a, b));
      return e.map((ej, j) => (j === v.label ? Ix.sub(Ix.div(ej, total), Ix.of(1)) : Ix.div(ej, total)));
    };
    const g = gradient(I);
    const bad = g.findIndex((x, j) => j !== v.label && !x.lo.gt(0));
    if (bad < 0) {
      // re-check: recomputed at 60 digits, every such coordinate must still be certainly positive
      if (gradient(RECHECK).some((x, j) => j !== v.label && !x.lo.gt(0)))
        throw new Error('internal: the 40-digit interval proof does not hold when recomputed at 60 digits');
      return proved();
    }
    return unsupported(
      'softmax(ŷ) − y ≠ 0',
      `the enclosure of coordinate ${bad + 1} of the gradient reaches [${g[bad].lo.toString()}, ${g[bad].hi.toString()}], not certainly positive`,
      { gradient: g.map((x) => [x.lo.toString(), x.hi.toString()]) },
    );
  },
});
