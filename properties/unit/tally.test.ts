// Claim.tally: the counts a claim's outcomes carry are summed over the run and shown in the report.
import fc from 'fast-check';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { claimsOf, instanceKind, proved, refuted } from '../../src/claims/define.js';
import { runClaim } from '../../src/claims/runner.js';
import { buildReport, renderHtml, renderMarkdown } from '../../src/report/report.js';

const ints = instanceKind({
  generate: () => fc.integer({ min: 0, max: 50 }),
  codec: z.number().int(),
  describe: String,
});
const mine = claimsOf({ paper: 'tally test', runs: 60 });
const parity = mine.claim({
  id: 'tally.parity',
  section: '§1',
  title: 'integers below 100, counted by parity',
  statement: 'Every integer drawn is below 100.',
  instance: ints,
  check: (v) =>
    v < 100 ? proved({ all: 1, even: v % 2 === 0 ? 1 : 0, odd: v % 2, [`mod3-${v % 3}`]: 1 }) : refuted('', ''),
  tally: {
    title: 'Integers drawn, by parity',
    caption: 'Each instance counts once, as even or as odd.',
    rows: [
      { key: 'all', label: 'drawn' },
      { key: 'even', label: 'even' },
      { key: 'odd', label: 'odd' },
      { key: 'mod3-0', label: 'multiples of 3, as a share of the even draws', of: 'even' },
    ],
    total: 'all',
  },
});

describe('tally', () => {
  // kills: counts not summed over the run, a key dropped, the table left out of the report
  it('sums every passing outcome’s counts and the report shows them, listed keys first', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'spurious-tally-'));
    const r = runClaim(parity, { dir, seed: 3 });
    expect(r.verdict).toBe('holds');
    const t = r.tally!;
    expect(t.even + t.odd).toBe(r.runs);
    expect(t['mod3-0'] + t['mod3-1'] + t['mod3-2']).toBe(r.runs);
    expect(t.even).toBeGreaterThan(0);
    expect(t.odd).toBeGreaterThan(0);
    const rep = await buildReport([r], 'quick', [parity], []);
    const table = rep.claims[0].tallyTable!;
    expect(table.rows.map((x) => x.label)).toEqual([
      'drawn',
      'even',
      'odd',
      'multiples of 3, as a share of the even draws',
      'mod3-1',
      'mod3-2',
    ]);
    expect(table.rows[3].share).toBe(`${((100 * t['mod3-0']) / t.even).toFixed(1)} %`);
    expect(table.rows[1].count).toBe(t.even);
    expect(table.rows[0].share).toBeUndefined();
    expect(table.rows[1].share).toBe(`${((100 * t.even) / r.runs).toFixed(1)} %`);
    const md = renderMarkdown(rep);
    expect(md).toContain(`| even | ${t.even} | ${table.rows[1].share} |`);
    expect(md).toContain('*Each instance counts once, as even or as odd.*');
    expect(renderHtml(rep)).toContain(`<tr><td>odd</td><td>${t.odd}</td><td>${table.rows[2].share}</td></tr>`);
  });
  it('a claim whose outcomes count nothing has no tally', () => {
    const plain = mine.claim({
      id: 'tally.none',
      section: '§1',
      title: 'no counts',
      statement: 'Every integer drawn is below 100.',
      instance: ints,
      check: () => proved(),
    });
    const r = runClaim(plain, { dir: mkdtempSync(join(tmpdir(), 'spurious-tally-')), seed: 3 });
    expect(r.tally).toBeUndefined();
  });
});
