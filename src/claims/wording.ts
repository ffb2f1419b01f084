/**
 * The words a reader sees: articles and counts, and the one wording of a
 * claim's verdict that the CLI, the report and the findings all print.
 *
 * A verdict line says what was done, never more: "holds on 200/200
 * instances, each certified exactly" (every sampled instance carried an
 * exact certificate — not a proof of the theorem), "holds on 200/200
 * instances, float evidence", "refuted: exact counterexample".
 *
 * It lives with the claims (not in src/report) because claim texts use the
 * article and count helpers too, and the layers run one way (claims → report).
 */
import type { Arithmetic, ClaimResult, Expected } from './types.js';

/** Numerals read with a leading vowel sound: 8…, and 11 / 18 as in "eleven thousand", "eighteen million". */
function numeralTakesAn(digits: string): boolean {
  if (digits.startsWith('8')) return true;
  return digits.length % 3 === 2 && (digits.startsWith('11') || digits.startsWith('18'));
}

/** Letters whose spoken name starts with a vowel sound (an FC layer, an L−3 map, an R value). */
const VOWEL_SOUND_LETTERS = 'AEFHILMNORSX';

/**
 * "a" or "an" before `phrase`, by how its first word is spoken: numerals
 * ("an 85-parameter", "an 11-sample", "a 100-sample"), letters and acronyms
 * ("an FC layer", "a CNN"), and words ("an hour", "a unit", "an instance").
 */
export function article(phrase: string): 'a' | 'an' {
  const s = phrase.trimStart();
  const digits = /^\d[\d,]*/.exec(s)?.[0].replace(/,/g, '');
  if (digits) return numeralTakesAn(digits) ? 'an' : 'a';
  // a capital followed by a capital, a digit, a sign or the end: read as a letter (FC, L−3, R(θ))
  if (/^[A-Z](?![a-z])/.test(s)) return VOWEL_SOUND_LETTERS.includes(s[0]) ? 'an' : 'a';
  const w = s.toLowerCase();
  if (/^(hour|honest|honou?r|heir)/.test(w)) return 'an';
  if (/^(uni|use|usu|uti|ufo|eu|ewe|one\b|once)/.test(w)) return 'a';
  return /^[aeiou]/.test(w) ? 'an' : 'a';
}

/** `phrase` with its article: "an 85-parameter CNN". */
export function withArticle(phrase: string): string {
  return `${article(phrase)} ${phrase}`;
}

/** "1 instance", "3 instances", "0 instances"; `plural` for irregular nouns. */
export function count(n: number, singular: string, plural = `${singular}s`): string {
  return `${n} ${n === 1 ? singular : plural}`;
}

/** The verb agreeing with a count: agree(1, 'goes', 'go') = 'goes'. */
export function agree(n: number, singular: string, plural: string): string {
  return n === 1 ? singular : plural;
}

/**
 * What the support is when an instance is confirmed without an exact
 * certificate. In an exact claim that is an exact computation short of a proof
 * (e.g. the risk along sampled lines, or a Hessian that is only semidefinite).
 */
export function evidenceKind(arithmetic?: Arithmetic | ''): string {
  return arithmetic === 'decimal'
    ? 'high-precision decimal evidence (not exact)'
    : arithmetic === 'exact'
      ? 'evidence (exact checks, not a proof)'
      : 'float evidence';
}

/**
 * How a proved instance was certified: exactly (bigint rationals), or — in a
 * decimal claim, whose proofs are interval enclosures with outward rounding
 * (../numeric/interval.ts) — by interval bounds.
 */
export function certifiedWord(arithmetic?: Arithmetic | ''): string {
  return arithmetic === 'decimal' ? 'certified by interval bounds' : 'certified exactly';
}

/** The fields of a result a verdict line reads (a ClaimResult, or a report's copy of one). */
export type VerdictFacts = Pick<ClaimResult, 'verdict' | 'strength' | 'runs'> & { certified?: number };

/**
 * The verdict in words, the same in the CLI, the report and the findings:
 *   holds on 200/200 instances, each certified exactly
 *   holds on 200/200 instances: 150 certified exactly, 50 with float evidence
 *   holds on 200/200 instances, float evidence
 *   refuted: exact counterexample
 *   refuted by float evidence only (no exact counterexample)
 *   inconclusive: nothing was decided
 */
export function verdictLine(r: VerdictFacts, arithmetic?: Arithmetic | ''): string {
  const ev = evidenceKind(arithmetic);
  if (r.verdict === 'holds') {
    const n = r.runs;
    const on = `holds on ${n}/${count(n, 'instance')}`;
    const cw = certifiedWord(arithmetic);
    if (r.strength === 'proved') return `${on}, ${n === 1 ? cw : `each ${cw}`}`;
    const k = r.certified ?? 0;
    if (k > 0 && k < n) return `${on}: ${k} ${cw}, ${n - k} with ${ev}`;
    return `${on}, ${ev}`;
  }
  if (r.verdict === 'refuted')
    return r.strength === 'refuted'
      ? 'refuted: exact counterexample'
      : `refuted by ${ev} only (no exact counterexample)`;
  return 'inconclusive: nothing was decided';
}

/** "expected to hold" / "expected to be refuted". */
export function expectedPhrase(expected: Expected): string {
  return expected === 'holds' ? 'expected to hold' : 'expected to be refuted';
}

/** The verdict with its expectation: "holds on 3/3 instances, each certified exactly (expected to hold: as expected)". */
export function verdictWithExpectation(
  r: VerdictFacts & Pick<ClaimResult, 'expected' | 'ok'>,
  arithmetic?: Arithmetic | '',
) {
  return `${verdictLine(r, arithmetic)} (${expectedPhrase(r.expected)}: ${r.ok ? 'as expected' : 'NOT AS EXPECTED'})`;
}
