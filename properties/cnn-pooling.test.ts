// CNN paper, App. D (general case) with an average-pooling layer between L−1
// and the FC layer: hand-checked exact goldens, and the claims cnn.appd.*.
import { describe, expect, it } from 'vitest';
import type { Fraction } from 'fraction.js';
import fc from 'fast-check';
import { claimTests } from './helpers/claims.js';
import { analyseLocalMin, analyseCurve, rayCurve } from '../src/landscape/index.js';
import { dataset } from '../src/model/data.js';
import { exactOutputs, exactPreActivations, exactRisk } from '../src/model/exact.js';
import * as Poly from '../src/linalg/polynomial.js';
import {
  bestDeltaB,
  cnnNetwork,
  E,
  expandFc,
  expandedCopyWeights,
  fcLayer,
  findReservedDescent,
  forwardingTop,
  halfMse,
  lemma6Params,
  perturbLemma10,
  planLemma10,
  POOLED,
  paramsOf,
  poolMatrix,
  predictedLemma10Risk,
  repairedLemma6,
  residuals,
  shapeOf,
  thetaPrimeCase1,
  thetaPrimeCase2,
  thetaPrimeOf,
  toTheta,
  type CnnShape,
} from '../src/papers/cnn/index.js';
import {
  descentWithPooling,
  lemma6RepairedWithPooling,
  lemma6WithPooling,
  thetaPrimeWithPooling,
} from '../src/claims/cnn/appendix-d.js';
import { genericSetup, pooledInstance } from '../src/claims/cnn/generic.js';
import { globalPool, spuriousWithGlobalPool } from '../src/claims/cnn/appendix-d-global-pool.js';
import { architectureGlobalMinimum } from '../src/landscape/global-bounds.js';
import { genuineSetup, pooledGenuineInstance, type GenuineInstance } from '../src/claims/cnn/instances.js';
import { archLine, shapeCodec } from '../src/claims/cnn/parts.js';
import { toRat, toRats, ZERO } from '../src/numeric/index.js';

const strs = (xs: readonly Fraction[]) => xs.map((x) => x.toFraction());
const col = (o: Fraction[][]) => o.map((r) => r[0].toFraction());

/** The data of the pooled golden (P = 2, one channel). */
const goldenData = dataset(
  [
    [1, 0],
    [0, 2],
    [3, 1],
  ],
  [[0], [0], [6]],
);

describe('App. D pooled golden (hand-checked)', () => {
  // P = 2, one input channel, T3 = 1 (filter E: v = x), bias 0, T2 = T1 = 3, pooled FC weight 2 on the copy:
  // o = 2·½(a_1 + a_2) + b^L = a_1 + a_2 + b^L with a = σ(x); b^L = −1/3 makes Σu = 0.
  const s = { C0: 1, P: 2, T3: 1, T2: 3, T1: 3, dy: 1 };
  const data = goldenData;
  const net = cnnNetwork(s, POOLED);
  const p = lemma6Params(
    { shape: s, filter: [E(0, 1)], bias: [toRat(0)], fc: [[toRat(2)]], bL: [toRat('-1/3')] },
    POOLED,
  );
  const th = toTheta(net, p);

  it('the pooling matrix is eq. (11) and θ gives o = a_1 + a_2 − 1/3, R = 13/9', () => {
    expect(poolMatrix({ C0: 1, P: 4, T3: 1, T2: 3, T1: 3, dy: 1 }).map(strs)).toEqual([
      ['1/2', '1/2', '0', '0'],
      ['0', '0', '1/2', '1/2'],
    ]);
    expect(net.paramCount).toBe(3 + 1 + 9 + 3 + 27 + 3 + 3 + 1);
    expect(col(exactOutputs(net, th, data))).toEqual(['2/3', '5/3', '11/3']);
    expect(exactRisk(net, halfMse, th, data).toFraction()).toBe('13/9');
    expect(residuals(net, th, data).map(strs)).toEqual([['2/3', '5/3', '-7/3']]);
  });

  it('θ′ (case 1, β = 5/2; case 2, η = −1/2 with b̃ = 0 and 3) has exactly the outputs of θ, and the reserved paths carry the signal', () => {
    const o = col(exactOutputs(net, th, data));
    const c1 = thetaPrimeCase1(s, p, 0, 0, toRat('5/2'), POOLED);
    expect(strs(c1.W[0])).toEqual(['2', '2', '0']);
    expect(c1.bL[0].toFraction()).toBe(toRat('-1/3').sub(toRat(5)).toFraction()); // b^L − βΣw = −1/3 − 5
    expect(col(exactOutputs(net, toTheta(net, c1), data))).toEqual(o);
    // without the FC weights on the reserved maps the outputs collapse: the copy map no longer carries them
    expect(col(exactOutputs(net, toTheta(net, { ...c1, W: [[toRat(0), toRat(0), toRat(0)]] }), data))).not.toEqual(o);
    for (const bt of [toRat(0), toRat(3)])
      expect(
        col(exactOutputs(net, toTheta(net, thetaPrimeCase2(s, p, 0, 0, toRat('-1/2'), bt, POOLED)), data)),
      ).toEqual(o);
  });

  it('Lemma 10 through the pooling: w̃ = (1, 1) (half the FC weight 2), D̃ = (0, 0, 1), G̃ = −7/3, ρ = 1/2, δb* = 1/4, R = 121/96', () => {
    const u = residuals(net, th, data);
    const plan = planLemma10(s, p, u, data, ZERO, POOLED)!;
    expect([plan.eta.toFraction(), plan.which, plan.mode, plan.h]).toEqual(['5/2', 1, 'selected', 0]);
    expect(strs(expandedCopyWeights(s, p, 0, 0, POOLED))).toEqual(['1', '1']);
    expect(strs(plan.D)).toEqual(['0', '0', '1']);
    expect([plan.G.toFraction(), plan.rho.toFraction()]).toEqual(['-7/3', '1/2']);
    const db = bestDeltaB(plan);
    expect(db.toFraction()).toBe('1/4');
    const tp = thetaPrimeOf(s, p, plan, POOLED);
    const moved = toTheta(net, perturbLemma10(tp, plan.which, db));
    // sample 3 moves by δb·D̃_3 = 1/4, not by δb·(FC weight) = 1/2
    expect(col(exactOutputs(net, moved, data))).toEqual(['2/3', '5/3', '47/12']);
    expect(exactRisk(net, halfMse, moved, data).toFraction()).toBe('121/96');
    expect(predictedLemma10Risk(toRat('13/9'), plan, db, 3).toFraction()).toBe('121/96');
  });
});

describe('App. D pooled network = unpooled network with the FC expanded by Poolᵀ (pooling is linear)', () => {
  it('exactly equal outputs on generated instances', () => {
    for (const v of fc.sample(pooledInstance(), { seed: 7, numRuns: 40 })) {
      const st = genericSetup(v, POOLED);
      const unpooled = cnnNetwork(st.s);
      expect(exactOutputs(unpooled, toTheta(unpooled, expandFc(st.s, st.params, POOLED)), v.data)).toEqual(
        exactOutputs(st.net, st.theta, v.data),
      );
    }
  });
});

describe('App. D Lemma 6 with pooling, golden saddle (the shrunk counterexample, hand-checked)', () => {
  // both L−3 filters E, bias 1 − min v = 2: a = x + 2; both pooled copies are ½(x_1 + x_2) + 2 = (3/2, 2, 5/2, 3),
  // uncorrelated with y, so the least-squares FC is 0, b^L = 0, u = (0, −1, 2, −1), R = 3/4 (= the best affine fit in x)
  const inst: GenuineInstance = {
    shape: { C0: 1, P: 2, T3: 2, T2: 4, T1: 4, dy: 1 },
    filter: [[[toRat(0), toRat(1), toRat(0)]], [[toRat(0), toRat(1), toRat(0)]]],
    data: dataset(
      [
        [-1, 0],
        [0, 0],
        [0, 1],
        [0, 2],
      ],
      [[0], [1], [-2], [1]],
    ),
  };
  const st = genuineSetup(inst, POOLED);

  it('the printed θ is a saddle: R(ε) = 3/4 − ε²/16 + 5ε⁴/64 along the reserved ray (τ = 5/2, pooled g = (0, 0, 1/4, 3/4), F = −1/4)', () => {
    expect(st.risk.toFraction()).toBe('3/4');
    expect(lemma6WithPooling.detect(inst)).toBeNull();
    const sd = findReservedDescent(st.net, st.s, st.params, inst.data, POOLED)!;
    expect([sd.tau.toFraction(), sd.F.toFraction(), sd.q]).toEqual(['5/2', '-1/4', 0]);
    expect(strs(sd.g)).toEqual(['0', '0', '1/4', '3/4']);
    expect(
      Poly.polyToStrings(analyseCurve(st.net, halfMse, inst.data, rayCurve(st.theta, sd.direction)).riskPolynomial),
    ).toEqual(['3/4', '0', '-1/16', '0', '5/64']);
    expect(lemma6WithPooling.check(inst).ok).toBe(false);
  });

  it('repaired (reserved maps bias −1): same risk 3/4, a proved local minimum', () => {
    const rep = repairedLemma6(st.net, st.params, inst.data);
    expect(rep.moved).toEqual(['L−2 map 1', 'L−2 map 2', 'L−1 map 1', 'L−1 map 2']);
    expect(exactRisk(st.net, halfMse, rep.theta, inst.data).toFraction()).toBe('3/4');
    expect(analyseLocalMin(st.net, halfMse, rep.theta, inst.data, { noProbes: true }).strength).toBe('proved');
    expect(lemma6RepairedWithPooling.check(inst)).toEqual({ ok: true, strength: 'proved' });
  });

  it('the holds claims pass on a generated instance (smoke test independent of the registry)', () => {
    const vs = fc.sample(pooledInstance(), { seed: 3, numRuns: 20 });
    expect(thetaPrimeWithPooling.check(vs[0])).toEqual({ ok: true, strength: 'proved' });
    const v = vs.find((x) => descentWithPooling.detect(x) === null)!;
    expect(descentWithPooling.check(v)).toEqual({ ok: true, strength: 'proved' });
  });
});

describe('App. D with global average pooling: cnn.appd.spurious-with-global-pooling', () => {
  const P = 16;
  const shape = { C0: 1, P, T3: 1, T2: 3, T1: 3, dy: 1 };
  const net = cnnNetwork(shape, { pool: P });
  const image = (at: number, value = 1) => Array.from({ length: P }, (_, j) => (j === at ? value : 0));
  const instance = (xs: number[][], ys: number[]): GenuineInstance => ({
    shape,
    filter: [[[ZERO, toRat(1), ZERO]]],
    data: dataset(
      xs,
      ys.map((y) => [y]),
    ),
  });
  // a random parameter point of the globally pooled network (integers in −3..3)
  const anyTheta = fc.array(fc.integer({ min: -3, max: 3 }), { minLength: net.paramCount, maxLength: net.paramCount });

  it('two centred translates labelled 1 and 0: θ gives both 1/2, R(θ) = 1/8 = the architecture bound, so θ is a global minimum and the claim fails', () => {
    const v = instance([image(7), image(6)], [1, 0]);
    expect(spuriousWithGlobalPool.detect(v)).toBeNull();
    const st = genuineSetup(v, globalPool(shape));
    expect(strs(exactOutputs(st.net, st.theta, v.data).map((o) => o[0]))).toEqual(['1/2', '1/2']);
    const g = architectureGlobalMinimum(st.net, halfMse, st.theta, v.data);
    expect(g.strength).toBe('proved');
    expect(g.evidence).toMatchObject({
      bound: '1/8',
      risk: '1/8',
      groups: [{ samples: [0, 1], reason: 'weight-sharing' }],
    });
    const out = spuriousWithGlobalPool.check(v);
    expect(out).toMatchObject({ ok: false, strength: 'refuted' });
    expect(!out.ok && out.computed).toContain('θ is a global minimum. samples 1, 2 (translates');
    expect(!out.ok && out.computed).toContain('(-1/2, 1/2) sum to 0');
  });

  it('the certificate is sound: every parameter point gives the two centred translates one output (kills a receptive-field analysis that groups too much)', () => {
    const xs = dataset([image(7), image(6)], [[0], [0]]);
    fc.assert(
      fc.property(anyTheta, (t) => {
        const o = exactOutputs(net, toRats(t), xs);
        expect(o[0][0].equals(o[1][0])).toBe(true);
      }),
      { seed: 5, numRuns: 30 },
    );
  });

  it('at the border the zero padding tells the translates apart: no certificate, and some parameter point separates them (kills a grouping that ignores the padding)', () => {
    const v = instance([image(1), image(0)], [1, 0]);
    const st = genuineSetup(v, globalPool(shape));
    expect(architectureGlobalMinimum(st.net, halfMse, st.theta, v.data).strength).toBe('inconclusive');
    const separated = fc.sample(anyTheta, { seed: 5, numRuns: 30 }).some((t) => {
      const o = exactOutputs(net, toRats(t), v.data);
      return !o[0][0].equals(o[1][0]);
    });
    expect(separated).toBe(true);
  });

  it('a scaled object (x_i = c_i·e_8) with labels not affine in c: θ is not global, and the Lemma 10 descent through the pooling decides the claim (holds)', () => {
    const v = instance(
      [1, 2, 3, 4].map((c) => image(8, c)),
      [0, 1, 0, 1],
    );
    expect(spuriousWithGlobalPool.detect(v)).toBeNull();
    const st = genuineSetup(v, globalPool(shape));
    expect(architectureGlobalMinimum(st.net, halfMse, st.theta, v.data).strength).toBe('inconclusive');
    expect(spuriousWithGlobalPool.check(v)).toEqual({ ok: true, strength: 'proved' });
  });
});

describe('App. D with FC layers after the pooling (the first plays W^L, the others forward)', () => {
  // the golden above with one hidden FC layer of 2 units (one idle): o = (2/3, 5/3, 11/3), so c = 1 + 11/3 = 14/3
  const s = { C0: 1, P: 2, T3: 1, T2: 3, T1: 3, dy: 1, hiddenFc: [2] };
  const data = goldenData;
  const net = cnnNetwork(s, POOLED);
  const top = forwardingTop(s, [[toRat('2/3')], [toRat('5/3')], [toRat('11/3')]])!;
  const p = lemma6Params(
    { shape: s, filter: [E(0, 1)], bias: [toRat(0)], fc: [[toRat(2)]], bL: [toRat('-1/3')], top },
    POOLED,
  );
  const th = toTheta(net, p);
  const withHidden = <V extends { shape: CnnShape }>(v: V, hiddenFc: number[]): V => ({
    ...v,
    shape: { ...v.shape, hiddenFc },
  });

  it('golden: c = 14/3, the forwarding unit carries o + c = (16/3, 19/3, 25/3), the idle unit 0, and the outputs and R = 13/9 are those of the one-FC network', () => {
    expect(top.c.toFraction()).toBe('14/3');
    const pre = exactPreActivations(net, th, data)[fcLayer(net) - 1];
    expect(strs(pre[0])).toEqual(['16/3', '19/3', '25/3']);
    expect(strs(pre[1])).toEqual(['0', '0', '0']);
    expect(col(exactOutputs(net, th, data))).toEqual(['2/3', '5/3', '11/3']);
    expect(exactRisk(net, halfMse, th, data).toFraction()).toBe('13/9');
  });

  it('golden: the description numbers the FC layers after the pooling (layer 5 plays W^L, layer 6 is the output)', () => {
    expect(archLine(s, POOLED)).toContain(
      'layer 5 = FC (dense, ReLU, 2 unit(s); the role of W^L) from the 3×1 pooled values; layer 6 = FC output (linear, 1 output(s)) forwarding the first 1',
    );
  });

  // kills: c not added at the first FC layer or not subtracted at the output, a hidden layer that does not forward by identity
  it('on generated instances the forwarding top changes no output, and every forwarding unit has pre-activation o + c ≥ 1', () => {
    let idle = 0;
    for (const [k, v] of fc.sample(pooledInstance(), { seed: 11, numRuns: 40 }).entries()) {
      const hidden = k % 3 === 0 ? [v.shape.dy + 1, v.shape.dy] : k % 3 === 1 ? [v.shape.dy] : [v.shape.dy + 1];
      const one = genericSetup(v, POOLED);
      const st = genericSetup(withHidden(v, hidden), POOLED);
      const o = exactOutputs(one.net, one.theta, v.data);
      expect(exactOutputs(st.net, st.theta, v.data)).toEqual(o);
      const c = st.params.top!.c;
      const pre = exactPreActivations(st.net, st.theta, v.data)[fcLayer(st.net) - 1];
      pre.forEach((unit, j) =>
        unit.forEach((z, i) => {
          if (j < v.shape.dy) {
            expect(z.equals(o[i][j].add(c))).toBe(true);
            expect(z.compare(1)).toBeGreaterThanOrEqual(0);
          } else {
            expect(z.n).toBe(0n);
            idle++;
          }
        }),
      );
    }
    expect(idle).toBeGreaterThan(0);
  });

  // kills: a saved instance with a hidden FC layer narrower than d_y decoding, then failing inside cnnNetwork
  it('the shape codec refuses a hidden FC layer narrower than d_y, in one line naming it', () => {
    const r = shapeCodec.safeParse({ C0: 1, P: 2, T3: 1, T2: 3, T1: 3, dy: 2, hiddenFc: [1] });
    expect(r.success).toBe(false);
    expect(r.error!.issues[0].message).toBe('every hidden FC layer needs at least d_y units');
    expect(() => cnnNetwork({ C0: 1, P: 2, T3: 1, T2: 3, T1: 3, dy: 2, hiddenFc: [1] }, POOLED)).toThrow(
      'at least d_y = 2',
    );
  });

  // kills: paramsOf ignoring the top (W with the idle rows, b^L with c in it), shapeOf losing hiddenFc
  it('shapeOf and paramsOf read the FC layers back; a top that does not forward is refused', () => {
    expect(shapeOf(net)).toEqual(s);
    const back = paramsOf(net, s, th);
    expect(strs(back.bL)).toEqual(['-1/3']);
    expect(back.W.length).toBe(1);
    expect(back.top!.c.toFraction()).toBe('14/3');
    expect(toTheta(net, back)).toEqual(th);
    const bent = th.slice();
    const out = net.views.find((x) => x.name === `layer${fcLayer(net) + 1}.weight`)!;
    bent[out.offset] = toRat(2);
    expect(() => paramsOf(net, s, bent)).toThrow('not a forwarding top');
  });

  // kills: a ρ that ignores the forwarding units, or their margin computed from the wrong side of the kink
  it("Lemma 10's ρ stops where a forwarding unit of output k reaches its kink: there its pre-activation is exactly 0", () => {
    let binding = 0;
    for (const v0 of fc.sample(pooledInstance(), { seed: 5, numRuns: 300 })) {
      const v = withHidden(v0, [v0.shape.dy]);
      const st = genericSetup(v, POOLED);
      const u = residuals(st.net, st.theta, v.data);
      const plan = planLemma10(st.s, st.params, u, v.data, v.extra, POOLED);
      if (!plan) continue;
      expect(plan.rhoTop).toBeDefined();
      expect(plan.rho.compare(plan.rhoTop!)).toBeLessThanOrEqual(0);
      if (!plan.rho.equals(plan.rhoTop!)) continue;
      binding++;
      // the sample that binds, and the step that takes its output to −c
      const i = plan.D.findIndex(
        (d, i) =>
          d.n !== 0n &&
          u[plan.k][i].add(v.data.targets[i][plan.k]).add(st.params.top!.c).div(d.abs()).equals(plan.rhoTop!),
      );
      const db = plan.rhoTop!.mul(plan.D[i].s < 0n ? 1 : -1);
      const tp = perturbLemma10(thetaPrimeOf(st.s, st.params, plan, POOLED), plan.which, db);
      const pre = exactPreActivations(st.net, toTheta(st.net, tp), v.data)[fcLayer(st.net) - 1];
      expect(pre[plan.k][i].n).toBe(0n);
    }
    expect(binding).toBeGreaterThan(0);
  });

  it('the printed θ is found a saddle and the repaired θ a proved local minimum, with idle FC units moved to bias −1 by the repair', () => {
    const v = fc
      .sample(pooledGenuineInstance(), { seed: 3, numRuns: 30 })
      .map((x) => withHidden(x, [x.shape.dy + 1]))
      .find((x) => lemma6WithPooling.detect(x) === null)!;
    expect(v).toBeDefined();
    const st = genuineSetup(v, POOLED);
    const rep = repairedLemma6(st.net, st.params, v.data);
    expect(rep.moved).toContain('the FC units that forward nothing');
    expect(rep.params.top!.idle.toFraction()).toBe('-1');
    expect(analyseLocalMin(st.net, halfMse, rep.theta, v.data, { noProbes: true }).strength).toBe('proved');
  });
});

claimTests('cnn.appd.');
