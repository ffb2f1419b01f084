/**
 * The verdict vocabulary. Every analysis answers with a strength and the
 * evidence, as plain JSON-safe data with every rational written "p/q", so a
 * verdict serializes losslessly and a proof or refutation can be re-checked
 * from the stored numbers alone (see ./recheck.ts).
 *
 *  proved        an exact certificate
 *  refuted       an exact witness that the claim fails
 *  evidence      float-only support; never reported as proved
 *  inconclusive  with the reason
 */
import type { ScreenedInertia } from './second-order.js';
import type { SmoothSecondOrderEvidence } from './smooth-second-order.js';

export type Strength = 'proved' | 'refuted' | 'evidence' | 'inconclusive';

/** A rational as "p/q" (or "p"). */
export type Q = string;

/** A pre-activation on a breakpoint: layer counts from 1, unit and sample from 0 (summaries print them from 1). */
export interface KinkJSON {
  layer: number;
  unit: number;
  sample: number;
  at: Q;
  leftSlope: Q;
  rightSlope: Q;
  /** a max-pooling tie (see KinkDetail): `tied` are the tied input units */
  kind?: 'maxpool';
  tied?: number[];
}

export type DescentMethod =
  | 'gradient'
  | 'negative-curvature'
  | 'cell-curve'
  | 'null-direction'
  | 'hinge'
  | 'random'
  | 'bilinear'
  | 'probe'
  | 'given';

/** θ(t) = Σ_k curve[p][k]·t^k; along it R(θ(t)) < R(θ(0)) for all small t > 0. */
export interface DescentEvidence {
  kind: 'descent';
  method: DescentMethod;
  /** one coefficient list per parameter (low degree first) */
  curve: Q[][];
  /** R(θ(t)) on the piece that holds for small t > 0 */
  riskPolynomial: Q[];
  /** lowest k ≥ 1 with a nonzero coefficient c_k of R(θ(t)) − R(θ(0)) */
  order: number;
  leadingCoefficient: Q;
  risk: Q;
  /** an explicit t with R(θ(t)) < R(θ(0)), verified by direct exact evaluation */
  t: Q;
  riskAtT: Q;
}

export interface GroupFit {
  /** 0-based sample indices sharing one full activation pattern */
  samples: number[];
  /** the pattern, e.g. "L1:0101|L2:11" (piece index per unit and hidden layer) */
  pattern: string;
  /** least-squares affine map of the group: one row per output, [A | c] (c last when affine) */
  map: Q[][];
  /** the group's part of the risk at that map (already scaled like the risk) */
  risk: Q;
  /**
   * set when the group's map is restricted to a constant (its linear part is 0 at every
   * point of the cell), with the reason, e.g. "layer 1 has slope 0 on every unit"
   */
  constant?: string;
  /**
   * set when the group's map can use only some input coordinates throughout the cell (0-based;
   * see connectedInputs): its linear part is 0 elsewhere and only these were fitted
   */
  support?: number[];
  /** set when the group's map is limited in rank and the bound is the reduced-rank optimum (./rank-limited.ts) */
  rank?: RankCertificate;
}

/**
 * A group whose linear part has rank ≤ limit throughout the cell: the bound ssr + tr M − limit·c − tr Z with
 * M = FᵀF (F: the group's centred fitted values under `ols`), Z = P(M − cI)P, valid when Z ⪰ 0 and Z ⪰ M − cI.
 */
export interface RankCertificate {
  /** the fewest units with nonzero slope in one layer on the group's pattern (a layer's width if it has no breakpoints) */
  limit: number;
  /** which layer sets the limit, in words */
  reason: string;
  /** the free least-squares map [A | c] of the group (one row per output); the group's map is then P·A, refitted constant */
  ols: Q[][];
  /** P, d_Y × d_Y: the orthogonal projection on the span of θ's centred outputs on the group */
  projection: Q[][];
  /** the separator c between the eigenvalues of M kept by P and the discarded ones */
  separator: Q;
}

/** Lower bound on R over the whole cell; R(θ) = bound proves a local minimum. */
export interface CellBoundEvidence {
  kind: 'pattern-class-bound' | 'lifted-bound';
  risk: Q;
  /** null when no bound was computed (e.g. θ on a cell boundary) */
  bound: Q | null;
  /** whether the group maps (or lifted features) include a constant */
  affine: boolean;
  groups?: GroupFit[];
  /** lifted bound (one hidden layer): the design row of every sample and the LS coefficients */
  lifted?: { featureNames: string[]; design: Q[][]; coefficients: Q[][] };
}

export interface BoundaryBoundEvidence {
  kind: 'boundary-bound';
  risk: Q;
  kinks: KinkJSON[];
  /** every assignment of kink entries to their left/right piece, with its pattern-class bound */
  assignments: { sides: ('left' | 'right')[]; bound: Q }[];
  /** null when the cells were not enumerated (too many kink entries) */
  minBound: Q | null;
}

export interface SecondOrderEvidence {
  kind: 'second-order';
  risk: Q;
  gradient: Q[];
  /** exact inertia of the cell Hessian (counts of positive / negative / zero pivots of LDLᵀ) */
  inertia?: { positive: number; negative: number; zero: number };
  definiteness?: string;
  /** when the exact inertia was too costly: the float64 screen and what was checked exactly (./second-order.ts) */
  screened?: ScreenedInertia;
  /** on a cell boundary: the kink entries (the cell Hessian is undefined there) */
  kinks?: KinkJSON[];
}

export interface SearchEvidence {
  kind: 'descent-search';
  /** exactly checked directions, by kind */
  tried: Record<string, number>;
  /** candidates dropped by the float screen as clearly ascending, by kind (./screen.ts) */
  screenedOut?: Record<string, number>;
  /** cells whose polynomial (gradient and negative curvature) was examined: θ's own cell, or every cell adjacent to a boundary point */
  cells?: number;
  kinks: KinkJSON[];
  note: string;
}

export interface ProbeEvidence {
  kind: 'float-probes';
  seed: number;
  radii: number[];
  directionsPerRadius: number;
  gdStarts: number;
  gdSteps: number;
  stepSize: number;
  perturbation: number;
  risk: number;
  /** smallest R(θ') − R(θ) seen over all probes inside the ball of the largest radius */
  minDeltaR: number;
  /** |ΔR| below this is float rounding of the risk, not a lower point: 1e-12·max(1, R) */
  noiseTolerance: number;
  /** descent runs that left the ball of the largest radius (not counted: the question is local) */
  descentRunsOutsideBall: number;
  minAt: { method: 'direction' | 'descent'; radius: number };
}

export interface EqualRiskEvidence {
  kind: 'equal-risk';
  riskA: Q;
  riskB: Q;
  outputsEqual: boolean;
  firstDifference?: { sample: number; output: number; a: Q; b: Q };
}

export interface ConstantPathEvidence {
  kind: 'constant-path';
  interval: [Q, Q];
  curve: Q[][];
  /** R(θ(t)) on the interval (valid because no margin polynomial changes sign there) */
  riskPolynomial: Q[];
  marginsChecked: number;
  /** if not constant: a point of the interval where R differs from R(θ(a)) */
  counterexample?: { t: Q; risk: Q; riskAtStart: Q };
  /**
   * if the pattern could not be shown constant: the entry whose margin vanishes inside (for a
   * max-pooling output, `tiedWith` is the input unit that may reach its maximum, and the
   * breakpoint is the gap 0)
   */
  patternChange?: { layer: number; unit: number; sample: number; breakpoint: Q; tiedWith?: number };
}

/** KKT on every closed cell adjacent to a boundary point, in the lifted variables (./boundary-kkt.ts). */
export interface BoundaryKktEvidence {
  kind: 'boundary-kkt';
  risk: Q;
  kinks: KinkJSON[];
  /** per side (one left/right choice per kink entry): ∇Q_s at θ's lifted point and the multipliers (null: none found) */
  sides: { sides: ('left' | 'right')[]; gradient: Q[]; multipliers: Q[] | null }[];
  /** kink entries of units with zero outgoing weight, whose constraints were dropped */
  dropped: KinkJSON[];
}

/** A lower bound on R that holds at every parameter point (from the data alone), and R(θ). */
export interface GlobalBoundEvidence {
  kind: 'global-bound';
  bound: Q;
  risk: Q;
  /** groups of samples (0-based) sharing one input, of size ≥ 2 */
  duplicateGroups: number[][];
}

/**
 * A degenerate critical point (./degenerate.ts): the Hessian is positive
 * semidefinite and its null space is the tangent space of an exhibited family
 * of critical points θ(s, u) = g_s(θ + B·u), where g_s are rescaling
 * symmetries (parameter p multiplied by s_j^e) and B's columns are affine
 * directions; ∇R ≡ 0 along the family was checked as a polynomial identity.
 */
export interface FlatFamilyEvidence {
  kind: 'flat-family';
  risk: Q;
  inertia: { positive: number; negative: number; zero: number };
  /** rescaling variables: [parameter index, exponent] pairs, and a plain name */
  scales: { name: string; powers: [number, number][] }[];
  /** affine directions (one entry per parameter each) */
  shifts: Q[][];
  /** parameters the cell polynomial does not depend on (each a free coordinate direction) */
  free?: { index: number; name: string }[];
  /** shears between two units of a dense layer with the same slope on every sample (0-based rows) */
  shears?: { name: string; layer: number; target: number; source: number }[];
  /** the identity that was checked, in words */
  identity: string;
  /** why no family was certified (evidence only) */
  failure?: string;
}

/**
 * A lower bound on R at every parameter point of this architecture: the samples of a
 * group are indistinguishable (f_θ(x) = f_θ(x′) for every θ, ./receptive-field.ts),
 * so R ≥ their within-group deviation of the targets; and R(θ).
 */
export interface ArchitectureBoundEvidence {
  kind: 'architecture-bound';
  bound: Q;
  risk: Q;
  /** groups of samples (0-based) of size ≥ 2, with the argument that makes them indistinguishable */
  groups: { samples: number[]; reason: 'same-input' | 'receptive-field' | 'weight-sharing' }[];
  /** input coordinates (0-based, network layout) no output reads at any θ */
  outsideField: number[];
}

export type Evidence =
  | DescentEvidence
  | FlatFamilyEvidence
  | CellBoundEvidence
  | BoundaryBoundEvidence
  | SecondOrderEvidence
  | SearchEvidence
  | ProbeEvidence
  | SmoothSecondOrderEvidence
  | EqualRiskEvidence
  | ConstantPathEvidence
  | GlobalBoundEvidence
  | ArchitectureBoundEvidence
  | BoundaryKktEvidence;

export interface Verdict<E extends Evidence = Evidence> {
  strength: Strength;
  /** what was asked, in plain words */
  question: string;
  /** the answer in plain words with the deciding numbers */
  summary: string;
  evidence: E;
  /** further evidence gathered on the way (e.g. probes alongside a proof) */
  also?: Evidence[];
  /** for `evidence` and `inconclusive`: which answer the (non-conclusive) support leans to */
  supports?: 'yes' | 'no';
}

export function verdict<E extends Evidence>(
  strength: Strength,
  question: string,
  summary: string,
  evidence: E,
  also?: Evidence[],
  supports?: 'yes' | 'no',
): Verdict<E> {
  const v: Verdict<E> = { strength, question, summary, evidence };
  if (also && also.length) v.also = also;
  if (supports) v.supports = supports;
  return v;
}
