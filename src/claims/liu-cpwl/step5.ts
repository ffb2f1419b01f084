/**
 * Liu (2022) §6.1.5, eqs. (18)–(24): "the constructed weights are a local
 * minimum". As printed the step assumes that samples fitted by the same piece
 * share one activation pattern; the landscape toolkit decides the claim on
 * every generated construction. Beside it, the note's corrected certificate
 * D1: no zero pre-activation (C1) and one full activation pattern per group
 * (C2), on constructions built to meet them (the 1-D ridge network, and
 * two-piece lattice networks).
 */
import fc from 'fast-check';
import { z } from 'zod';
import { analyseLocalMin } from '../../landscape/analyse.js';
import { patternClassBound } from '../../landscape/certificates.js';
import { activationPattern, exactRisk, type ActivationPattern } from '../../model/exact.js';
import { ONE } from '../../numeric/rational.js';
import { latticeNetwork, padWidths, ridgeNetwork, toNetwork, widthsOf } from '../../papers/liu-cpwl/index.js';
import { encQ, paramTable } from '../codec.js';
import { asJson, instanceKind, narrowed, proved, refuted, supported } from '../define.js';
import { integer } from '../schema.js';
import type { Outcome } from '../types.js';
import {
  describePartition,
  detectPartition,
  partitionArbitrary,
  partitions,
  setupPartition,
  type PartitionValue,
  constructed,
} from './instances.js';
import { liuCpwl, mse } from './paper.js';

/** (C1) and (C2) of the note's D1: the first failure in words, or null. */
export function d1Failure(pat: ActivationPattern, groups: readonly number[][]): string | null {
  if (!pat.interior) {
    const k = pat.kinks[0];
    return `a tie: ${pat.kinks.length} zero pre-activation(s), the first at hidden layer ${k.layer}, unit ${k.unit + 1}, sample ${k.sample + 1}`;
  }
  const key = (i: number) => pat.layers.map((lp) => lp.piece.map((row) => row[i]).join('')).join('|');
  for (const [j, g] of groups.entries()) {
    const other = g.find((i) => key(i) !== key(g[0]));
    if (other !== undefined)
      return `two patterns in one group: samples ${g[0] + 1} and ${other + 1} of group ${j + 1} have different activation patterns`;
  }
  return null;
}

export const step5LocalMin = liuCpwl.claim({
  id: 'liu-cpwl.step5.local-min',
  section: '§6.1.5, eqs. (18)–(24)',
  title: 'Step 5 as printed: the constructed weights are a local minimum',
  statement:
    'For any data and any partition into groups separated by gaps, the weights W* the construction of §6.1.4 produces (merged layering) are a local minimum of the empirical risk: "samples in each group share the same activation pattern", so small perturbations change each group’s predictor by an affine map, which cannot lower a least-squares fit. Decided by the landscape toolkit (exact certificates and an exact descent search); a counterexample is an exact descent.',
  instance: partitions,
  expected: 'refuted',
  correctedBy: 'liu-cpwl.d1.certificate',
  check: (v): Outcome => {
    const c = constructed(v, 'merged');
    const verdict = analyseLocalMin(c.net, mse, c.theta, v.data, { noProbes: true });
    if (verdict.strength === 'proved') return proved();
    if (verdict.strength !== 'refuted') return supported(); // no decision either way: not a counterexample
    const why =
      d1Failure(activationPattern(c.net, c.theta, v.data), c.groups) ??
      'no zero pre-activation and one activation pattern per group';
    return refuted(
      'the constructed W* is a local minimum (Step 5)',
      `the ${c.widths.join('-')} network built from the partition has R(W*) = ${encQ(exactRisk(c.net, mse, c.theta, v.data))} and an exact descent: ${verdict.summary}. ${why}`,
      asJson(verdict),
    );
  },
  describe: (v) => {
    const c = constructed(v, 'merged');
    return `${describePartition(v)}\nnetwork ${c.widths.join('-')} (merged layering), shift c = ${encQ(c.shift)}:\n${paramTable(c.net, c.theta)}`;
  },
});

/** Why the merged construction has a zero pre-activation at a sample (C1 fails), or null. */
function tiesIn(v: PartitionValue): string | null {
  const c = constructed(v, 'merged');
  return activationPattern(c.net, c.theta, v.data).interior ? null : 'a hidden pre-activation is 0 at a sample';
}

export const step5WithoutTies = liuCpwl.claim({
  id: 'liu-cpwl.step5.local-min-without-ties',
  section: '§6.1.5, eqs. (18)–(24), on constructions with no zero pre-activation',
  title: 'Step 5 as printed, on constructions without ties: the constructed weights are a local minimum',
  statement:
    'The same claim on the constructions with no zero pre-activation at any sample, where every activation pattern is locally constant, so that only the paper’s "samples of a group share one pattern" remains to fail. Decided by the landscape toolkit; a counterexample is an exact descent.',
  instance: {
    ...narrowed(partitions, tiesIn, ['no hidden pre-activation of the merged construction is 0 at a sample']),
    // about half of the 2–4 group constructions have ties (structural ones, the note's G2): the generator
    // draws two or three groups and keeps the constructions without ties, so that it yields more than it rejects
    generate: () => partitionArbitrary(2, 3).filter((v) => detectPartition(v) !== null || tiesIn(v) === null),
  },
  expected: 'refuted',
  correctedBy: 'liu-cpwl.d1.certificate',
  check: (v) => step5LocalMin.check(v),
  describe: (v) => step5LocalMin.describe(v),
});

/** A construction built to meet C1 and C2: the ridge network (any partition), or a two-piece lattice network. */
interface D1Value {
  partition: PartitionValue;
  route: 'ridge' | 'lattice';
  /** hidden layers of the ridge route (1–3) */
  depth: number;
  /** dead units (bias −1) added to the first hidden layer */
  pad: number;
}

function d1Network(v: D1Value) {
  const s = setupPartition(v.partition);
  let w =
    v.route === 'ridge'
      ? ridgeNetwork(s.cpwl, v.depth)
      : latticeNetwork(s.cpwl.pieces, s.sets, s.shift, v.depth > 1 ? 'literal' : 'merged');
  const widths = widthsOf(w);
  if (v.pad > 0) w = padWidths(w, [widths[1] + v.pad, ...widths.slice(2, -1)], ONE.neg());
  return { ...s, ...toNetwork(w), widths: widthsOf(w) };
}

const d1Instances = instanceKind<D1Value>({
  generate: () =>
    fc.oneof(
      fc.record({
        partition: partitionArbitrary(1),
        route: fc.constant('ridge' as const),
        depth: fc.integer({ min: 1, max: 3 }),
        pad: fc.integer({ min: 0, max: 2 }),
      }),
      fc.record({
        partition: partitionArbitrary(2, 2),
        route: fc.constant('lattice' as const),
        depth: fc.integer({ min: 1, max: 2 }),
        pad: fc.integer({ min: 0, max: 2 }),
      }),
    ),
  detect: (v) => {
    const bad = detectPartition(v.partition);
    if (bad) return bad;
    if (v.route === 'lattice' && v.partition.cuts.length !== 1) return 'the lattice route takes two groups';
    const c = d1Network(v);
    return d1Failure(activationPattern(c.net, c.theta, v.partition.data), c.groups);
  },
  codec: z.object({
    partition: partitions.codec,
    route: z.enum(['ridge', 'lattice']),
    depth: integer,
    pad: integer,
  }),
  describe: (v) => {
    const c = d1Network(v);
    return `${describePartition(v.partition)}\n${v.route} network ${c.widths.join('-')}:\n${paramTable(c.net, c.theta)}`;
  },
  hypotheses: [
    ...(partitions.hypotheses ?? []),
    'the ridge network (1–3 hidden layers) of any such partition, or the lattice network of a two-group one, padded with dead units (bias −1)',
    'no hidden pre-activation is 0 at a sample, and one full activation pattern per group (checked exactly; instances failing them are rejected)',
  ],
});

export const d1Certificate = liuCpwl.claim({
  id: 'liu-cpwl.d1.certificate',
  section:
    '§6.1.5 corrected (the missing premises added: no zero pre-activation, one pattern per group; ours), eqs. (11), (19)',
  title: 'Corrected Step 5: a construction with no zero pre-activation and one pattern per group is a local minimum',
  statement:
    'If the network outputs each group’s least-squares fit, no hidden pre-activation is 0 at a sample, and all samples of a group share one full activation pattern, then W* is a local minimum with R(W*) = (1/N) Σ_j min over affine maps of group j’s squared error. Decided by the toolkit’s pattern-class certificate (exact, re-checked), on ridge and two-piece lattice constructions built to meet these premises.',
  instance: d1Instances,
  check: (v): Outcome => {
    const c = d1Network(v);
    const verdict = patternClassBound(c.net, mse, c.theta, v.partition.data);
    if (verdict.strength === 'proved') return proved();
    return refuted(
      'W* is a local minimum, certified by the pattern-class bound',
      `the pattern-class certificate says ${verdict.strength}: ${verdict.summary}`,
      asJson(verdict),
    );
  },
});
