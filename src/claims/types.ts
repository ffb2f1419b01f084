/**
 * A claim is data: where it comes from, what it says in plain words, the
 * generator that meets its hypotheses, the detector that checks them, the
 * property, and the verdict we expect. The CLI, the tests and the report all
 * enumerate the one registry (./registry.ts).
 */
import type fc from 'fast-check';
import type { Strength } from '../landscape/verdict.js';
import type { Profile } from './profiles.js';

/**
 * What a claim's generator may read about the run: the active profile (its
 * name, run scale and budget), so a claim can draw larger instances under
 * `thorough` than under `quick`. A saved counterexample records the profile
 * it was generated under, and regeneration uses that one.
 */
export interface ClaimContext {
  profile: Profile;
}

export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

export type Arithmetic = 'exact' | 'float' | 'decimal';
export type Expected = 'holds' | 'refuted';

/** Result of checking the property on one instance. */
export type Outcome =
  | {
      ok: true;
      /** how strong this instance's confirmation is: exact certificate, or float support */
      strength: 'proved' | 'evidence';
      /** what this instance saw, counted (summed over the run into ClaimResult.tally; see Claim.tally) */
      tally?: Readonly<Record<string, number>>;
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

/** A shaded polygon, e.g. an activation cell drawn in a weight plane; vertices in order (closed automatically). */
export interface PlotRegion {
  /** the legend entry (regions of one name share a colour) */
  name: string;
  polygon: [number, number][];
  /** written at the polygon's centroid */
  label?: string;
}

/** Marked points, e.g. θ and θ′ in a weight plane. */
export interface PlotPoints {
  name: string;
  x: number[];
  y: number[];
  /** one label per point, written beside it */
  labels?: string[];
}

/** A table of coloured cells (a categorical heat map): rows × columns, each cell a short text and a level. */
export interface TableMark {
  rows: string[];
  columns: string[];
  cells: { row: string; column: string; text: string; level: string }[];
  /** the levels in legend order */
  levels: string[];
  /** one colour per level (CSS colours); default: a fixed sequence */
  colours?: string[];
}

/**
 * A plot for the report: lines (`series`), points, shaded regions, or a
 * table (heat-map) mark, rendered offline to SVG with vega-lite. With
 * `table` the plot is that table, and `x`/`y` title its columns/rows.
 */
export interface PlotSpec {
  title: string;
  /** x label, y label */
  x: string;
  y: string;
  /** lines */
  series: { name: string; x: number[]; y: number[] }[];
  points?: PlotPoints[];
  regions?: PlotRegion[];
  table?: TableMark;
  /** one unit on x is as long as one unit on y (for pictures in a weight plane) */
  equalAspect?: boolean;
  /** what the plot shows and what it cannot show */
  caption: string;
}

/** What a verdict-table cell says for each outcome of its claim. */
export type CellOutcome =
  'certified' | 'mixed' | 'evidence' | 'refuted' | 'refuted-evidence' | 'inconclusive' | 'not-run';

/**
 * A report section built from several claims' verdicts: a table whose cells
 * are claims (e.g. activation × N, each cell "exists, certified exactly /
 * evidence / none found"). The cells' texts come from the verdicts, never
 * typed in; `say` words each outcome for this table.
 */
export interface VerdictTableSpec {
  id: string;
  /** the paper's key (see ./citations.ts), or "control" */
  paper: string;
  title: string;
  caption: string;
  rowTitle: string;
  columnTitle: string;
  rows: string[];
  columns: string[];
  /** the claim deciding each cell; a (row, column) without one is left empty */
  cells: { row: string; column: string; claim: string }[];
  say?: Partial<Record<CellOutcome, string>>;
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
   * a reading the paper itself excludes, or an extension of ours), expected
   * refuted to show that the check can fail; the findings list it apart from
   * the paper's errors
   */
  control?: boolean;
  /**
   * a claim of the form "no such object exists", expected refuted, whose
   * refutation is an example: 'paper' when the paper asserts the object
   * exists (the example confirms it), 'ours' when the paper is silent (the
   * example is the suite's finding). The findings list these apart from the
   * paper's errors.
   */
  example?: 'paper' | 'ours';
  /** bump whenever the generator's output for a given seed/path can change */
  generatorVersion: number;
  /** instances meeting the hypotheses (fast-check; shrinks toward small); ctx: the active profile (default: SPURIOUS_PROFILE, else quick) */
  generate: (ctx?: ClaimContext) => fc.Arbitrary<V>;
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
  /**
   * split the instances into this many parts, each searched with its own seed
   * derived from the claim's (src/claims/parts.ts), so a long claim runs on
   * several workers; the split depends only on the claim, never on the number
   * of workers (default 1: one search with the claim's seed). The time budget
   * bounds each part.
   */
  parts?: number;
  /** optional plots for the report, from one instance */
  plots?: (v: V) => PlotSpec[];
  /** instances the report plots: up to `saved` saved counterexamples and `generated` generated instances (default: the first saved one, else one generated) */
  plotInstances?: { saved: number; generated: number };
  /** how the report shows the counts its outcomes carry (Outcome.tally) */
  tally?: TallySpec;
}

/**
 * The counts a claim's outcomes carry, as a report table: what the run saw
 * (e.g. how many optimiser runs ended in a certified minimum), summed over the
 * instances that passed. `rows` orders and labels the keys (a key not listed
 * is shown under its own name, after them).
 */
export interface TallySpec {
  title: string;
  caption: string;
  /** `of`: the key this row's share is taken of (default: `total`) */
  rows: readonly { key: string; label: string; of?: string }[];
  /** a key whose count is the whole: every other row also shows its share of it, in per cent */
  total?: string;
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
  /**
   * saved counterexamples of this claim that cannot be used: not valid JSON, a
   * field of the wrong type, a value that does not decode or throws in the
   * detector, the property or regeneration, a file in another claim's folder.
   * They are named here (reason without the file name) and nowhere else, and do
   * not change `ok`: the CLI exits 2 for them.
   */
  unreadable: { file: string; reason: string }[];
  /** set when the profile's (or --budget's) time budget stopped the search before its run count */
  stoppedByBudget?: { seconds: number; checks: number; asked: number };
  /** the file this run saved (a new counterexample; absolute path; left out of reports) */
  saved?: string;
  /** set when a counterexample was found but not saved (see `saveRule` in the store): why */
  notSaved?: string;
  /** set when the code running the claim failed (an exception out of the runner, a worker thread that died): why, in one line; the CLI then exits 3 */
  crashed?: string;
  /** the outcomes' counts summed over every instance that passed (for a refuted claim also those tried while shrinking); absent when none counted */
  tally?: Record<string, number>;
}

export interface ReplayResult {
  file: string;
  /** still fails its property (as expected for a refuted claim; a regression for a holds claim) */
  stillFails: boolean;
  /** regenerated from seed and path (null when the generator version changed) */
  regenerated: boolean | null;
  /** why the file cannot be used (without the file name): it is then unreadable */
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
