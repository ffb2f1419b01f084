/**
 * Liu (one-hidden-layer ReLU, Part 1) §III, eq. (2) and Lemma 2 (proof in
 * §VII): inside a cell L(z, w) = L_I(R) with R_j = z_j w_j, and L_I is convex.
 * The proof says the Hessian (2/N)AᵀA is positive definite; it is only
 * positive semidefinite (singular whenever rank A < Kd, e.g. N < Kd).
 */
import { Fraction } from 'fraction.js';
import { definiteness, rank } from '../../linalg/matrix.js';
import { exactRisk } from '../../model/exact.js';
import { rational } from '../../numeric/rational.js';
import { cellLoss, designMatrix, gram, liu1hData, liu1hNet, liu1hTheta, patternOf } from '../../papers/liu1h/index.js';
import { encQ } from '../codec.js';
import { proved, refuted } from '../define.js';
import type { Outcome } from '../types.js';
import { cellValues, type CellValue } from './instances.js';
import { liu1h, mse } from './paper.js';

const cells = cellValues();
const designOf = (v: CellValue) => designMatrix(v.X, patternOf(v.X, v.w));
const R = (v: CellValue) => v.w.flatMap((w, j) => w.map((c) => c.mul(v.z[j])));

export const reparametrisation = liu1h.claim({
  id: 'liu1h.eq2.reparametrisation',
  section: '§III, eqs. (1)–(2), (11)',
  title: 'Inside a cell, L(z, w) = L_I(R) with R_j = z_j w_j',
  statement:
    'Inside a cell (every w_j·x_i ≠ 0), z_j[w_j·x_i]_+ = I_ij R_j·x_i with R_j = z_j w_j, so L(z, w) = (1/N)‖AR − y‖² with A = [D_1X | … | D_KX], eq. (11). Checked exactly against the network’s own risk.',
  instance: cells,
  check: (v): Outcome => {
    const net = liu1hNet(v.X[0].length, v.w.length);
    const l = exactRisk(net, mse, liu1hTheta(net, v.z, v.w), liu1hData(v.X, v.y));
    const lr = cellLoss(designOf(v), R(v), v.y);
    return l.equals(lr) ? proved() : refuted('L(z, w) = L_I(z∘w)', `L(z, w) = ${encQ(l)}, L_I(R) = ${encQ(lr)}`);
  },
});

export const lemma2PositiveDefinite = liu1h.claim({
  id: 'liu1h.lemma2.positive-definite',
  section: '§III, Lemma 2; its proof in §VII',
  title: 'Lemma 2’s proof as printed: the Hessian of L_I in R is positive definite in every cell',
  statement:
    'The proof of Lemma 2 writes ∇²_R L = (1/N) Σ_i l″·x̃_i x̃_iᵀ (x̃_i the rows of A) and calls it positive definite. For the squared loss this is (2/N)AᵀA, which is positive definite only when rank A = Kd. Checked exactly (LDLᵀ) in cells from random weights.',
  instance: cells,
  expected: 'refuted',
  correctedBy: 'liu1h.lemma2.convex',
  check: (v): Outcome => {
    const A = designOf(v);
    const kind = definiteness(rational, gram(A)).kind;
    return kind === 'positive-definite'
      ? proved()
      : refuted(
          '(2/N)AᵀA is positive definite',
          `AᵀA is ${kind}: rank A = ${rank(rational, gram(A))} < Kd = ${A[0].length} (pattern ${patternOf(v.X, v.w)
            .map((r) => r.join(''))
            .join(' ')})`,
        );
  },
});

export const lemma2Convex = liu1h.claim({
  id: 'liu1h.lemma2.convex',
  section: '§III, Lemma 2 (corrected proof: semidefinite)',
  title: 'L_I is convex: its Hessian is positive semidefinite, definite iff rank A = Kd',
  statement:
    'In every cell the Hessian (2/N)AᵀA of L_I is positive semidefinite, positive definite exactly when rank A = Kd, and L_I(λR + (1 − λ)R′) ≤ λL_I(R) + (1 − λ)L_I(R′) for R, R′ and λ ∈ (0, 1). Checked exactly at R = z∘w, a second R′ drawn with the instance and λ = 1/3.',
  instance: cells,
  check: (v): Outcome => {
    const A = designOf(v);
    const G = gram(A);
    const kind = definiteness(rational, G).kind;
    const full = rank(rational, G) === A[0].length;
    if (kind !== 'positive-definite' && kind !== 'positive-semidefinite')
      return refuted('AᵀA is positive semidefinite', `AᵀA is ${kind}`);
    if ((kind === 'positive-definite') !== full)
      return refuted(
        'AᵀA is positive definite iff rank A = Kd',
        `${kind}, rank ${rank(rational, G)}, Kd = ${A[0].length}`,
      );
    const r1 = R(v);
    const other = v.other;
    const lam = new Fraction(1, 3);
    const mid = r1.map((x, k) => lam.mul(x).add(new Fraction(2, 3).mul(other[k])));
    const lhs = cellLoss(A, mid, v.y),
      rhs = lam.mul(cellLoss(A, r1, v.y)).add(new Fraction(2, 3).mul(cellLoss(A, other, v.y)));
    return lhs.compare(rhs) <= 0
      ? proved()
      : refuted('L_I(λR + (1 − λ)R′) ≤ λL_I(R) + (1 − λ)L_I(R′)', `${encQ(lhs)} > ${encQ(rhs)}`);
  },
});
