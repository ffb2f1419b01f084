/**
 * Theorem 1 of "Spurious local minima provably exist for deep CNNs" (§3.1):
 * the Lemma 6 points are spurious local minima — as printed (refuted: they
 * are saddles), the "not global" half (holds), the "infinitely many" by
 * rescaling (holds), and with our repair of Lemma 6 (holds, proved).
 */
import { analyseLocalMin } from '../../landscape/analyse.js';
import { exactRisk } from '../../model/exact.js';
import { ZERO } from '../../numeric/rational.js';
import {
  bestDeltaB,
  halfMse,
  perturbLemma10,
  planLemma10,
  rescaleMap,
  residuals,
  thetaPrimeCase1,
  thetaPrimeOf,
  toTheta,
} from '../../papers/cnn/index.js';
import { encQ } from '../codec.js';
import { fromVerdict, proved, refuted } from '../define.js';
import { lemma10Decide } from './descent.js';
import { describeGeneric, generic, genericSetup } from './generic.js';
import { genuine, genuineSetup, repairedGenuine, repairedSetup } from './instances.js';
import { genuineLocalMin, repairFailure } from './local-min.js';
import { paper } from './parts.js';
import { sameOutputs } from './theta-prime.js';

export const theorem1SpuriousLocalMin = paper.claim({
  id: 'cnn.theorem1.spurious-local-min',
  section: '§3.1 Theorem 1 (with Lemma 1 = Lemma 6, Assumption 1)',
  title: 'Theorem 1 as printed: the Lemma 6 points with R(θ) > 0 are spurious LOCAL MINIMA',
  statement:
    'Under Assumption 1, the local minima θ given by Lemma 1 (= Lemma 6) with R(θ) > 0 are spurious local minima, for the squared loss. The "not global" half is checked by cnn.theorem1.not-global; here the "local minimum" half is decided exactly (reserved-map rays, then the toolkit descent search).',
  instance: genuine,
  expected: 'refuted',
  correctedBy: 'cnn.theorem1.repaired-spurious',
  runs: 100,
  check: (v) => genuineLocalMin(v, (risk) => `θ (R(θ) = ${risk} > 0, Assumption 1) is a spurious local minimum`),
});

export const theorem1NotGlobal = paper.claim({
  id: 'cnn.theorem1.not-global',
  section: '§3.1 Theorem 1 ("spurious"), via Lemmas 2, 9, 10 (App. C)',
  title:
    'Theorem 1 corrected: when a split with G ≠ 0 exists, θ is not a global minimum (exact lower point θ′ + δb); on these instances θ is a saddle, not a local minimum',
  statement:
    'For the Lemma 6 point θ of a genuine subnetwork local minimum with R(θ) > 0 and Assumption 1: whenever a (channel, η) with G ≠ 0 exists, θ′ (Lemma 9, corrected) has R(θ′) = R(θ) and R(θ′ + δb*) < R(θ) exactly, so θ is not a global minimum. This is ALL it shows: it never exhibits a spurious LOCAL minimum. The generated instances (genuine subnetwork minima, every L−3 unit on) always have their split in case 1 (η > −b), and in case 1 θ is not a local minimum at all but a saddle (cnn.lemma6.case1-saddle, cnn.lemma6.local-min), so Theorem 1\'s "spurious local minimum" is not realised by any of them. With the reserved maps strictly off (our repair, bias −1 instead of 0) it is: cnn.theorem1.repaired-spurious.',
  instance: genuine,
  // duplicates: hypotheses, runs and a setup-then-split detector, shaped like the Lemma 6 claims (./lemma6.ts)
  hypotheses: [
    'a (channel, η) with G ≠ 0 exists (instances without one are rejected and counted: see cnn.lemma2.network-split)',
  ],
  runs: 200,
  detect: (v) => {
    const st = genuineSetup(v);
    return planLemma10(st.s, st.params, residuals(st.net, st.theta, v.data), v.data)
      ? null
      : 'no (channel, output, η) with G ≠ 0 (no split)';
  },
  check: (v) => {
    const st = genuineSetup(v);
    return lemma10Decide(st.net, st.s, st.params, st.theta, v.data, ZERO);
  },
});

export const theorem1Rescaling = paper.claim({
  id: 'cnn.theorem1.rescaling',
  section: '§3.1 Theorem 1 ("infinitely many" by positive homogeneity)',
  title: 'Theorem 1: positive per-map rescaling of θ and θ′ keeps every output exactly',
  statement:
    'For α > 0 per (conv layer l, map m): multiplying the filter and bias of map m by α and dividing the input-channel-m slice of layer l+1 (the FC columns of map m for l = L−1) by α leaves every output unchanged, at θ and at θ′ (case 1). Applied to all maps of layers L−3, L−2, L−1 in turn.',
  // duplicates: instance, description and setup, shaped like the Lemma 9 claims (./lemma9.ts)
  instance: generic,
  describe: (v) => describeGeneric(v, { uses: ['channel', 'beta', 'alphas'] }),
  runs: 200,
  check: (v) => {
    const st = genericSetup(v);
    const base = [st.params, thetaPrimeCase1(st.s, st.params, st.t, st.k, v.beta)];
    const names = ['θ', 'θ′'];
    for (let b = 0; b < 2; b++) {
      let p = base[b];
      const t0 = toTheta(st.net, p);
      let n = 0;
      for (const l of [1, 2, 3] as const) {
        const T = l === 1 ? st.s.T3 : l === 2 ? st.s.T2 : st.s.T1;
        for (let m = 0; m < T; m++) p = rescaleMap(st.s, p, l, m, v.alphas[n++ % v.alphas.length]);
      }
      const r = sameOutputs(
        st.net,
        t0,
        toTheta(st.net, p),
        v.data,
        `rescaling every map of layers 1–3 of ${names[b]} keeps the outputs`,
        `${names[b]} rescaled by (${v.alphas.slice(0, n).map(encQ).join(', ')})`,
      );
      if (r) return r;
    }
    return proved();
  },
});

export const theorem1Repaired = paper.claim({
  id: 'cnn.theorem1.repaired-spurious',
  section: '§3.1 Theorem 1 with Lemma 6 repaired (reserved-map biases −1); Lemmas 2, 9, 10 (App. C)',
  title:
    'Theorem 1 repaired: the repaired θ is a spurious local minimum (proved local minimum and an exact lower point)',
  statement:
    "Theorem 1 realised with our repair of Lemma 6 (reserved maps of L−2/L−1 strictly off, bias −1): whenever the Lemma 2 split gives G ≠ 0, the repaired θ is (a) a local minimum of the whole CNN, proved exactly by the toolkit, and (b) not a global minimum: the corrected Lemma 9 point θ′ (which sets the reserved maps itself) has exactly the risk of θ, and the Lemma 10 bias step δb* gives R(θ′ + δb*) < R(θ) exactly. So a spurious local minimum exists for every such instance — the paper's conclusion, with the proof's gap (zero-bias reserved maps) closed for subnetwork minima whose forwarded L−3 outputs are all positive (the generated ones); a forwarded output 0 would bring a kink back.",
  instance: repairedGenuine,
  hypotheses: ['a (channel, η) with G ≠ 0 exists (a Lemma 2 split that the Lemma 10 step can use)'],
  runs: 200,
  detect: (v) => {
    const st = repairedSetup(v);
    return planLemma10(st.s, st.rep.params, residuals(st.net, st.rep.theta, v.data), v.data)
      ? null
      : 'no (channel, output, η) with G ≠ 0 (no split)';
  },
  check: (v) => {
    const bad = repairFailure(v);
    if (bad) return bad;
    const st = repairedSetup(v);
    const lm = analyseLocalMin(st.net, halfMse, st.rep.theta, v.data, { noProbes: true });
    if (lm.strength !== 'proved') return fromVerdict(lm, 'the repaired θ is a local minimum');
    const plan = planLemma10(st.s, st.rep.params, residuals(st.net, st.rep.theta, v.data), v.data)!;
    const pPrime = thetaPrimeOf(st.s, st.rep.params, plan);
    const R = exactRisk(st.net, halfMse, st.rep.theta, v.data);
    const Rp = exactRisk(st.net, halfMse, toTheta(st.net, pPrime), v.data);
    if (!Rp.equals(R)) return refuted('R(θ′) = R(θ) (Lemma 9, corrected)', `R(θ′) = ${encQ(Rp)}, R(θ) = ${encQ(R)}`);
    const db = bestDeltaB(plan);
    const Rl = exactRisk(st.net, halfMse, toTheta(st.net, perturbLemma10(pPrime, plan.which, db)), v.data);
    if (Rl.compare(R) < 0) return proved();
    return refuted(
      'R(θ′ + δb*) < R(θ) (Lemma 10)',
      `R(θ′ + δb*) = ${encQ(Rl)} with δb* = ${encQ(db)}, R(θ) = ${encQ(R)}`,
    );
  },
});

export const theorem1Claims = [theorem1SpuriousLocalMin, theorem1NotGlobal, theorem1Rescaling, theorem1Repaired];
