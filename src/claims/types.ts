/**
 * A claim is data: where it comes from, what it says in plain words, the
 * generator that meets its hypotheses, the detector that checks them, the
 * property, and the verdict we expect. The CLI, the tests and the report all
 * enumerate the one registry (./registry.ts).
 */
import type fc from 'fast-check';
import type { Strength } from '../landscape/verdict.js';

export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

export type Arithmetic = 'exact' | 'float' | 'decimal';
export type Expected = 'holds' | 'refuted';

/** Result of checking the property on one instance. */
export type Outcome =
  | {
      ok: true;
      /** how strong this instance's confirmation is: exact certificate, or float support */
      strength: 'proved' | 'evidence';
    }
  | {
      ok: false;
      /** exact witness, or float-only */
      strength: 'refuted' | 'evidence';
      /** what the claim says, for this instance, in plain words */
      claimed: string;
      /** what was computed instead, in plain words with the exact numbers */
      computed: string;
      /** the numbers behind `computed`, JSON-safe (rationals as "p/q") */
      evidence: Json;
    };

export interface PlotSpec {
  title: string;
  /** x label, y label */
  x: string;
  y: string;
  series: { name: string; x: number[]; y: number[] }[];
  /** what the plot shows and what it cannot show */
  caption: string;
}

export interface Claim<V = unknown> {
  /** e.g. "he2020.lemma4.local-min" */
  id: string;
  /** the paper's key in ./citations.ts (e.g. "he2020"), "control", or (own claims) any text naming the source */
  paper: string;
  /** section, theorem and equation numbers */
  section: string;
  title: string;
  /** one paragraph in plain words */
  statement: string;
  /** the hypotheses, in plain words (what the generator meets and the detector checks) */
  hypotheses: string[];
  arithmetic: Arithmetic;
  expected: Expected;
  /** for a claim false as printed: the id of its corrected version */
  correctedBy?: string;
  /**
   * a negative control: not a statement of the paper (a hypothesis dropped,
   * or a reading the paper itself excludes), expected refuted to show that the
   * check can fail; the findings list it apart from the paper's errors
   */
  control?: boolean;
  /** bump whenever the generator's output for a given seed/path can change */
  generatorVersion: number;
  /** instances meeting the hypotheses (fast-check; shrinks toward small) */
  generate: () => fc.Arbitrary<V>;
  /** null if v meets the hypotheses, else the reason it does not (counted as a rejection) */
  detect: (v: V) => string | null;
  /** the property on one instance; must be deterministic (regeneration relies on it) */
  check: (v: V) => Outcome;
  /** exact, lossless (rationals as "p/q") */
  encode: (v: V) => Json;
  decode: (j: Json) => V;
  /** a readable rendering of an instance: the network, the data, the numbers */
  describe: (v: V) => string;
  /** default number of generated instances (the profile may scale it) */
  runs?: number;
  /** optional plots for the report, from one instance */
  plots?: (v: V) => PlotSpec[];
}

/** A claim with its value type erased, as the registry holds it. */
export type AnyClaim = Claim<any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export type ClaimVerdict = 'holds' | 'refuted' | 'inconclusive';

export interface ClaimResult {
  id: string;
  paper: string;
  section: string;
  expected: Expected;
  verdict: ClaimVerdict;
  strength: Strength;
  /** property evaluations on instances that met the hypotheses: the generated instances for a claim that holds; for a refuted claim also the evaluations made while shrinking */
  runs: number;
  /** of `runs`, the instances confirmed by an exact certificate (absent in reports written before it was recorded) */
  certified?: number;
  /** instances the hypothesis detector rejected */
  rejected: number;
  ms: number;
  seed: number;
  /** counterexample files found or replayed for this claim */
  counterexamples: string[];
  /** verdict as expected? */
  ok: boolean;
  /** plain-words explanation of the verdict */
  summary: string;
  /** saved counterexamples that were replayed, and what happened */
  replays: ReplayResult[];
}

export interface ReplayResult {
  file: string;
  /** still fails its property (as expected for a refuted claim; a regression for a holds claim) */
  stillFails: boolean;
  /** regenerated from seed and path (null when the generator version changed) */
  regenerated: boolean | null;
  error?: string;
  /** set when the saved value no longer meets the claim's hypotheses (e.g. the detector was tightened); not a regression */
  outsideHypotheses?: string;
  /**
   * set when the value still fails but the file's stored explanation
   * (failure.strength, .claimed, .computed, .evidence) differs from the
   * recomputed one: the first differing field, stored vs recomputed, shortened
   */
  explanationMismatch?: string;
  /** the failure as the property explains it now (set when the saved value still fails) */
  recomputed?: { claimed: string; computed: string };
}
