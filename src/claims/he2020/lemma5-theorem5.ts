/**
 * He et al. 2020, Lemma 5 and Theorem 5 (Appendix A.3): the linear-fit local
 * minimum of a deep network (two or three hidden layers) and its spuriousness.
 */
import { twoPiece } from '../../model/activation.js';
import { exactOutputs, exactPreActivations } from '../../model/exact.js';
import { oneHidden, theorem5Point } from '../../papers/he2020/index.js';
import { encQ } from '../codec.js';
import { proved, refuted } from '../define.js';
import { firstMismatch, firstNonPositive, localMin } from './deciders.js';
import { deepLayers, setupDeep } from './instances.js';
import { he2020 } from './paper.js';

export const lemma5LinearFitAndMin = he2020.claim({
  id: 'he2020.lemma5.local-min',
  section: 'Appendix A.3, Lemma 5, eqs. (29)–(33)',
  title: 'Lemma 5: the deep linear-fit point reproduces the LS fit and is a local minimum',
  statement:
    'For depth L ≥ 3, layer 1 as in Lemma 4, hidden layers copying the fit channels and a positive constant channel (scaled by 1/s+), and output [I/s+ 0] with bias η, the network outputs the least-squares linear fit, its risk is f*, and it is a local minimum (decided by an exact cell certificate).',
  instance: deepLayers,
  generatorVersion: 2,
  check: (v) => {
    const s = setupDeep(v);
    const bad = firstMismatch(exactOutputs(s.net, s.theta, v.data), (i, k) => s.fit.Ylin[k][i]);
    if (bad)
      return refuted(
        'the Lemma 5 point outputs the linear fit',
        `sample ${bad.i + 1}, output ${bad.k + 1}: ${encQ(bad.got)} instead of ${encQ(bad.want)}`,
        { sample: bad.i + 1 },
      );
    return localMin(s.net, s.theta, v.data, 'the Lemma 5 point is a local minimum');
  },
});

export const theorem5Spurious = he2020.claim({
  id: 'he2020.theorem5.spurious',
  section: 'Appendix A.3, Theorem 5, eqs. (34)–(38)',
  title: 'Theorem 5: the deep linear-fit local minimum is spurious',
  statement:
    'The Theorem 4 point lifted through the deeper layers (layer-2 shift λ with every layer-2 pre-activation strictly positive, eq. 34; identity-like copies; output bias −λ) has exactly the Theorem 4 output, hence risk strictly below f*.',
  instance: deepLayers,
  generatorVersion: 2,
  check: (v) => {
    const s = setupDeep(v);
    const t = theorem5Point(v.data, s.fit, v.hidden, v.sMinus, v.sPlus);
    if (!t)
      return refuted(
        'a point with risk below f* exists (Theorem 5)',
        `the construction found none (f* = ${encQ(s.fit.fStar)})`,
        { fStar: encQ(s.fit.fStar) },
      );
    // eq. (34): λ makes every layer-2 pre-activation strictly positive (so layer 2 is linear on every sample)
    const nonPos = firstNonPositive(exactPreActivations(s.net, t.theta, v.data)[1]);
    if (nonPos)
      return refuted(
        'every layer-2 pre-activation of the lifted point is positive (eq. 34)',
        `the layer-2 pre-activation of unit ${nonPos.u + 1} on sample ${nonPos.i + 1} is ${encQ(nonPos.z)}, not positive`,
        { unit: nonPos.u + 1, sample: nonPos.i + 1, preActivation: encQ(nonPos.z) },
      );
    if (t.risk.compare(s.fit.fStar) >= 0)
      return refuted(
        `the lifted point has risk ${encQ(t.base.risk)} < f*`,
        `its risk is ${encQ(t.risk)} ≥ f* = ${encQ(s.fit.fStar)}`,
        { risk: encQ(t.risk), fStar: encQ(s.fit.fStar) },
      );
    if (!t.risk.equals(t.base.risk))
      return refuted(
        'the lift preserves the Theorem 4 output',
        `risk ${encQ(t.risk)} vs the shallow point's ${encQ(t.base.risk)}`,
        { risk: encQ(t.risk), base: encQ(t.base.risk) },
      );
    const shallow = oneHidden(s.dX, v.hidden[0], s.dY, twoPiece(v.sMinus, v.sPlus));
    const b = exactOutputs(shallow, t.base.theta, v.data);
    const diff = firstMismatch(exactOutputs(s.net, t.theta, v.data), (i, k) => b[i][k]);
    if (diff)
      return refuted(
        'the deep point has exactly the Theorem 4 outputs (eq. 38)',
        `sample ${diff.i + 1}, output ${diff.k + 1}: ${encQ(diff.got)} vs ${encQ(diff.want)}`,
      );
    return proved();
  },
});
