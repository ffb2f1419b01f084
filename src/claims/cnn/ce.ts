/**
 * Cross-entropy instances (note P13, T8): a generic Lemma 6 point with two
 * one-hot classes and b^L_1 at its CE optimum, for Lemmas 10 and 11 with
 * cross-entropy. Decimal (50 digits) where the softmax enters.
 */
import fc from 'fast-check';
import type { Decimal } from 'decimal.js';
import type { Fraction } from 'fraction.js';
import { z } from 'zod';
import { dataTensors, dataset, paramTensor, type Dataset } from '../../model/data.js';
import { exactOutputs } from '../../model/exact.js';
import { crossEntropyLoss } from '../../model/loss.js';
import { risk } from '../../model/passes.js';
import type { Network } from '../../model/network.js';
import { decimal50 } from '../../numeric/decimal.js';
import { rational, ZERO } from '../../numeric/rational.js';
import { decimalBackend } from '../../numeric/scalar-backend.js';
import { toTheta } from '../../papers/cnn/index.js';
import { paramTable } from '../codec.js';
import { instanceKind } from '../define.js';
import { describeGeneric, genericCodec, genericInstance, genericSetup, type GenericInstance } from './generic.js';

export interface CeInstance {
  base: GenericInstance;
  /** class of each sample (one-hot labels over d_y = 2 classes) */
  classes: number[];
}

export const D = decimal50.D;
export const toDec = (x: Fraction) => new D(x.n.toString()).div(x.d.toString()).mul(x.s.toString());

const ceLoss = crossEntropyLoss();

/** R_CE at θ, in 50-digit decimals. */
export function ceRiskAt(net: Network, theta: readonly Fraction[], data: Dataset): Decimal {
  const { X, Y } = dataTensors(decimalBackend, net, data);
  return risk(decimalBackend, net, ceLoss, paramTensor(decimalBackend, net, theta), X, Y) as Decimal;
}

const ceArb = (): fc.Arbitrary<CeInstance> =>
  genericInstance({ dy: 2 }).chain((base) =>
    fc
      .array(fc.integer({ min: 0, max: 1 }), { minLength: base.data.inputs.length, maxLength: base.data.inputs.length })
      // both classes present (else no finite optimal b^L_1): repair, not rejection
      .map((classes) => ({
        base,
        classes: classes.every((c) => c === classes[0]) ? [1 - classes[0], ...classes.slice(1)] : classes,
      })),
  );

const ceData = (v: CeInstance): Dataset =>
  dataset(
    v.base.data.inputs,
    v.classes.map((c) => [c === 0 ? 1 : 0, c === 1 ? 1 : 0]),
  );

/**
 * θ of Lemma 6 for CE: b^L_1 by Newton's method (50 digits) on Σ_i (softmax(o_i)_1 − y_{i,1}) = 0, rounded to a
 * 40-digit rational; u^k_i = softmax(o_i)_k − y_{i,k} (standard softmax of +o; the paper's e^{−o}
 * convention only flips signs, note T8).
 */
const ceCache = new WeakMap<CeInstance, ReturnType<typeof ceSetupUncached>>();
export function ceSetup(v: CeInstance) {
  let r = ceCache.get(v);
  if (!r) ceCache.set(v, (r = ceSetupUncached(v)));
  return r;
}

function ceSetupUncached(v: CeInstance) {
  const data = ceData(v);
  const st = genericSetup({ ...v.base, data });
  const o0 = exactOutputs(st.net, st.theta, data).map((r) => r.map(toDec));
  const y1 = data.targets.map((t) => new D(t[0].valueOf()));
  // Newton on the strictly increasing f(b) = Σ_i (σ(o_i1 + b − o_i2) − y_i1), from b = 0, damped to steps ≤ 4
  let b = new D(0);
  for (let it = 0; it < 60; it++) {
    const ps = o0.map((o) => new D(1).div(new D(1).add(o[1].sub(o[0].add(b)).exp())));
    const f = ps.reduce((acc, p, i) => acc.add(p.sub(y1[i])), new D(0));
    const df = ps.reduce((acc, p) => acc.add(p.mul(new D(1).sub(p))), new D(0));
    let step = f.div(df);
    if (step.abs().greaterThan(4)) step = step.div(step.abs()).mul(4);
    b = b.sub(step);
    if (step.abs().lessThan(new D('1e-45'))) break;
  }
  const shift = rational.fromString(b.toFixed(42));
  const params = { ...st.params, bL: st.params.bL.map((x, k) => (k === 0 ? x.add(shift) : x)) };
  const theta = toTheta(st.net, params);
  const out = exactOutputs(st.net, theta, data).map((r) => r.map(toDec));
  const p1 = out.map((o) => new D(1).div(new D(1).add(o[1].sub(o[0]).exp())));
  const u = [
    p1.map((p, i) => p.sub(data.targets[i][0].valueOf())),
    p1.map((p, i) => new D(1).sub(p).sub(data.targets[i][1].valueOf())),
  ];
  // rationals for the split selection; the last entry absorbs the rounding so that Σu = 0 exactly (true at the optimum)
  const uQ = u.map((r) => {
    const xs = r.map((x) => rational.fromString(x.toFixed(45)));
    xs[xs.length - 1] = xs.slice(0, -1).reduce((a, x) => a.sub(x), ZERO);
    return xs;
  });
  return { ...st, data, params, theta, u, uQ };
}

/** The CE instances: no detector of their own (each claim states its hypotheses and detector). */
export const crossEntropy = instanceKind<CeInstance>({
  generate: ceArb,
  codec: z.object({ base: genericCodec, classes: z.array(z.union([z.literal(0), z.literal(1)])) }),
  describe: (v) => {
    const st = ceSetup(v);
    return `${describeGeneric({ ...v.base, data: st.data }, { ce: true }).replace(/\nθ of Lemma 6[\s\S]*$/, '')}\nθ of Lemma 6 with the CE-optimal b^L_1:\n${paramTable(st.net, st.theta)}\nlabels (one-hot, class per sample): ${v.classes.map((c) => c + 1).join(', ')}; optimal b^L_1 ≈ ${st.params.bL[0].valueOf()}; u^1 ≈ (${st.u[0].map((x) => x.toSignificantDigits(6).toString()).join(', ')})`;
  },
});
