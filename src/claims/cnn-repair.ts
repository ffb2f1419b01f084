/**
 * A repair of the CNN paper's Lemma 6 / Theorem 1 (ours, not the paper's).
 *
 * As printed, θ (eq. 23) gives its reserved and unused feature maps filter 0
 * and bias 0, so their pre-activations sit exactly on the ReLU kink and the
 * bilinear "filter × FC weight" directions through them descend
 * (cnn.lemma6.local-min). Giving those maps bias −1 instead (strictly off)
 * changes no output, puts θ strictly inside one activation cell, and — for a
 * genuine subnetwork local minimum — makes it a local minimum of the whole
 * network. Lemma 9's θ′ and Lemma 10's perturbation still apply (they set the
 * reserved maps' biases themselves), so the repaired θ is a spurious local
 * minimum: what Theorem 1 claims, realised exactly.
 */
import { Fraction } from 'fraction.js';
import { analyseLocalMin } from '../landscape/analyse.js';
import { activationPattern, exactOutputs, exactPreActivations, exactRisk } from '../model/exact.js';
import type { Network } from '../model/network.js';
import type { Dataset } from '../model/data.js';
import {
  bestDeltaB,
  cloneParams,
  halfMse,
  perturbLemma10,
  planLemma10,
  residuals,
  thetaPrimeOf,
  toTheta,
  type CnnParams,
} from '../papers/cnn.js';
import { encQ, encQs } from './codec.js';
import { detectGenuine, genuineSetup, lemma6LocalMin, type GenuineInstance } from './cnn.js';
import type { Claim, Outcome } from './types.js';

const q = encQ;
const MINUS_ONE = new Fraction(-1);

/**
 * The repair: every map of layers L−2 and L−1 whose pre-activation is exactly
 * 0 on every sample and position at θ (the two reserved maps, and maps that
 * copy nothing) gets bias −1. Their outputs stay 0, so every output is unchanged.
 */
export function repairedLemma6(
  net: Network,
  params: CnnParams,
  data: Dataset,
): { params: CnnParams; theta: Fraction[]; moved: string[] } {
  const p = cloneParams(params);
  const moved: string[] = [];
  for (const [layer, bias, name] of [
    [1, 'b2', 'L−2'],
    [2, 'b3', 'L−1'],
  ] as const) {
    const pre = exactPreActivations(net, toTheta(net, p), data)[layer]; // [unit = map·P + position][sample]
    const P = pre.length / p[bias].length;
    p[bias].forEach((_, m) => {
      const units = pre.slice(m * P, (m + 1) * P);
      if (units.every((row) => row.every((z) => z.n === 0n))) {
        p[bias][m] = MINUS_ONE;
        moved.push(`${name} map ${m + 1}`);
      }
    });
  }
  return { params: p, theta: toTheta(net, p), moved };
}

function repaired(v: GenuineInstance) {
  const st = genuineSetup(v);
  const r = repairedLemma6(st.net, st.params, v.data);
  return { ...st, rep: r };
}

const HYP = [
  "the CNN of the paper's Lemma 6: conv(L−3, ReLU, one bias per map) → conv(L−2, ≥ 3 maps) → conv(L−1, ≥ 3 maps) → FC; stride 1, kernel 3, same padding",
  'a genuine subnetwork local minimum: every L−3 pre-activation ≥ 1, x ↦ forwarded L−3 outputs injective, FC on the copies = exact least squares, so R(θ) equals the best affine fit of the labels (checked exactly)',
  'Assumption 1 (the o^{L−1,i} pairwise distinct), non-degeneracy, R(θ) > 0',
  'OUR REPAIR of eq. (23): the reserved maps 1, 2 of L−2 and L−1 (and any map that copies nothing) get bias −1 instead of 0',
  'every forwarded L−3 output strictly positive (here: every L−3 pre-activation ≥ 1); a forwarded output 0 would put its copy units back on a kink, which the repair does not cover (checked: no pre-activation of the repaired θ is 0)',
];

function describe(v: GenuineInstance): string {
  const st = repaired(v);
  return `${lemma6LocalMin.describe(v)}\nrepair: bias −1 on ${st.rep.moved.join(', ')} (their outputs stay 0)`;
}

function interiorAndSameOutputs(v: GenuineInstance, st: ReturnType<typeof repaired>): Outcome | null {
  const a = exactOutputs(st.net, st.theta, v.data),
    b = exactOutputs(st.net, st.rep.theta, v.data);
  const diff = a.flatMap((row, i) => row.map((x, k) => ({ i, k, x }))).find(({ i, k, x }) => !x.equals(b[i][k]));
  if (diff)
    return {
      ok: false,
      strength: 'refuted',
      claimed: 'the repair (bias −1 on maps that output 0) changes no output',
      computed: `sample ${diff.i + 1}, output ${diff.k + 1}: ${q(diff.x)} at θ, ${q(b[diff.i][diff.k])} after the repair`,
      evidence: null,
    };
  const pat = activationPattern(st.net, st.rep.theta, v.data);
  if (!pat.interior)
    return {
      ok: false,
      strength: 'refuted',
      claimed: 'after the repair no pre-activation is exactly 0 (θ is strictly inside one activation cell)',
      computed: 'some pre-activation is still exactly 0',
      evidence: null,
    };
  return null;
}

export const lemma6Repaired: Claim<GenuineInstance> = {
  ...lemma6LocalMin,
  id: 'cnn.lemma6.repaired-local-min',
  section: '§3.1 Lemma 1 (informal) = App. C Lemma 6, eq. (23) with our repair (reserved-map biases −1 instead of 0)',
  title: 'Lemma 6 repaired: with the reserved maps strictly off (bias −1), θ is a local minimum of the whole CNN',
  statement:
    "Our repair of Lemma 6, not the paper's construction: in eq. (23) give the reserved feature maps 1 and 2 of layers L−2 and L−1 (and any map that copies nothing) bias −1 instead of 0. Their outputs stay 0, so every output and the risk are unchanged, but no unit sits on a ReLU kink any more, so the bilinear descents through the reserved maps (which refute Lemma 6 as printed, cnn.lemma6.local-min) disappear. Claim: for a genuine subnetwork local minimum the repaired θ is strictly inside one activation cell and is a local minimum of the whole network, proved exactly by the toolkit (the pattern-class certificate: inside the cell the network is affine in x on every sample, so no nearby point beats the best affine fit, which θ attains).",
  hypotheses: HYP,
  expected: 'holds',
  correctedBy: undefined,
  runs: 200,
  describe,
  check: (v): Outcome => {
    const st = repaired(v);
    const bad = interiorAndSameOutputs(v, st);
    if (bad) return bad;
    const lm = analyseLocalMin(st.net, halfMse, st.rep.theta, v.data, { noProbes: true });
    if (lm.strength === 'proved') return { ok: true, strength: 'proved' };
    return {
      ok: false,
      strength: lm.strength === 'refuted' ? 'refuted' : 'evidence',
      claimed: 'the repaired θ is a local minimum of the whole network',
      computed: `the toolkit says ${lm.strength}: ${lm.summary}`,
      evidence: { theta: encQs(st.rep.theta) },
    };
  },
};

export const theorem1Repaired: Claim<GenuineInstance> = {
  ...lemma6LocalMin,
  id: 'cnn.theorem1.repaired-spurious',
  section: '§3.1 Theorem 1 with Lemma 6 repaired (reserved-map biases −1); Lemmas 2, 9, 10 (App. C)',
  title:
    'Theorem 1 repaired: the repaired θ is a spurious local minimum (proved local minimum and an exact lower point)',
  statement:
    "Theorem 1 realised with our repair of Lemma 6 (reserved maps of L−2/L−1 strictly off, bias −1): whenever the Lemma 2 split gives G ≠ 0, the repaired θ is (a) a local minimum of the whole CNN, proved exactly by the toolkit, and (b) not a global minimum: the corrected Lemma 9 point θ′ (which sets the reserved maps itself) has exactly the risk of θ, and the Lemma 10 bias step δb* gives R(θ′ + δb*) < R(θ) exactly. So a spurious local minimum exists for every such instance — the paper's conclusion, with the proof's gap (zero-bias reserved maps) closed for subnetwork minima whose forwarded L−3 outputs are all positive (the generated ones); a forwarded output 0 would bring a kink back.",
  hypotheses: [...HYP, 'a (channel, η) with G ≠ 0 exists (a Lemma 2 split that the Lemma 10 step can use)'],
  expected: 'holds',
  correctedBy: undefined,
  runs: 200,
  describe,
  detect: (v) => {
    const r = detectGenuine(v);
    if (r) return r;
    const st = repaired(v);
    return planLemma10(st.s, st.rep.params, residuals(st.net, st.rep.theta, v.data), v.data)
      ? null
      : 'no (channel, output, η) with G ≠ 0 (no split)';
  },
  check: (v): Outcome => {
    const st = repaired(v);
    const bad = interiorAndSameOutputs(v, st);
    if (bad) return bad;
    const lm = analyseLocalMin(st.net, halfMse, st.rep.theta, v.data, { noProbes: true });
    if (lm.strength !== 'proved')
      return {
        ok: false,
        strength: lm.strength === 'refuted' ? 'refuted' : 'evidence',
        claimed: 'the repaired θ is a local minimum',
        computed: `the toolkit says ${lm.strength}: ${lm.summary}`,
        evidence: null,
      };
    const plan = planLemma10(st.s, st.rep.params, residuals(st.net, st.rep.theta, v.data), v.data)!;
    const pPrime = thetaPrimeOf(st.s, st.rep.params, plan);
    const R = exactRisk(st.net, halfMse, st.rep.theta, v.data);
    const Rp = exactRisk(st.net, halfMse, toTheta(st.net, pPrime), v.data);
    if (!Rp.equals(R))
      return {
        ok: false,
        strength: 'refuted',
        claimed: 'R(θ′) = R(θ) (Lemma 9, corrected)',
        computed: `R(θ′) = ${q(Rp)}, R(θ) = ${q(R)}`,
        evidence: null,
      };
    const db = bestDeltaB(plan);
    const Rl = exactRisk(st.net, halfMse, toTheta(st.net, perturbLemma10(pPrime, plan.which, db)), v.data);
    if (Rl.compare(R) < 0) return { ok: true, strength: 'proved' };
    return {
      ok: false,
      strength: 'refuted',
      claimed: 'R(θ′ + δb*) < R(θ) (Lemma 10)',
      computed: `R(θ′ + δb*) = ${q(Rl)} with δb* = ${q(db)}, R(θ) = ${q(R)}`,
      evidence: null,
    };
  },
};

export const cnnRepairClaims = [lemma6Repaired, theorem1Repaired];
