/** Negative control: "the least-squares affine fit is a global minimum of a ReLU network". */
import fc from 'fast-check';
import { z } from 'zod';
import { detectDistinct, distinctInputs } from '../../gen/data.js';
import { smallRational } from '../../gen/arbitraries.js';
import { affineEmbedding, affineFit } from '../../model/affine.js';
import { dataset, type Dataset } from '../../model/data.js';
import { exactRisk } from '../../model/exact.js';
import type { Network } from '../../model/network.js';
import { encQ, encQs } from '../codec.js';
import { claimsOf, encodeWith, instanceKind, refuted, supported } from '../define.js';
import { datasetCodec, networkCodec } from '../schema.js';
import { lowerPoint, mse, netAndData, reluNet } from './shared.js';

const controls = claimsOf({ paper: 'control' });

export interface AffineValue {
  net: Network;
  data: Dataset;
}

const codec = z.object({ net: networkCodec, data: datasetCodec });

const reluData = instanceKind<AffineValue>({
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
  codec,
  describe: (v) => {
    const W = affineFit(v.data).W[0];
    return `${netAndData(v.net, v.data)}\nleast-squares affine fit: a = (${encQs(W.slice(0, -1)).join(', ')}), c = ${encQ(W[W.length - 1])}, risk ${encQ(affineFit(v.data).risk)}`;
  },
  hypotheses: [
    'one hidden ReLU layer with biases, linear output with bias, squared loss (mean)',
    'distinct inputs, scalar targets',
  ],
});

export const affineFitIsGlobal = controls.claim({
  id: 'control.relu1.affine-fit-is-global',
  section: 'negative control',
  title: 'The least-squares affine fit is always a global minimum of a ReLU network (false)',
  statement:
    'A one-hidden-layer ReLU network can realise the least-squares affine fit of its data (one unit kept active by a large bias); the claim is that no parameter point has lower risk than that fit. Deliberately false: the kinks let the network beat the affine fit.',
  expected: 'refuted',
  runs: 60,
  instance: reluData,
  check: (v) => {
    const fit = affineFit(v.data, mse);
    const thAff = affineEmbedding(v.net, fit.W, v.data.inputs);
    const rAff = exactRisk(v.net, mse, thAff, v.data);
    if (!rAff.equals(fit.risk))
      throw new Error(`internal: the affine embedding has risk ${encQ(rAff)}, the least-squares fit ${encQ(fit.risk)}`);
    const lower = lowerPoint(v.net, v.data, rAff, encodeWith(codec, v), thAff);
    if (!lower) return supported();
    const W = fit.W[0];
    return refuted(
      `The least-squares affine fit y ≈ ${W.slice(0, -1)
        .map((a, j) => `${encQ(a)}·x${v.net.inputDim > 1 ? j + 1 : ''}`)
        .join(
          ' + ',
        )} + ${encQ(W[W.length - 1])}, realised by θ_aff = (${encQs(thAff).join(', ')}), has the lowest possible risk ${encQ(rAff)}.`,
      `θ′ = (${encQs(lower.theta).join(', ')}) has R(θ′) = ${encQ(lower.risk)} < ${encQ(rAff)}, both computed exactly; found by: ${lower.how} (tried: ${lower.effort}).`,
      {
        affineRisk: encQ(rAff),
        affineTheta: encQs(thAff),
        lowerTheta: encQs(lower.theta),
        lowerRisk: encQ(lower.risk),
      },
    );
  },
});
