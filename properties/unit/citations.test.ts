// Citations: every claim names a paper of the one citation table (or is a control), the README prints
// the table, and no user-facing claim text cites the maintainers' notes or paper files outside the repo.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { claims } from '../../src/claims/registry.js';
import { citation, citations, fullCitation, paperLabel } from '../../src/claims/citations.js';
import { repoRoot } from '../../src/store/counterexamples.js';

/** Labels of the notes (§5h, T5, P22, C7, G6), the word "note(s)", and paper file names. */
const NOTE_REFERENCE = /\bnotes?\b|note's|\.txt\b|§\d+[a-h]\b|\b[TCG][1-9]\b|\bP[1-9]\d\b/;

describe('citations', () => {
  // kills: a claim whose paper is a file name or an unknown key (it would print as written)
  it('every registered claim names a paper of the table (its id prefix) or is a control', () => {
    for (const c of claims) {
      if (c.paper === 'control') continue;
      expect(citation(c.paper), `${c.id}: paper ${c.paper}`).toBeDefined();
      expect(c.id.startsWith(`${c.paper}.`), c.id).toBe(true);
      expect(paperLabel(c.paper)).toBe(citation(c.paper)!.short);
    }
    expect(paperLabel('my-notes.md')).toBe('my-notes.md'); // a researcher's own key is shown as written
  });

  // kills: re-adding "note §5h, T5" (or a paper file name) to a section, title, statement or hypothesis
  it('no claim text cites the notes or a paper file', () => {
    for (const c of claims)
      for (const [field, text] of [
        ['section', c.section],
        ['title', c.title],
        ['statement', c.statement],
        ...c.hypotheses.map((h: string, i: number) => [`hypothesis ${i + 1}`, h]),
      ])
        expect(NOTE_REFERENCE.test(text), `${c.id} ${field}: ${text}`).toBe(false);
  });

  it('the pattern catches what it must', () => {
    for (const bad of ['note §5h, T5', 'note P22', "the note's C7", 'he2020-piecewise-linear.txt', 'like G6'])
      expect(NOTE_REFERENCE.test(bad), bad).toBe(true);
    for (const ok of ['R((P1 + P2)/2)', 'C0 ∈ {1, 2}', 'App. C Lemma 6, eq. (23)', '§3.2.1 Lemma 2', 'T_l ≥ C0 + 1'])
      expect(NOTE_REFERENCE.test(ok), ok).toBe(false);
  });

  // kills: a README table out of step with src/claims/citations.ts
  it('the README lists every citation in full', () => {
    const readme = readFileSync(join(repoRoot(), 'README.md'), 'utf8');
    for (const c of citations) {
      expect(readme).toContain(fullCitation(c));
      expect(fullCitation(c)).toMatch(new RegExp(`${c.year}\\.`));
    }
  });
});
