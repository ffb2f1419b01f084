// Our repair of the CNN paper's Lemma 6 (reserved maps strictly off): the note's
// golden G2 (a genuine subnetwork local minimum that the printed θ turns into a
// saddle) becomes a proved local minimum that is spurious. The claims themselves
// run in cnn.test.ts (prefixes cnn.lemma6. and cnn.theorem1.).
import { describe, expect, it } from 'vitest';
import { analyseLocalMin } from '../src/landscape/index.js';
import { exactRisk } from '../src/model/index.js';
import {
  goldenG2,
  halfMse,
  planLemma10,
  residuals,
  thetaPrimeOf,
  toTheta,
  perturbLemma10,
  bestDeltaB,
  repairedLemma6,
} from '../src/papers/cnn/index.js';
import { genuineSetup, type GenuineInstance } from '../src/claims/cnn/instances.js';
import { lemma6Repaired } from '../src/claims/cnn/lemma6.js';
import { theorem1Repaired } from '../src/claims/cnn/theorem1.js';

describe('Lemma 6 repaired, golden G2', () => {
  const g = goldenG2();
  const inst: GenuineInstance = { shape: g.sub.shape, filter: g.sub.filter, data: g.data };
  const st = genuineSetup(inst);

  it('the printed θ is a saddle; the repaired θ has the same risk 1 and is a proved local minimum', () => {
    expect(st.risk.toFraction()).toBe('1');
    expect(analyseLocalMin(st.net, halfMse, st.theta, g.data, { noProbes: true }).strength).toBe('refuted');
    const rep = repairedLemma6(st.net, st.params, g.data);
    expect(rep.moved).toEqual(['L−2 map 1', 'L−2 map 2', 'L−1 map 1', 'L−1 map 2']);
    expect(rep.params.b2.map((x) => x.toFraction())).toEqual(['-1', '-1', '0']);
    expect(exactRisk(st.net, halfMse, rep.theta, g.data).toFraction()).toBe('1');
    expect(analyseLocalMin(st.net, halfMse, rep.theta, g.data, { noProbes: true }).strength).toBe('proved');
    // and it is spurious: θ′ + δb* of Lemmas 9/10 reaches 59/60 (note §6.2 G2)
    const plan = planLemma10(st.s, rep.params, residuals(st.net, rep.theta, g.data), g.data)!;
    const low = perturbLemma10(thetaPrimeOf(st.s, rep.params, plan), plan.which, bestDeltaB(plan));
    expect(exactRisk(st.net, halfMse, toTheta(st.net, low), g.data).toFraction()).toBe('59/60');
  });

  it('both repaired claims hold on G2', () => {
    expect(lemma6Repaired.check(inst)).toEqual({ ok: true, strength: 'proved' });
    expect(theorem1Repaired.check(inst)).toEqual({ ok: true, strength: 'proved' });
  });
});
