/**
 * Ding, Li & Sun (2019), the phase transition in N as one result (§1, §4.2,
 * §5): for each activation of a fixed list and N = 1..6 samples with m = N
 * hidden units of the shallow model, one claim "no bad local minimum", and a
 * report table (ding2019Tables) whose cells are these claims' verdicts.
 * Where the paper speaks, the claim's expectation is the paper's (N = 1:
 * none under Assumption 4, Theorem 3; N = 2: none under Assumption 5,
 * Theorem 4; N ≥ 3: exists when σ(0)σ′(0)σ″(0) ≠ 0, Theorem 5); where it is
 * silent, the expectation is ours and the statement says so.
 */
import fc from 'fast-check';
import { Fraction } from 'fraction.js';
import { relu, type Activation } from '../../model/activation.js';
import type { InstanceKind } from '../define.js';
import type { AnyClaim, Arithmetic, Outcome, VerdictTableSpec } from '../types.js';
import { activationOfA4, descentAt, sufficiencyKind, type A4Activation } from './a4-points.js';
import {
  analyticCellCheck,
  analyticCellKind,
  NO_BAD_MIN,
  PROBE_DIRECTIONS,
  oneSignCheck,
  oneSignKind,
  parallelCellCheck,
  parallelCellKind,
  theorem5CellCheck,
  theorem5CellKind,
} from './phase-families.js';
import { ding2019 } from './paper.js';
import { CLASSES, noneStands, RESTARTS, restartKind } from './restarts.js';

export const PHASE_NS = [1, 2, 3, 4, 5, 6] as const;

type Row = 'one-plus-t-plus-t2' | 'exp' | 'softplus' | 'leaky-relu' | 'relu' | 'tanh';

const ONE = new Fraction(1);
const QUADRATIC_A4: A4Activation = { kind: 'polynomial', c: ONE, roots: [], mults: [], quad: { b: ONE, p: ONE } };
const LEAKY_A4: A4Activation = { kind: 'leaky-relu', sMinus: new Fraction(1, 4), sPlus: ONE };
const LEAKY: Activation = activationOfA4(LEAKY_A4);

const ROWS: Record<Row, string> = {
  'one-plus-t-plus-t2': '1 + t + t²',
  exp: 'exp',
  softplus: 'softplus',
  'leaky-relu': 'leaky ReLU (slope 1/4 below 0)',
  relu: 'ReLU',
  tanh: 'tanh',
};

/** What the paper says about a cell: 'none', 'exists', or silent (null), with the reason. */
function paperSays(row: Row, N: number): { says: 'none' | 'exists' | null; why: string } {
  const analytic = row === 'exp' || row === 'softplus';
  if (N === 1) {
    if (row === 'relu')
      return { says: 'exists', why: 'Theorem 3: ReLU fails Assumption 4 (its zero at 0 lies on a flat piece)' };
    return { says: 'none', why: 'Theorem 3: σ meets Assumption 4 (every zero of σ is a sign change)' };
  }
  if (N === 2) {
    if (analytic) return { says: 'none', why: 'Theorem 4: σ meets Assumption 5' };
    const fails =
      row === 'one-plus-t-plus-t2' ? 'σ′(−1/2) = 0' : row === 'tanh' ? 'σ(0) = 0' : 'σ is not analytic, and σ(0) = 0';
    return { says: null, why: `the paper is silent: Assumption 5 fails (${fails}), so Theorem 4 does not apply` };
  }
  if (row === 'one-plus-t-plus-t2' || analytic) return { says: 'exists', why: 'Theorem 5: σ(0), σ′(0), σ″(0) ≠ 0' };
  const fails = row === 'tanh' ? 'σ(0) = σ″(0) = 0' : 'σ(0) = 0, and σ is not differentiable at 0';
  return {
    says: null,
    why: `the paper is silent: Theorem 5’s condition fails (${fails}), and Theorem 2 is about nets with biases`,
  };
}

interface FamilyOf<V> {
  instance: InstanceKind<V>;
  check: (v: V) => Outcome;
  how: string;
  arithmetic: Arithmetic;
  runs?: number;
  /** our expectation where the paper is silent */
  ours: 'none' | 'exists';
}
type Family = FamilyOf<unknown>;
/** One cell's family, its value type erased (each claim keeps its instance kind and check together). */
const family = <V>(f: FamilyOf<V>): Family => f as unknown as Family;

/** The candidates each cell draws and how they are decided; null: no decider (the cell stays empty). */
function familyOf(row: Row, N: number): Family | null {
  if (N === 1 && (row === 'one-plus-t-plus-t2' || row === 'leaky-relu'))
    return family({
      instance: sufficiencyKind(fc.constant(row === 'leaky-relu' ? LEAKY_A4 : QUADRATIC_A4), [
        'N = m = 1, x ≠ 0, E(w, v) > 0; w at the zero of σ for about a third of the instances (leaky ReLU)',
      ]),
      check: descentAt,
      how: 'exactly at random points (w, v) with E > 0: the toolkit must find an exact descent, re-checked independently',
      arithmetic: 'exact',
      ours: 'none',
    });
  if (row === 'relu' || row === 'leaky-relu') {
    const act = row === 'relu' ? relu() : LEAKY;
    return family({
      instance: oneSignKind(act, N),
      check: oneSignCheck(act),
      how: 'exactly at points with every hidden weight of one sign and the output layer fitted by least squares (near them the outputs range over one line, so each is a local minimum): the toolkit decides the point, and a least-squares fit with hidden weights (0, 1, −1, …) or (1, −1, …) may be lower',
      arithmetic: 'exact',
      ours: 'exists',
    });
  }
  if (row === 'one-plus-t-plus-t2')
    return N === 2
      ? family({
          instance: parallelCellKind,
          check: parallelCellCheck,
          how: 'exactly at critical points with both hidden weights ω where σ(ωx) ∥ x∘σ′(ωx): the toolkit decides the point, and the exact two-sample fit is lower',
          arithmetic: 'exact',
          ours: 'exists',
        })
      : family({
          instance: theorem5CellKind(N),
          check: theorem5CellCheck,
          how: 'exactly at the point of the proof of Theorem 5: the toolkit decides the point, and the exact fit with hidden weights (0, 1, −1, …) is lower',
          arithmetic: 'exact',
          ours: 'exists',
        });
  if (N <= 2) {
    if (row === 'tanh' && N === 2) return null;
    return family({
      instance: restartKind([row as 'exp' | 'softplus' | 'tanh'], [N], N, [
        `N = m = ${N} distinct nonzero inputs, nonzero targets`,
        `σ = ${row}`,
      ]),
      check: noneStands,
      how: `in floats: the toolkit’s damped Newton optimiser from ${RESTARTS} random starts; ${CLASSES}`,
      arithmetic: 'float',
      runs: 40,
      ours: 'none',
    });
  }
  const sigma = row as 'exp' | 'softplus' | 'tanh';
  return family({
    instance: analyticCellKind(sigma, N),
    check: analyticCellCheck(sigma),
    how: `at the construction’s point (${sigma === 'tanh' ? 'moved to a common hidden weight ω ≠ 0' : 'w = 0'}) with the toolkit’s 50-digit decimal second-order evidence (as in ding2019.thm5.analytic-evidence, with ${3 * PROBE_DIRECTIONS} probes instead of 72), and the float optimiser from 4 starts for a lower point`,
    arithmetic: 'decimal',
    runs: 20,
    ours: 'exists',
  });
}

/** What refutes a cell, by arithmetic (one instance suffices: one constructed data set with a bad minimum). */
const REFUTES: Record<Arithmetic, string> = {
  exact:
    'One candidate certified a local minimum exactly, with an exactly lower point, refutes the claim: it is a bad local minimum.',
  decimal:
    'One candidate that is a local minimum by decimal evidence, with a lower point found by the float optimiser, refutes the claim: evidence of a bad local minimum, not an exact one.',
  float:
    'One bounded, converged end point with E > 0 that the float probes cannot lower refutes the claim: float evidence of a bad local minimum, not an exact one.',
};

function cellClaim(row: Row, N: number): AnyClaim | null {
  const family = familyOf(row, N);
  if (!family) return null;
  const paper = paperSays(row, N);
  const expectation = paper.says ?? family.ours;
  return ding2019.claim({
    id: `ding2019.phase.${row}.n${N}`,
    section: '§1 (the phase transition in N), §4.2 (Theorems 3 and 4), §5 (Theorem 5)',
    title: `Phase table, σ = ${ROWS[row]}, N = m = ${N}: no bad local minimum`,
    statement: `The shallow net ŷ = Σ v_i σ(w_i x) with σ = ${ROWS[row]}, N = ${N} samples (distinct nonzero inputs, any targets) and m = ${N} hidden units: ${NO_BAD_MIN}. ${paper.says ? `The paper: a bad local minimum ${paper.says === 'none' ? 'does not exist' : 'exists for some targets'} (${paper.why}).` : `${paper.why[0].toUpperCase()}${paper.why.slice(1)}; our expectation: ${family.ours === 'none' ? 'none' : 'one exists for some targets'}.`} Checked ${family.how}. ${REFUTES[family.arithmetic]}`,
    instance: family.instance as never,
    check: family.check,
    arithmetic: family.arithmetic,
    expected: expectation === 'none' ? 'holds' : 'refuted',
    ...(expectation === 'exists' ? { example: paper.says ? ('paper' as const) : ('ours' as const) } : {}),
    ...(family.runs ? { runs: family.runs } : {}),
  });
}

export const phaseClaims: readonly AnyClaim[] = (Object.keys(ROWS) as Row[]).flatMap((row) =>
  PHASE_NS.flatMap((N) => {
    const c = cellClaim(row, N);
    return c ? [c] : [];
  }),
);

const COLUMN = (N: number) => `N = m = ${N}`;

export const ding2019Tables: VerdictTableSpec[] = [
  {
    id: 'ding2019.table.phase',
    paper: 'ding2019',
    title: 'The phase transition: is there a bad local minimum of ŷ = Σ v_i σ(w_i x) with N samples and m = N units?',
    caption:
      'Each cell is the verdict of the claim named in it, "no bad local minimum" for that σ and N. The paper predicts: N = 1, none under Assumption 4 (all rows but ReLU; ReLU has one, Theorem 3); N = 2, none under Assumption 5 (exp, softplus; silent for the others); N ≥ 3, one exists when σ(0), σ′(0), σ″(0) ≠ 0 (1 + t + t², exp, softplus; silent for leaky ReLU, ReLU and tanh). In the silent cells the expectation is ours. A "none" cell is a verdict over the sampled points, not a proof; an "exists" cell shows one data set (the paper’s N ≥ 3 statement is for some targets) with one bad local minimum, certified exactly or with numerical evidence as it says. tanh at N = 2 has no decider: the paper is silent, the odd net cannot fit data with x₂ = −x₁, and float search cannot tell its third-order saddles from minima; the cell is left empty.',
    rowTitle: 'σ',
    columnTitle: 'N',
    rows: Object.values(ROWS),
    columns: PHASE_NS.map(COLUMN),
    cells: phaseClaims.map((c) => {
      const [, , row, n] = c.id.split('.');
      return { row: ROWS[row as Row], column: COLUMN(Number(n.slice(1))), claim: c.id };
    }),
    say: {
      certified: 'none: an exact descent at every sampled point',
      mixed: 'none found: exact descents at some points, the rest undecided or evidence only',
      evidence: 'none found (numerical evidence)',
      refuted: 'exists: one certified exactly, with an exactly lower point',
      'refuted-evidence': 'exists: float or decimal evidence',
      inconclusive: 'undecided',
    },
  },
];
