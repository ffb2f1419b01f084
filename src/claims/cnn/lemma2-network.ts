/**
 * Lemmas 2/3 on network states (note §4 Lemma 3, T6, P10, P22): at a Lemma 6
 * point with least-squares FC, is there a valid split? And how often does each
 * situation (no split, case 1, case 2) occur for the generators?
 */
import fc from 'fast-check';
import type { Fraction } from 'fraction.js';
import type { Dataset } from '../../model/data.js';
import type { Network } from '../../model/network.js';
import {
  forwarded,
  groupsAt,
  planLemma10,
  preActivations,
  residuals,
  type CnnParams,
  type CnnShape,
} from '../../papers/cnn/index.js';
import { encQ, encQs } from '../codec.js';
import { proved, refuted } from '../define.js';
import { genericInstance, genericSetup } from './generic.js';
import { describeGenuine, detectGenuine, genuine, genuineInstance, genuineSetup } from './instances.js';
import { paper, tuples } from './parts.js';

export type SplitCase = 'no-split' | 'case-1' | 'case-2' | 'split-but-G=0' | 'rejected';

/** Classify one Lemma 6 point: no split (every group sum 0 at every forwarded location), case 1 / case 2 of the Lemma 10 plan, or a split whose G vanishes everywhere. */
export function classifySplit(
  s: CnnShape,
  params: CnnParams,
  theta: Fraction[],
  data: Dataset,
  net: Network,
): SplitCase {
  const u = residuals(net, theta, data);
  const pre = preActivations(s, params.w1, data, params.lower);
  const anySplit = u.some(
    (uk) =>
      uk.some((x) => x.n !== 0n) &&
      Array.from({ length: forwarded(s) }, (_, t) => t).some((t) =>
        Array.from({ length: s.P }, (_, j) => j).some((j) =>
          groupsAt(
            pre.map((r) => r[t][j]),
            uk,
          ).some((g) => g.sum.n !== 0n),
        ),
      ),
  );
  if (!anySplit) return 'no-split';
  const plan = planLemma10(s, params, u, data);
  return plan ? (plan.which === 1 ? 'case-1' : 'case-2') : 'split-but-G=0';
}

const lemma2Range = { lo: 0, hi: 2 };
const statsCache = new Map<string, Record<SplitCase, number>>();

/** P22: how often generated instances are no-split / case 1 / case 2 (fixed seed, n instances). */
export function splitCaseFrequencies(
  kind: 'genuine-0..2' | 'genuine' | 'generic',
  n = 200,
  seed = 1,
): Record<SplitCase, number> {
  const key = `${kind}:${n}:${seed}`;
  const hit = statsCache.get(key);
  if (hit) return hit;
  const out: Record<SplitCase, number> = { 'no-split': 0, 'case-1': 0, 'case-2': 0, 'split-but-G=0': 0, rejected: 0 };
  if (kind === 'generic') {
    for (const v of fc.sample(genericInstance(), { seed, numRuns: n })) {
      const st = genericSetup(v);
      out[classifySplit(st.s, st.params, st.theta, v.data, st.net)]++;
    }
  } else {
    for (const v of fc.sample(genuineInstance(kind === 'genuine' ? undefined : lemma2Range), { seed, numRuns: n })) {
      if (detectGenuine(v)) {
        out.rejected++;
        continue;
      }
      const st = genuineSetup(v);
      out[classifySplit(st.s, st.params, st.theta, v.data, st.net)]++;
    }
  }
  statsCache.set(key, out);
  return out;
}

const freqText = (r: Record<SplitCase, number>) =>
  `no split ${r['no-split']}, case 1 ${r['case-1']}, case 2 ${r['case-2']}, split but G = 0 ${r['split-but-G=0']}, rejected by the detector ${r.rejected}`;

export const lemma2NetworkSplit = paper.claim({
  id: 'cnn.lemma2.network-split',
  section: '§3.2.1 Lemma 2 (eq. 7) with Lemma 3 (App. E), proof G.2/G.5',
  title:
    'Lemmas 2/3 on network states: every least-squares θ with R > 0, Assumption 1 and non-degeneracy has a valid split',
  statement:
    'At a Lemma 6 point whose FC layer is the exact least-squares fit (so Σu = 0 and Σ u_i a_i = 0), with R(θ) > 0, Assumption 1 and non-degeneracy, there are an output k with u^k ≠ 0 and a forwarded location j where some group of equal v^j has nonzero u-sum, i.e. a threshold η with Σ_{v_i^j > η} u_i ≠ 0 (eq. 7). Generated inputs have entries in {0, 1, 2}.',
  instance: { ...genuine, generate: () => genuineInstance(lemma2Range) },
  expected: 'refuted',
  runs: 200,
  describe: (v) =>
    `${describeGenuine(v)}\nHow often each situation occurs, over 200 instances (seed 1) of this generator (inputs in {0,1,2}): ${freqText(splitCaseFrequencies('genuine-0..2'))}; of the genuine generator with inputs in −3..3: ${freqText(splitCaseFrequencies('genuine'))}; of the generic generator (any L−3 biases, b^L stationary): ${freqText(splitCaseFrequencies('generic'))}.`,
  check: (v) => {
    const st = genuineSetup(v);
    const u = residuals(st.net, st.theta, v.data);
    const lines: string[] = [];
    for (let k = 0; k < st.s.dy; k++) {
      if (u[k].every((x) => x.n === 0n)) continue;
      for (let t = 0; t < forwarded(st.s); t++)
        for (let j = 0; j < st.s.P; j++) {
          const gs = groupsAt(
            st.pre.map((r) => r[t][j]),
            u[k],
          );
          if (gs.some((g) => g.sum.n !== 0n)) return proved();
          lines.push(
            `output ${k + 1}, channel ${t + 1}, location ${j + 1}: ${gs.map((g) => `v = ${encQ(g.value)}: samples {${g.members.map((i) => i + 1).join(',')}} sum ${encQ(g.sum)}`).join('; ')}`,
          );
        }
    }
    return refuted(
      `some forwarded location has a group of equal v with nonzero u-sum (a valid split, eq. 7); R(θ) = ${encQ(st.risk)} > 0, u = ${tuples(u)}`,
      `every group sum is 0 at every location, so no threshold satisfies eq. (7): ${lines.join(' | ')}`,
      { risk: encQ(st.risk), u: u.map(encQs), groups: lines },
    );
  },
});
