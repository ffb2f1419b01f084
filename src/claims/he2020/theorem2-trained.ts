/**
 * He et al. 2020, Theorem 2 on the minima training finds (§4.2; Appendix
 * B.3): the shared optimiser (damped Newton) from random starts on
 * teacher-plus-noise data; every end point strictly inside a cell is snapped
 * to an exact point of its cell and decided by the landscape toolkit, and a
 * certified local minimum must attain its cell's least-squares minimum min g_A
 * exactly (else the claim is refuted). Each certified minimum is then searched
 * for a lower point (the toolkit's exact lower-point search): found, it is a
 * spurious local minimum, cell-wise global but not global. The counts are the
 * claim's tally, a table in the report.
 */
import fc from 'fast-check';
import type { Fraction } from 'fraction.js';
import { z } from 'zod';
import { searchLowerPoint } from '../../landscape/global.js';
import { optimiseFromRestarts, type Run } from '../../landscape/optimise.js';
import { snapAndCertify } from '../../landscape/snap.js';
import { fromRows, leastSquares, transpose } from '../../linalg/matrix.js';
import { twoPiece } from '../../model/activation.js';
import { exactRisk } from '../../model/exact.js';
import { rational } from '../../numeric/rational.js';
import { mse, theorem2Design, theorem2Net } from '../../papers/he2020/index.js';
import { dataTable, encQ } from '../codec.js';
import { instanceKind, supported, unsupported } from '../define.js';
import { datasetCodec, integer, rationalCodec } from '../schema.js';
import { he2020 } from './paper.js';
import { teacherData, type TeacherData } from './theorem2-instances.js';

interface TrainedValue extends TeacherData {
  /** the optimiser's seed (its random starts) */
  seed: number;
}

const RESTARTS = 8;
const REL_TOL = 1e-8;

const netOf = (v: TeacherData) => theorem2Net(v.data.inputs[0].length, v.d1, twoPiece(v.sMinus, v.sPlus));

const cache = new WeakMap<TrainedValue, Run[]>();
/** The optimiser's runs, each interior end point snapped and decided; once per instance (the detector and the check share them). */
function runsOf(v: TrainedValue): Run[] {
  let r = cache.get(v);
  if (!r) {
    const net = netOf(v);
    r = optimiseFromRestarts(net, mse, v.data, { method: 'newton', restarts: RESTARTS, seed: v.seed });
    for (const run of r) if (run.kind === 'interior') run.snap = snapAndCertify(net, mse, run.theta, v.data);
    cache.set(v, r);
  }
  return r;
}

/** An end point strictly inside a cell whose exact snap the toolkit certifies a local minimum. */
const certifiedInterior = (r: Run) => r.kind === 'interior' && r.snap?.verdict.strength === 'proved';
const NONE = `no run of ${RESTARTS} ended strictly inside a cell at a point certified a local minimum`;

/** min g_A of θ's cell: the least-squares risk of y on X̂ᵀ, over n (null on a cell boundary). */
function cellMinimum(v: TeacherData, theta: readonly Fraction[]): Fraction | null {
  const D = theorem2Design(v.data.inputs[0].length, v.d1, v.sMinus, v.sPlus, theta, v.data.inputs);
  if (!D) return null;
  const y = v.data.targets.map((t) => t[0]);
  return leastSquares(rational, transpose(fromRows(D.Xhat)), y).risk.div(y.length);
}

const trained = instanceKind<TrainedValue>({
  generate: () => fc.tuple(teacherData, fc.integer({ min: 1, max: 1_000_000 })).map(([t, seed]) => ({ ...t, seed })),
  detect: (v) => {
    if (v.sMinus.equals(v.sPlus)) return 'the activation is linear';
    return runsOf(v).some(certifiedInterior) ? null : NONE;
  },
  codec: z.object({
    d1: integer,
    sMinus: rationalCodec,
    sPlus: rationalCodec,
    data: datasetCodec,
    seed: integer,
  }),
  describe: (v) =>
    [
      `one hidden layer of ${v.d1}, h with slopes s− = ${encQ(v.sMinus)}, s+ = ${encQ(v.sPlus)}, no biases, d_Y = 1; squared loss`,
      `data (a random teacher of this shape plus noise):\n${dataTable(v.data)}`,
      `optimiser: damped Newton from ${RESTARTS} random starts, seed ${v.seed}`,
    ].join('\n'),
  hypotheses: [
    'one hidden layer, d_Y = 1, no biases, two-piece activation with s− ≠ s+; squared loss',
    'distinct nonzero inputs; targets from a random network of the same shape plus noise (nothing planted)',
    `precondition: some run of ${RESTARTS} ends strictly inside a cell at a point the toolkit certifies a local minimum (data sets without one are rejected and counted)`,
  ],
});

export const theorem2Trained = he2020.claim({
  id: 'he2020.theorem2.trained-minima',
  section: '§4.2 Theorem 2; Appendix B.3, eqs. (59)–(71) (the minima training finds)',
  title:
    'Theorem 2 on trained networks: every certified local minimum the optimiser finds inside a cell is the cell’s global minimum',
  statement: `Damped Newton (float64) from ${RESTARTS} random starts per data set. Each end point strictly inside a cell (a local minimum up to float tolerance) is snapped to the nearest exact least-squares optimum of its cell and decided by the landscape toolkit; where the toolkit certifies the snapped point a local minimum, the float end point’s risk must be within ${REL_TOL}·max(1, R) of min g_A of its cell (Theorem 2: a local minimum inside a cell is the global minimum of that cell). Float evidence: at the snapped point R = min g_A holds by construction, so the content is that training’s interior minima already sat at their cell’s optimum. Each certified minimum is then searched for an exact lower point (interpolating construction, neighbouring cells, float restarts, each candidate’s risk computed exactly): found, it is a spurious local minimum, exactly. The counts over all runs are tabulated below.`,
  instance: trained,
  arithmetic: 'float',
  runs: 25,
  check: (v) => {
    const net = netOf(v);
    const tally: Record<string, number> = { runs: 0 };
    const add = (k: string) => (tally[k] = (tally[k] ?? 0) + 1);
    for (const r of runsOf(v)) {
      add('runs');
      if (r.kind !== 'interior') {
        add(r.kind);
        continue;
      }
      const snap = r.snap!;
      if (snap.verdict.strength !== 'proved') {
        add(snap.verdict.strength === 'refuted' ? 'interior-exact-descent' : 'interior-undecided');
        continue;
      }
      const best = cellMinimum(v, snap.theta);
      if (!best) {
        add('interior-snapped-to-boundary');
        continue;
      }
      // The lifted snap lands on the cell's least-squares optimum, so there R = min g_A by construction:
      // the content is that the float end point (a local minimum up to tolerance) already had that risk.
      add(
        snap.route.startsWith('moved to the nearest exact least-squares optimum')
          ? 'route-cell-optimum'
          : 'route-other',
      );
      const R = exactRisk(net, mse, snap.theta, v.data);
      const g = best.valueOf();
      if (!(Math.abs(r.risk - g) <= REL_TOL * Math.max(1, g)) || !R.equals(best))
        return unsupported(
          'a local minimum inside a cell attains the cell’s minimum min g_A',
          `run ${r.start + 1} stopped inside a cell with R = ${r.risk}; its exact snap (${snap.route}) is certified a local minimum with R = ${encQ(R)}, and min g_A of the cell is ${encQ(best)}`,
        );
      add('cell-global');
      const lower = searchLowerPoint(net, mse, v.data, R, { from: snap.theta, seed: v.seed, starts: 2 });
      add(lower ? 'spurious' : 'no-lower-found');
    }
    return supported(tally);
  },
  tally: {
    title: 'Where the optimiser’s runs ended',
    caption: `All runs from ${RESTARTS} random starts on every instance checked (data sets with no certified interior minimum were rejected and counted, so these counts are conditional on at least one). “Cell-wise global”: the float end point had min g_A of its cell (within ${REL_TOL}) and its exact snap is certified a local minimum. “Spurious”: an exact lower point was found (re-checked), so that minimum is not global; “no lower point found” is not a proof of global optimality. The “of which” rows give their share of the cell-wise global minima. End points on a cell boundary are outside Theorem 2.`,
    total: 'runs',
    rows: [
      { key: 'runs', label: 'runs' },
      {
        key: 'cell-global',
        label: 'cell-wise global: inside a cell at min g_A, its exact snap a certified local minimum',
      },
      { key: 'route-cell-optimum', label: '… of which snapped to the cell’s least-squares optimum', of: 'cell-global' },
      { key: 'spurious', label: '… of which spurious (an exact lower point found)', of: 'cell-global' },
      { key: 'no-lower-found', label: '… of which no lower point found', of: 'cell-global' },
      { key: 'interior-exact-descent', label: 'inside a cell, but the exact snap has a descent' },
      { key: 'interior-undecided', label: 'inside a cell, the toolkit undecided' },
      {
        key: 'interior-snapped-to-boundary',
        label: 'inside a cell, but the exact snap (certified a local minimum) lies on a cell boundary',
      },
      { key: 'boundary', label: 'ended on a cell boundary' },
      { key: 'saddle', label: 'ended at a saddle (negative Hessian eigenvalue)' },
      { key: 'not-converged', label: 'did not converge' },
    ],
  },
});
