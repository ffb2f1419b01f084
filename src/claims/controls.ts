/**
 * Negative controls: deliberately false statements the suite must refute by
 * search, each shrinking to a small readable counterexample. They show the
 * machinery can find failures, and stay in the suite permanently.
 */
import fc from 'fast-check';
import { Fraction } from 'fraction.js';
import { createHash } from 'node:crypto';
import { augmented, detectDistinct, distinctInputs } from '../gen/data.js';
import { fcArch, smallRational } from '../gen/arbitraries.js';
import { fromRows, leastSquares, type Mat } from '../linalg/matrix.js';
import { relu } from '../model/activation.js';
import { dataset, type Dataset } from '../model/data.js';
import { activationPattern, exactOutputs, exactRisk } from '../model/exact.js';
import { squaredLoss } from '../model/loss.js';
import { fcNetwork, type Network } from '../model/network.js';
import { patternClassBound } from '../landscape/certificates.js';
import { searchLowerPoint } from '../landscape/global.js';
import { recheckLowerPoint } from '../landscape/recheck.js';
import { plantCellMinimum } from '../landscape/plant.js';
import { slice1d } from '../landscape/probes.js';
import { rational } from '../numeric/rational.js';
import { canonical } from '../store/counterexamples.js';
import {
  dataTable,
  decData,
  decNet,
  decQs,
  encData,
  encNet,
  encQ,
  encQs,
  field,
  netSummary,
  paramTable,
} from './codec.js';
import type { Claim, Json, PlotSpec } from './types.js';

const mse = squaredLoss();
const q = encQ;
const seedOf = (j: Json) => createHash('sha256').update(canonical(j)).digest().readInt32LE(0);

/** A refutation by a lower point stands only if the point's exact risk, recomputed, is strictly below. */
function lowerStands(net: Network, data: Dataset, lower: { theta: Fraction[]; risk: Fraction }, below: Fraction): void {
  const errs = recheckLowerPoint(net, mse, data, lower, below);
  if (errs.length) throw new Error(`internal: the lower point does not stand: ${errs.join('; ')}`);
}

/** A one-hidden-layer ReLU net with output bias realising the affine map a·x + c exactly (unit 1 always active). */
export function affineRealisation(net: Network, data: Dataset, map: { a: Fraction[]; c: Fraction }): Fraction[] {
  const d0 = net.inputDim,
    K = net.layers[0].outDim;
  // B > max |a·x_i| keeps a·x_i + B > 0 on every sample, so relu is the identity there.
  let B = new Fraction(1);
  for (const x of data.inputs) {
    const v = map.a
      .reduce((s, w, j) => s.add(w.mul(x[j])), new Fraction(0))
      .abs()
      .add(1);
    if (v.compare(B) > 0) B = v;
  }
  const W1 = Array.from({ length: K * d0 }, (_, k) => (k < d0 ? map.a[k] : new Fraction(0)));
  const b1 = Array.from({ length: K }, (_, j) => (j === 0 ? B : new Fraction(0)));
  const W2 = Array.from({ length: K }, (_, j) => new Fraction(j === 0 ? 1 : 0));
  return [...W1, ...b1, ...W2, map.c.sub(B)];
}

/** The exact least-squares affine fit (scalar targets): slope a and intercept c. */
export function affineFit(data: Dataset): { a: Fraction[]; c: Fraction; risk: Fraction } {
  const ls = leastSquares(rational, augmented(data.inputs), fromRows(data.targets.map((t) => [t[0]]))) as {
    x: Mat<Fraction>;
    risk: Fraction;
  };
  const coef = ls.x.data;
  return { a: coef.slice(0, -1), c: coef[coef.length - 1], risk: ls.risk.div(data.inputs.length) };
}

const reluNet = fc
  .record({ d0: fc.integer({ min: 1, max: 2 }), K: fc.integer({ min: 1, max: 3 }) })
  .map(({ d0, K }) => fcNetwork([d0, K, 1], relu()));
/** parameters of the largest one-hidden-layer net the controls draw ([2, 3, 1]) */
const MAX_P = 2 * 3 + 3 + 3 + 1;

function segmentPlot(
  net: Network,
  data: Dataset,
  from: Fraction[],
  to: Fraction[],
  title: string,
  caption: string,
  names: [string, string],
): PlotSpec {
  const d = to.map((x, k) => x.valueOf() - from[k].valueOf());
  const ts = Array.from({ length: 61 }, (_, i) => -0.25 + (1.5 * i) / 60);
  const s = slice1d(net, mse, from, d, ts, data);
  return {
    title,
    x: `t (θ(t) = ${names[0]} + t·(${names[1]} − ${names[0]}))`,
    y: 'risk R',
    series: [{ name: 'R(θ(t))', x: s.t, y: s.risk }],
    caption,
  };
}

// ---------------------------------------------------------------------------
interface LocalMinValue {
  net: Network;
  theta: Fraction[];
  data: Dataset;
}

const encLM = (v: LocalMinValue): Json => ({ net: encNet(v.net), theta: encQs(v.theta), data: encData(v.data) });
const decLM = (j: Json): LocalMinValue => ({
  net: decNet(field(j, 'net', 'value'), 'value.net'),
  theta: decQs(field(j, 'theta', 'value'), 'value.theta'),
  data: decData(field(j, 'data', 'value'), 'value.data'),
});

/** Shift first-layer biases off kinks (deterministically) so the point is inside a cell. */
function offKinks(net: Network, theta: Fraction[], inputs: Fraction[][]): Fraction[] {
  let th = theta.slice();
  const probe = dataset(
    inputs,
    inputs.map(() => [0]),
  );
  for (let attempt = 0; attempt < 4; attempt++) {
    const pat = activationPattern(net, th, probe);
    if (pat.interior) break;
    th = th.slice();
    for (const k of pat.kinks) {
      const p = net.layers[k.layer - 1].biasIndex![k.unit];
      th[p] = th[p].add(new Fraction(1, 3 + attempt));
    }
  }
  return th;
}

export const localMinIsGlobal: Claim<LocalMinValue> = {
  id: 'control.relu1.local-min-is-global',
  paper: 'control',
  section: 'negative control',
  title: 'Every local minimum of a one-hidden-layer ReLU network is global (false)',
  statement:
    'For a one-hidden-layer ReLU network with squared loss, every local minimum of the empirical risk is a global minimum. Deliberately false: the suite must find a certified local minimum and an exactly lower point.',
  hypotheses: [
    'one hidden ReLU layer with biases, linear output with bias, squared loss (mean)',
    'distinct inputs',
    'θ is a local minimum, certified exactly by the pattern-class lower bound of its cell',
  ],
  arithmetic: 'exact',
  expected: 'refuted',
  generatorVersion: 3,
  runs: 60,
  // Draw everything at its largest size, then slice to the drawn shape: shrinking
  // the width or input dimension then keeps the other values (with chain() it
  // would regenerate them and lose the failure).
  generate: () =>
    fc
      .record({
        d0: fc.integer({ min: 1, max: 2 }),
        K: fc.integer({ min: 1, max: 3 }),
        theta: fc.array(smallRational(4, 2), { minLength: MAX_P, maxLength: MAX_P }),
        // distinct first coordinates: the inputs stay distinct when sliced to d0 = 1
        inputs: fc.uniqueArray(fc.array(smallRational(4, 1), { minLength: 2, maxLength: 2 }), {
          minLength: 3,
          maxLength: 7,
          selector: (r) => r[0].toFraction(),
        }),
        coeffs: fc.array(smallRational(4, 1), { minLength: 1, maxLength: 4 }),
      })
      .map(({ d0, K, theta, inputs, coeffs }) => {
        const net = fcNetwork([d0, K, 1], relu());
        const xs = inputs.map((x) => x.slice(0, d0));
        const th = offKinks(net, theta.slice(0, net.paramCount), xs);
        const probe = dataset(
          xs,
          xs.map(() => [0]),
        );
        // plant targets that make θ a cell minimum (only possible inside a cell; the detector rejects the rest)
        const data = activationPattern(net, th, probe).interior ? plantCellMinimum(net, th, xs, coeffs) : probe;
        return { net, theta: th, data };
      }),
  detect: (v) =>
    detectDistinct(v.data) ??
    (patternClassBound(v.net, mse, v.theta, v.data).strength === 'proved'
      ? null
      : 'θ is not a certified local minimum'),
  check: (v) => {
    const r0 = exactRisk(v.net, mse, v.theta, v.data);
    const lower = searchLowerPoint(v.net, mse, v.data, r0, { seed: seedOf(encLM(v)), starts: 4, steps: 200 });
    if (!lower) return { ok: true, strength: 'evidence' };
    lowerStands(v.net, v.data, lower, r0);
    return {
      ok: false,
      strength: 'refuted',
      claimed: `θ is a local minimum (certified exactly: R(θ) = ${q(r0)} equals the pattern-class lower bound of its cell), so no parameter point should have lower risk.`,
      computed: `θ′ = (${encQs(lower.theta).join(', ')}) has R(θ′) = ${q(lower.risk)} < R(θ) = ${q(r0)}, both computed exactly.`,
      evidence: { risk: q(r0), lowerTheta: encQs(lower.theta), lowerRisk: q(lower.risk) },
    };
  },
  encode: encLM,
  decode: decLM,
  describe: (v) =>
    `network:\n${netSummary(v.net)}\ndata (${v.data.inputs.length} samples):\n${dataTable(v.data)}\nθ:\n${paramTable(v.net, v.theta)}\nR(θ) = ${q(exactRisk(v.net, mse, v.theta, v.data))}`,
  plots: (v) => {
    const r0 = exactRisk(v.net, mse, v.theta, v.data);
    const lower = searchLowerPoint(v.net, mse, v.data, r0, { seed: seedOf(encLM(v)), starts: 4, steps: 200 });
    if (!lower) return [];
    return [
      segmentPlot(
        v.net,
        v.data,
        v.theta,
        lower.theta,
        'Risk from a certified local minimum θ (t = 0) to a lower point θ′ (t = 1)',
        'R rises away from θ (a local minimum, certified exactly) before falling to R(θ′) < R(θ): the local minimum is not global. The curve is computed in floats along one segment; it illustrates, the exact numbers decide.',
        ['θ', 'θ′'],
      ),
    ];
  },
};

// ---------------------------------------------------------------------------
interface EqualRiskValue {
  net: Network;
  data: Dataset;
  thetaA: Fraction[];
  thetaB: Fraction[];
}

const encER = (v: EqualRiskValue): Json => ({
  net: encNet(v.net),
  data: encData(v.data),
  thetaA: encQs(v.thetaA),
  thetaB: encQs(v.thetaB),
});
const decER = (j: Json): EqualRiskValue => ({
  net: decNet(field(j, 'net', 'value'), 'value.net'),
  data: decData(field(j, 'data', 'value'), 'value.data'),
  thetaA: decQs(field(j, 'thetaA', 'value'), 'value.thetaA'),
  thetaB: decQs(field(j, 'thetaB', 'value'), 'value.thetaB'),
});

/** Targets on the perpendicular bisector of the two output vectors: equal risk by construction. */
function equidistantTargets(net: Network, inputs: Fraction[][], a: Fraction[], b: Fraction[], u: Fraction[]): Dataset {
  const probe = dataset(
    inputs,
    inputs.map(() => new Array(net.outputDim).fill(0)),
  );
  const oa = exactOutputs(net, a, probe).flat(),
    ob = exactOutputs(net, b, probe).flat();
  const delta = oa.map((x, k) => x.sub(ob[k]));
  const dd = delta.reduce((s, x) => s.add(x.mul(x)), new Fraction(0));
  const ud = u.reduce((s, x, k) => s.add(x.mul(delta[k])), new Fraction(0));
  const y = oa.map((x, k) =>
    x
      .add(ob[k])
      .div(2)
      .add(dd.n === 0n ? u[k] : u[k].sub(delta[k].mul(ud).div(dd))),
  );
  const dy = net.outputDim;
  return dataset(
    inputs,
    inputs.map((_, i) => y.slice(i * dy, (i + 1) * dy)),
  );
}

export const equalRiskEqualOutputs: Claim<EqualRiskValue> = {
  id: 'control.equal-risk.equal-outputs',
  paper: 'control',
  section: 'negative control',
  title: 'Two parameter points with equal risk have equal outputs (false)',
  statement:
    'If two parameter points of the same network have exactly the same empirical risk, they produce the same output on every training sample. Deliberately false: equal risk only says the residuals have equal norm.',
  hypotheses: [
    'a fully connected network with piecewise-linear activations, squared loss (mean)',
    'R(θA) = R(θB) exactly (targets are built on the perpendicular bisector of the two output vectors)',
  ],
  arithmetic: 'exact',
  expected: 'refuted',
  generatorVersion: 1,
  runs: 100,
  generate: () =>
    fcArch({ maxDepth: 2, maxWidth: 2, maxInput: 2, maxOutput: 2 }).chain((net) =>
      fc
        .record({
          inputs: distinctInputs(net.inputDim, { minN: 1, maxN: 4, value: smallRational(4, 1) }),
          thetaA: fc.array(smallRational(3, 2), { minLength: net.paramCount, maxLength: net.paramCount }),
          thetaB: fc.array(smallRational(3, 2), { minLength: net.paramCount, maxLength: net.paramCount }),
          u: fc.array(smallRational(3, 1), { minLength: 8 * net.outputDim, maxLength: 8 * net.outputDim }),
        })
        .map(({ inputs, thetaA, thetaB, u }) => ({
          net,
          thetaA,
          thetaB,
          data: equidistantTargets(net, inputs, thetaA, thetaB, u.slice(0, inputs.length * net.outputDim)),
        })),
    ),
  detect: (v) =>
    exactRisk(v.net, mse, v.thetaA, v.data).equals(exactRisk(v.net, mse, v.thetaB, v.data)) ? null : 'R(θA) ≠ R(θB)',
  check: (v) => {
    const oa = exactOutputs(v.net, v.thetaA, v.data),
      ob = exactOutputs(v.net, v.thetaB, v.data);
    const r = exactRisk(v.net, mse, v.thetaA, v.data);
    for (let i = 0; i < oa.length; i++)
      for (let j = 0; j < oa[i].length; j++)
        if (!oa[i][j].equals(ob[i][j]))
          return {
            ok: false,
            strength: 'refuted',
            claimed: `R(θA) = R(θB) = ${q(r)}, so θA and θB should give the same output on every sample.`,
            computed: `On sample ${i + 1}${oa[i].length > 1 ? `, output ${j + 1}` : ''}, θA gives ${q(oa[i][j])} but θB gives ${q(ob[i][j])} (both risks are exactly ${q(r)}).`,
            evidence: { risk: q(r), sample: i + 1, output: j + 1, outputA: q(oa[i][j]), outputB: q(ob[i][j]) },
          };
    return { ok: true, strength: 'proved' };
  },
  encode: encER,
  decode: decER,
  describe: (v) =>
    `network:\n${netSummary(v.net)}\ndata (${v.data.inputs.length} samples):\n${dataTable(v.data)}\nθA:\n${paramTable(v.net, v.thetaA)}\nθB:\n${paramTable(v.net, v.thetaB)}\nR(θA) = ${q(exactRisk(v.net, mse, v.thetaA, v.data))}, R(θB) = ${q(exactRisk(v.net, mse, v.thetaB, v.data))}`,
  plots: (v) => [
    segmentPlot(
      v.net,
      v.data,
      v.thetaA,
      v.thetaB,
      'Risk along the segment from θA (t = 0) to θB (t = 1)',
      'The two endpoints have exactly equal risk although their outputs differ. The curve is a float slice between them; it shows the equal endpoints, not the exact equality itself.',
      ['θA', 'θB'],
    ),
  ],
};

// ---------------------------------------------------------------------------
interface AffineValue {
  net: Network;
  data: Dataset;
}
const encAF = (v: AffineValue): Json => ({ net: encNet(v.net), data: encData(v.data) });
const decAF = (j: Json): AffineValue => ({
  net: decNet(field(j, 'net', 'value'), 'value.net'),
  data: decData(field(j, 'data', 'value'), 'value.data'),
});

export const affineFitIsGlobal: Claim<AffineValue> = {
  id: 'control.relu1.affine-fit-is-global',
  paper: 'control',
  section: 'negative control',
  title: 'The least-squares affine fit is always a global minimum of a ReLU network (false)',
  statement:
    'A one-hidden-layer ReLU network can realise the least-squares affine fit of its data (one unit kept active by a large bias); the claim is that no parameter point has lower risk than that fit. Deliberately false: the kinks let the network beat the affine fit.',
  hypotheses: [
    'one hidden ReLU layer with biases, linear output with bias, squared loss (mean)',
    'distinct inputs, scalar targets',
  ],
  arithmetic: 'exact',
  expected: 'refuted',
  generatorVersion: 1,
  runs: 60,
  generate: () =>
    reluNet.chain((net) =>
      distinctInputs(net.inputDim, { minN: 1, maxN: 6, value: smallRational(4, 1) }).chain((inputs) =>
        fc.array(smallRational(4, 1), { minLength: inputs.length, maxLength: inputs.length }).map((ys) => ({
          net,
          data: dataset(
            inputs,
            ys.map((y) => [y]),
          ),
        })),
      ),
    ),
  detect: (v) => detectDistinct(v.data),
  check: (v) => {
    const fit = affineFit(v.data);
    const thAff = affineRealisation(v.net, v.data, fit);
    const rAff = exactRisk(v.net, mse, thAff, v.data);
    if (!rAff.equals(fit.risk))
      throw new Error(`internal: the affine realisation has risk ${q(rAff)}, the least-squares fit ${q(fit.risk)}`);
    const lower = searchLowerPoint(v.net, mse, v.data, rAff, { seed: seedOf(encAF(v)), starts: 4, steps: 200 });
    if (!lower) return { ok: true, strength: 'evidence' };
    lowerStands(v.net, v.data, lower, rAff);
    return {
      ok: false,
      strength: 'refuted',
      claimed: `The least-squares affine fit y ≈ ${fit.a.map((a, j) => `${q(a)}·x${v.net.inputDim > 1 ? j + 1 : ''}`).join(' + ')} + ${q(fit.c)}, realised by θ_aff = (${encQs(thAff).join(', ')}), has the lowest possible risk ${q(rAff)}.`,
      computed: `θ′ = (${encQs(lower.theta).join(', ')}) has R(θ′) = ${q(lower.risk)} < ${q(rAff)}, both computed exactly.`,
      evidence: {
        affineRisk: q(rAff),
        affineTheta: encQs(thAff),
        lowerTheta: encQs(lower.theta),
        lowerRisk: q(lower.risk),
      },
    };
  },
  encode: encAF,
  decode: decAF,
  describe: (v) => {
    const fit = affineFit(v.data);
    return `network:\n${netSummary(v.net)}\ndata (${v.data.inputs.length} samples):\n${dataTable(v.data)}\nleast-squares affine fit: a = (${encQs(fit.a).join(', ')}), c = ${q(fit.c)}, risk ${q(fit.risk)}`;
  },
};

export const controlClaims = [localMinIsGlobal, equalRiskEqualOutputs, affineFitIsGlobal];
