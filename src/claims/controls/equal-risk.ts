/** Negative control: "two parameter points with equal risk have equal outputs". */
import fc from 'fast-check';
import type { Fraction } from 'fraction.js';
import { z } from 'zod';
import { distinctInputs } from '../../gen/data.js';
import { fcArch, smallRational } from '../../gen/arbitraries.js';
import { dataset, type Dataset } from '../../model/data.js';
import { exactOutputs, exactRisk } from '../../model/exact.js';
import type { Network } from '../../model/network.js';
import { sum } from '../../numeric/rational.js';
import { encQ, paramTable } from '../codec.js';
import { claimsOf, instanceKind, proved, refuted } from '../define.js';
import { datasetCodec, networkCodec, rationals } from '../schema.js';
import { mse, netAndData, segmentPlot } from './shared.js';

const controls = claimsOf({ paper: 'control' });

export interface EqualRiskValue {
  net: Network;
  data: Dataset;
  thetaA: Fraction[];
  thetaB: Fraction[];
}

/** Targets on the perpendicular bisector of the two output vectors: equal risk by construction. */
function equidistantTargets(net: Network, inputs: Fraction[][], a: Fraction[], b: Fraction[], u: Fraction[]): Dataset {
  const probe = dataset(
    inputs,
    inputs.map(() => new Array(net.outputDim).fill(0)),
  );
  const oa = exactOutputs(net, a, probe).flat(),
    ob = exactOutputs(net, b, probe).flat();
  const delta = oa.map((x, k) => x.sub(ob[k]));
  const dd = sum(delta.map((x) => x.mul(x)));
  const ud = sum(u.map((x, k) => x.mul(delta[k])));
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

const equalRiskPairs = instanceKind<EqualRiskValue>({
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
  codec: z.object({ net: networkCodec, data: datasetCodec, thetaA: rationals, thetaB: rationals }),
  describe: (v) =>
    `${netAndData(v.net, v.data)}\nθA:\n${paramTable(v.net, v.thetaA)}\nθB:\n${paramTable(v.net, v.thetaB)}\nR(θA) = ${encQ(exactRisk(v.net, mse, v.thetaA, v.data))}, R(θB) = ${encQ(exactRisk(v.net, mse, v.thetaB, v.data))}`,
  hypotheses: [
    'a fully connected network with piecewise-linear activations, squared loss (mean)',
    'R(θA) = R(θB) exactly (targets are built on the perpendicular bisector of the two output vectors)',
  ],
});

export const equalRiskEqualOutputs = controls.claim({
  id: 'control.equal-risk.equal-outputs',
  section: 'negative control',
  title: 'Two parameter points with equal risk have equal outputs (false)',
  statement:
    'If two parameter points of the same network have exactly the same empirical risk, they produce the same output on every training sample. Deliberately false: equal risk only says the residuals have equal norm.',
  expected: 'refuted',
  runs: 100,
  instance: equalRiskPairs,
  check: (v) => {
    const oa = exactOutputs(v.net, v.thetaA, v.data),
      ob = exactOutputs(v.net, v.thetaB, v.data);
    const r = exactRisk(v.net, mse, v.thetaA, v.data);
    for (let i = 0; i < oa.length; i++)
      for (let j = 0; j < oa[i].length; j++)
        if (!oa[i][j].equals(ob[i][j]))
          return refuted(
            `R(θA) = R(θB) = ${encQ(r)}, so θA and θB should give the same output on every sample.`,
            `On sample ${i + 1}${oa[i].length > 1 ? `, output ${j + 1}` : ''}, θA gives ${encQ(oa[i][j])} but θB gives ${encQ(ob[i][j])} (both risks are exactly ${encQ(r)}).`,
            { risk: encQ(r), sample: i + 1, output: j + 1, outputA: encQ(oa[i][j]), outputB: encQ(ob[i][j]) },
          );
    return proved();
  },
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
});
