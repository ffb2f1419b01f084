/**
 * Claims of Liu, "Understanding global loss landscape of one-hidden-layer ReLU
 * networks, Part 1: Theory"; constructions in src/papers/liu1h/. In the
 * paper's order: the feasible activation patterns of §II-A (an exact LP
 * against an angular sweep, and Cover's count), the reparametrisation of
 * eq. (2) and Lemma 2 (convexity: positive definite as printed, refuted;
 * semidefinite, holding), Lemma 1 and Theorem 1 (cell-wise global minima,
 * exactly, with the corrected genuineness test, and in floats from the
 * optimiser's end points), the minimiser sets of §IV-A
 * (and the "hyperplane" wording, refuted), "no local maxima" (refuted on the
 * all-inactive plateau), the genuineness tests (16)–(17) as printed
 * (refuted). Theorem 2 (saddles: "for all combinations" refuted,
 * corrected holding), Lemma 3 and Theorem 3 (the system DR = d as a KKT
 * system; the strict (29)/(30) as necessary and "no need to test w_m*", both
 * refuted; the corrected criterion, cross-checked with the boundary
 * certificate).
 */
import type { AnyClaim } from '../types.js';
import { cellsCover, cellsSweep } from './cells.js';
import { lemma2Convex, lemma2PositiveDefinite, reparametrisation } from './lemma2.js';
import { lemma1Descent, theorem1Genuine } from './theorem1.js';
import { noLocalMaxOffPlateau, noLocalMaxPrinted } from './local-max.js';
import { hyperplaneWording, minimiserSet } from './minimisers.js';
import { genuinenessPrinted } from './genuineness.js';
import { theorem1Float } from './theorem1-float.js';
import { theorem2Corrected, theorem2Printed } from './theorem2.js';
import { theorem3Corrected, theorem3Kkt } from './theorem3.js';
import { theorem3NoNeedToTest, theorem3StrictNecessary } from './theorem3-printed.js';

export const liu1hClaims: readonly AnyClaim[] = [
  cellsSweep,
  cellsCover,
  reparametrisation,
  lemma2PositiveDefinite,
  lemma2Convex,
  lemma1Descent,
  theorem1Genuine,
  theorem1Float,
  noLocalMaxPrinted,
  noLocalMaxOffPlateau,
  minimiserSet,
  hyperplaneWording,
  genuinenessPrinted,
  theorem2Printed,
  theorem2Corrected,
  theorem3Kkt,
  theorem3StrictNecessary,
  theorem3NoNeedToTest,
  theorem3Corrected,
];
