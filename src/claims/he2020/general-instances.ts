/**
 * The instance kind of He et al.'s claims for general piecewise-linear
 * activations (Lemma 6, Theorem 1): one to three hidden layers and an
 * activation with a turning point meeting Assumption 4, the point lifted there.
 */
import fc from 'fast-check';
import type { Fraction } from 'fraction.js';
import { z } from 'zod';
import { randomPwl } from '../../gen/arbitraries.js';
import { detectDistinct, detectNotAffine, nonAffineDataset } from '../../gen/data.js';
import type { PwlActivation } from '../../model/activation.js';
import type { Dataset } from '../../model/data.js';
import {
  assumption4Kink,
  deepNet,
  defaultEta,
  lemma5Point,
  liftToPwl,
  linearFit,
  type LinearFit,
} from '../../papers/he2020/index.js';
import { dataTable, encQ, netSummary, paramTable } from '../codec.js';
import { instanceKind } from '../define.js';
import { datasetCodec, pwlActivationCodec } from '../schema.js';
import { HYP, layerSizes, widths } from './instances.js';

export interface GeneralInstance {
  hidden: number[];
  act: PwlActivation;
  data: Dataset;
}

// drawn like deepInstance (layerSizes), with a random PWL activation instead of two-piece slopes
export function generalInstance(): fc.Arbitrary<GeneralInstance> {
  return fc
    .record({
      ...layerSizes(1),
      act: randomPwl({ minPieces: 2, maxPieces: 4 }),
    })
    .chain(({ dX, dY, extras, act }) =>
      nonAffineDataset(dX, { dy: dY, maxN: dX + 4 }).map((data) => ({ hidden: extras.map((e) => dY + e), act, data })),
    );
}

function detectGeneral(v: GeneralInstance): string | null {
  const dY = v.data.targets[0].length;
  if (v.hidden.some((w) => w < dY + 1)) return 'Assumption 3 fails: a hidden layer is not wider than the output';
  if (!assumption4Kink(v.act)) return 'Assumption 4 fails: no turning point with s− + s+ ≠ 0';
  return detectDistinct(v.data) ?? detectNotAffine(v.data);
}

/** The linear-fit point of the inner two-piece network at η (Lemma 4; Lemma 5 when deeper). */
export function innerPoint(v: GeneralInstance, fit: LinearFit, eta: Fraction): Fraction[] {
  return lemma5Point(fit, v.data.inputs[0].length, v.hidden, assumption4Kink(v.act)!.inner.sPlus, eta);
}

/** The kink, the network, the fit and the lifted Lemma 6 point (with its scale c) of a general instance. */
export function setupGeneral(v: GeneralInstance) {
  const dX = v.data.inputs[0].length,
    dY = v.data.targets[0].length;
  const kink = assumption4Kink(v.act)!;
  const net = deepNet(dX, v.hidden, dY, v.act);
  const fit = linearFit(v.data);
  const lifted = liftToPwl(innerPoint(v, fit, defaultEta(fit)), dX, v.hidden, dY, v.act, kink, v.data);
  return { dX, dY, kink, net, fit, theta: lifted.theta, c: lifted.c };
}

/** One to three hidden layers, a general PWL activation with a turning point meeting Assumption 4. */
export const generalPwl = instanceKind({
  generate: generalInstance,
  detect: detectGeneral,
  codec: z.codec(
    z.object({ hidden: widths, activation: pwlActivationCodec, data: datasetCodec }),
    z.custom<GeneralInstance>(),
    {
      decode: ({ hidden, activation, data }) => ({ hidden, act: activation, data }),
      encode: ({ hidden, act, data }) => ({ hidden, activation: act, data }),
    },
  ),
  describe: (v: GeneralInstance) => {
    const s = setupGeneral(v);
    return [
      `activation: ${v.act.name}; lifted at the turning point t = ${encQ(s.kink.t)} (slopes ${encQ(s.kink.sMinus)}, ${encQ(s.kink.sPlus)}, ε = ${s.kink.eps}, scale c = ${encQ(s.c)})`,
      `network:\n${netSummary(s.net)}`,
      `data (${v.data.inputs.length} samples):\n${dataTable(v.data)}`,
      `f* = ${encQ(s.fit.fStar)}`,
      `Lemma 6 point:\n${paramTable(s.net, s.theta)}`,
    ].join('\n');
  },
  hypotheses: [
    HYP[0],
    HYP[1],
    'Assumption 3: every hidden layer is wider than the output',
    'Assumption 4: a continuous PWL activation (2–4 pieces) with a turning point t where s− ≠ s+ and s− + s+ ≠ 0',
    HYP[4],
    'one to three hidden layers (depth L = 2 to 4), the same activation in each',
  ],
});
