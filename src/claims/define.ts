/**
 * Defining claims: instance kinds, a per-paper builder with the paper's
 * defaults, and outcome helpers. A claim module then reads as a page of data:
 *
 *   const paper = claimsOf({ paper: 'my-paper.txt', runs: 100 });
 *   export const lemma1 = paper.claim({
 *     id: 'mine.lemma1.local-min',
 *     section: '§3, Lemma 1',
 *     title: 'The constructed point is a local minimum',
 *     statement: 'In plain words: …',
 *     instance: myInstances,           // generator, detector, codec, description
 *     check: (v) => fromVerdict(analyseLocalMin(v.net, mse, v.theta, v.data, { noProbes: true }), 'θ is a local minimum'),
 *   });
 */
import type fc from 'fast-check';
import { z } from 'zod';
import type { Verdict } from '../landscape/verdict.js';
import { CodecError } from './codec.js';
import { firstIssue, oversizedNumber, type Codec } from './schema.js';
import { profileFrom } from './profiles.js';
import type { Arithmetic, Claim, ClaimContext, Expected, Json, Outcome, PlotSpec, TallySpec } from './types.js';

/** Everything about the values a group of claims draws: how to generate, check, save and show them. */
export interface InstanceKind<V> {
  /**
   * instances meeting the hypotheses (fast-check; shrinks toward small). It may
   * read the active profile, e.g. `({ profile }) => widths(1, profile.name === 'thorough' ? 5 : 3)`.
   */
  generate: (ctx: ClaimContext) => fc.Arbitrary<V>;
  /** null if v meets the hypotheses, else the reason (counted as a rejection); default: always null */
  detect?: (v: V) => string | null;
  /** JSON ↔ V, lossless (see ./schema.ts) */
  codec: Codec<V>;
  /** a readable rendering: the network, the data, the numbers */
  describe: (v: V) => string;
  /** the hypotheses the generator meets and the detector checks, in plain words */
  hypotheses?: readonly string[];
}

/** Identity, for type inference: `const kind = instanceKind({ ... })`. */
export function instanceKind<V>(kind: InstanceKind<V>): InstanceKind<V> {
  return kind;
}

/** An instance kind for other hypotheses: the same values, a further detector and more hypotheses. */
export function narrowed<V>(
  kind: InstanceKind<V>,
  detect: (v: V) => string | null,
  hypotheses: readonly string[] = [],
): InstanceKind<V> {
  return {
    ...kind,
    detect: (v) => kind.detect?.(v) ?? detect(v),
    hypotheses: [...(kind.hypotheses ?? []), ...hypotheses],
  };
}

/** A paper's defaults, shared by its claims. */
export interface PaperDefaults {
  /** the paper's key in ./citations.ts (e.g. "he2020"), "control", or (own claims) any text naming the source */
  paper: string;
  arithmetic?: Arithmetic;
  generatorVersion?: number;
  runs?: number;
}

/** One claim: where it comes from, what it says, what it draws, and the property. */
export interface ClaimSpec<V> {
  id: string;
  /** section, theorem and equation numbers */
  section: string;
  title: string;
  /** one paragraph in plain words */
  statement: string;
  instance: InstanceKind<V>;
  /** the property on one instance (deterministic): see proved(), refuted(), fromVerdict() */
  check: (v: V) => Outcome;
  /** default 'holds'; 'refuted' for a statement false as printed */
  expected?: Expected;
  /** for a claim false as printed: the id of its corrected version */
  correctedBy?: string;
  /** a negative control: not a statement of the paper (see Claim.control) */
  control?: boolean;
  /** "none exists", refuted by an example (see Claim.example) */
  example?: 'paper' | 'ours';
  /** further hypotheses of this claim (appended to the instance kind's) */
  hypotheses?: readonly string[];
  /** a further detector of this claim (run after the instance kind's) */
  detect?: (v: V) => string | null;
  /** overrides the instance kind's description */
  describe?: (v: V) => string;
  plots?: (v: V) => PlotSpec[];
  /** instances the report plots (see Claim.plotInstances) */
  plotInstances?: { saved: number; generated: number };
  /** the report table of the outcomes' counts (see Claim.tally) */
  tally?: TallySpec;
  arithmetic?: Arithmetic;
  generatorVersion?: number;
  runs?: number;
  /** split the runs into this many independently seeded parts (see Claim.parts) */
  parts?: number;
}

/** A claim from its spec and its paper's defaults. */
export function defineClaim<V>(spec: ClaimSpec<V> & PaperDefaults): Claim<V> {
  const { instance: kind } = spec;
  const detect = spec.detect;
  const claim: Claim<V> = {
    id: spec.id,
    paper: spec.paper,
    section: spec.section,
    title: spec.title,
    statement: spec.statement,
    hypotheses: [...(kind.hypotheses ?? []), ...(spec.hypotheses ?? [])],
    arithmetic: spec.arithmetic ?? 'exact',
    expected: spec.expected ?? 'holds',
    generatorVersion: spec.generatorVersion ?? 1,
    generate: (ctx) => kind.generate(ctx ?? { profile: profileFrom() }),
    detect: (v) => kind.detect?.(v) ?? detect?.(v) ?? null,
    check: spec.check,
    encode: (v) => encodeWith(kind.codec, v),
    decode: (j) => decodeWith(kind.codec, j),
    describe: spec.describe ?? kind.describe,
  };
  if (spec.correctedBy) claim.correctedBy = spec.correctedBy;
  if (spec.control) claim.control = true;
  if (spec.example) claim.example = spec.example;
  if (spec.runs !== undefined) claim.runs = spec.runs;
  if (spec.parts !== undefined && spec.parts > 1) claim.parts = spec.parts;
  if (spec.plots) claim.plots = spec.plots;
  if (spec.plotInstances) claim.plotInstances = spec.plotInstances;
  if (spec.tally) claim.tally = spec.tally;
  return claim;
}

/** The claims of one paper: `claimsOf({ paper, runs })` then `.claim({ ... })` for each. */
export function claimsOf(defaults: PaperDefaults) {
  return {
    defaults,
    claim<V>(spec: ClaimSpec<V>): Claim<V> {
      return defineClaim({ ...defaults, ...spec });
    },
  };
}

/** Encode a value for a saved counterexample. */
export function encodeWith<V>(codec: Codec<V>, v: V): Json {
  return z.encode(codec, v);
}

/** Decode a saved value; a CodecError names the path of the first problem ("value.data.inputs.2.0: …"). */
export function decodeWith<V>(codec: Codec<V>, j: Json): V {
  const oversized = oversizedNumber(j);
  if (oversized) throw new CodecError(oversized);
  const r = z.safeDecode(codec, j);
  if (!r.success) throw new CodecError(firstIssue(r.error));
  return r.data;
}

// ---------------------------------------------------------------------------
// Outcomes

/** The property holds on this instance, decided exactly; `tally` counts what it saw (see Claim.tally). */
export function proved(tally?: Readonly<Record<string, number>>): Outcome {
  return tally ? { ok: true, strength: 'proved', tally } : { ok: true, strength: 'proved' };
}

/** The property holds on this instance with float (or high-precision decimal) support only. */
export function supported(tally?: Readonly<Record<string, number>>): Outcome {
  return tally ? { ok: true, strength: 'evidence', tally } : { ok: true, strength: 'evidence' };
}

/** The property fails on this instance, with an exact witness. */
export function refuted(claimed: string, computed: string, evidence: Json = null): Outcome {
  return { ok: false, strength: 'refuted', claimed, computed, evidence };
}

/** The property fails on this instance by float (or decimal) computation only: not an exact witness. */
export function unsupported(claimed: string, computed: string, evidence: Json = null): Outcome {
  return { ok: false, strength: 'evidence', claimed, computed, evidence };
}

/** A verdict, or any other JSON-safe evidence object, as the Json of an outcome. */
export function asJson(x: Verdict | object): Json {
  return JSON.parse(JSON.stringify(x)) as Json;
}

/**
 * An outcome from the toolkit's answer to "is θ a local minimum?".
 * `expect` 'yes' (default): proved → holds; anything else fails, as an exact
 * refutation when the toolkit refuted. `expect` 'no' (the claim says θ is NOT
 * a local minimum): refuted → holds; proved → an exact refutation of the claim.
 */
export function fromVerdict(v: Verdict, claimed: string, expect: 'yes' | 'no' = 'yes'): Outcome {
  const computed = `the toolkit says ${v.strength}: ${v.summary}`;
  if (expect === 'yes') {
    if (v.strength === 'proved') return proved();
    return v.strength === 'refuted' ? refuted(claimed, computed, asJson(v)) : unsupported(claimed, computed, asJson(v));
  }
  if (v.strength === 'refuted') return proved();
  return v.strength === 'proved' ? refuted(claimed, computed, asJson(v)) : unsupported(claimed, computed, asJson(v));
}
