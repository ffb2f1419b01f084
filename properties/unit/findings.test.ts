// Findings first: built from a report alone (synthetic here), per paper — each claim false as printed
// with its smallest counterexample, the reading it refutes and its repaired claim's verdict; then what
// holds and how strongly; controls apart. `spurious report --findings` prints the same Markdown.
import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findingsMarkdown, findingsOf } from '../../src/report/findings.js';
import { renderHtml, renderMarkdown, type Report, type ReportClaim } from '../../src/report/report.js';
import { citation, fullCitation } from '../../src/claims/citations.js';
import { repoRoot } from '../../src/store/counterexamples.js';
import { claims, getClaim } from '../../src/claims/registry.js';

function claim(over: Partial<ReportClaim> & Pick<ReportClaim, 'id'>): ReportClaim {
  return {
    paper: 'he2020',
    section: '§4.2 Theorem 3',
    expected: 'holds',
    verdict: 'holds',
    strength: 'proved',
    runs: 10,
    certified: 10,
    rejected: 0,
    ms: 5,
    seed: 1,
    counterexamples: [],
    ok: true,
    summary: '',
    replays: [],
    unreadable: [],
    title: `title of ${over.id}`,
    statement: '',
    hypotheses: [],
    arithmetic: 'exact',
    failures: [],
    plots: [],
    ...over,
  };
}

const report = (claims: ReportClaim[]): Report => ({
  generated: '2026-01-01T00:00:00.000Z',
  profile: 'quick',
  ok: claims.every((c) => c.ok),
  node: 'v20',
  claims,
});

const sample = report([
  claim({
    id: 'he2020.theorem3.same-q',
    expected: 'refuted',
    verdict: 'refuted',
    strength: 'refuted',
    title: 'Theorem 3 as printed: all local minima in a cell share one Q',
    correctedBy: 'he2020.theorem3.same-q-full-rank',
    failures: [
      {
        file: 'counterexamples/x/long.json',
        claimed: 'c',
        computed: 'a much longer explanation with 1/3 and 2/7 in it',
      },
      { file: 'counterexamples/x/short.json', claimed: 'c', computed: 'Q(θ*) = (1) ≠ Q(θ′) = (2)' },
    ],
  }),
  claim({ id: 'he2020.theorem3.same-q-full-rank', runs: 40, certified: 40 }),
  claim({
    id: 'he2020.lemma1.boundary-nondifferentiable',
    expected: 'refuted',
    verdict: 'refuted',
    strength: 'refuted',
    correctedBy: 'he2020.lemma1.boundary-jump', // not in this report
    failures: [{ file: 'counterexamples/y/a.json', claimed: 'c', computed: 'both cells have gradient 0' }],
  }),
  claim({
    id: 'he2020.control.affine-labels',
    expected: 'refuted',
    verdict: 'refuted',
    strength: 'refuted',
    control: true,
  }),
  claim({ id: 'he2020.theorem2.float', strength: 'evidence', certified: 0, arithmetic: 'float' }),
  claim({ id: 'he2020.corollary2.mixed', strength: 'evidence', certified: 3, arithmetic: 'float' }),
  claim({ id: 'he2020.bad', expected: 'holds', verdict: 'refuted', strength: 'refuted', ok: false }),
  claim({ id: 'control.relu1.x', paper: 'control', expected: 'refuted', verdict: 'refuted', strength: 'refuted' }),
]);

describe('findings', () => {
  it('lists what is false as printed, with the smallest counterexample and the repaired claim’s verdict', () => {
    const [he, ctl] = findingsOf(sample);
    expect(he.paper).toBe('he2020');
    expect(he.reference).toBe(fullCitation(citation('he2020')!));
    // kills: listing controls, or a holds claim that failed, as errors of the paper
    expect(he.falseAsPrinted.map((f) => f.id)).toEqual([
      'he2020.theorem3.same-q',
      'he2020.lemma1.boundary-nondifferentiable',
    ]);
    const [q, l1] = he.falseAsPrinted;
    // kills: picking the first (or longest) saved counterexample instead of the smallest
    expect(q.counterexample).toEqual({ file: 'counterexamples/x/short.json', computed: 'Q(θ*) = (1) ≠ Q(θ′) = (2)' });
    expect(q.reading).toBe('Theorem 3 as printed: all local minima in a cell share one Q');
    expect(q.repair).toEqual({
      id: 'he2020.theorem3.same-q-full-rank',
      title: 'title of he2020.theorem3.same-q-full-rank',
      verdict: 'holds on 40/40 instances, each certified exactly',
    });
    expect(l1.repair).toEqual({ id: 'he2020.lemma1.boundary-jump', missing: 'not run in this report' });
    // kills: counting strengths wrongly (mixed is neither certified nor evidence only)
    expect(he.holds).toEqual({ total: 3, certified: 1, mixed: 1, evidence: 1 });
    expect(he.controls).toBe(1);
    expect(he.notAsExpected).toEqual(['he2020.bad']);
    expect(ctl.paper).toBe('control');
    expect(ctl.falseAsPrinted).toEqual([]);
    expect(ctl.controls).toBe(1);
    // the papers first, the suite's own controls last, whatever the report's order
    const reordered = report([...sample.claims].reverse());
    expect(findingsOf(reordered).map((p) => p.paper)).toEqual(['he2020', 'control']);
  });

  it('lists "none exists" claims refuted by an example apart from the paper’s errors', () => {
    const ex = (id: string, example: 'paper' | 'ours', ok = true, strength: 'refuted' | 'evidence' = 'refuted') =>
      claim({ id, paper: 'ding2019', expected: 'refuted', verdict: 'refuted', strength, example, ok });
    const rep = report([
      ex('ding2019.phase.exp.n3', 'paper', true, 'evidence'),
      ex('ding2019.phase.relu.n2', 'ours'),
      claim({ id: 'ding2019.wrong', paper: 'ding2019', expected: 'refuted', verdict: 'refuted', strength: 'refuted' }),
    ]);
    const [d] = findingsOf(rep);
    // kills: listing examples as errors of the paper, or mixing the paper's examples with ours
    expect(d.falseAsPrinted.map((f) => f.id)).toEqual(['ding2019.wrong']);
    expect(d.examples).toEqual({
      paper: [{ id: 'ding2019.phase.exp.n3', exact: false }],
      ours: [{ id: 'ding2019.phase.relu.n2', exact: true }],
    });
    const md = findingsMarkdown(rep);
    // kills: listing an example found by evidence only as if it were exact
    expect(md).toContain(
      '1 example the paper asserts was found (a "none exists" claim refuted by one, each saved): ding2019.phase.exp.n3 (float or decimal evidence only).',
    );
    expect(md).toContain('where the paper is silent was found');
    // a claim marked as an example that came out otherwise is not counted as one
    expect(findingsOf(report([ex('ding2019.phase.exp.n3', 'paper', false)]))[0].examples.paper).toEqual([]);
  });

  it('the Markdown reads as a review paragraph and opens the report', () => {
    const md = findingsMarkdown(sample);
    expect(md).toContain('### He, Wang & Tao (ICLR 2020)');
    expect(md).toContain(
      '1. **Theorem 3 as printed: all local minima in a cell share one Q** (§4.2 Theorem 3; `he2020.theorem3.same-q`). Counterexample (`counterexamples/x/short.json`): Q(θ*) = (1) ≠ Q(θ′) = (2). Corrected claim `he2020.theorem3.same-q-full-rank` (title of he2020.theorem3.same-q-full-rank): holds on 40/40 instances, each certified exactly.',
    );
    expect(md).toContain(
      '3 claims hold on every sampled instance: 1 certified on every instance (exactly, or by interval bounds where the claim computes in decimals); 1 partly',
    );
    expect(md).toContain('NOT AS EXPECTED: he2020.bad.');
    // findings come before the table of all claims, in the Markdown and the HTML report
    const full = renderMarkdown(sample);
    expect(full.indexOf('## Findings')).toBeGreaterThan(0);
    expect(full.indexOf('## Findings')).toBeLessThan(full.indexOf('## All claims'));
    const html = renderHtml(sample);
    expect(html.indexOf('id="findings"')).toBeLessThan(html.indexOf('<h2>All claims</h2>'));
  });

  const arbClaim = fc.record({
    n: fc.integer({ min: 0, max: 5 }),
    paper: fc.constantFrom('he2020', 'cnn', 'control', 'mine'),
    expected: fc.constantFrom('holds', 'refuted' as const),
    verdict: fc.constantFrom('holds', 'refuted', 'inconclusive' as const),
    strength: fc.constantFrom('proved', 'evidence', 'refuted', 'inconclusive' as const),
    control: fc.boolean(),
    certified: fc.integer({ min: 0, max: 10 }),
  });

  // kills: any finding not (expected refuted ∧ refuted ∧ not a control), or a claim counted twice
  test.prop([fc.array(arbClaim, { maxLength: 25 })])(
    'false as printed = expected refuted, refuted, not a control',
    (rs) => {
      const claims = rs.map((r, i) =>
        claim({
          id: `${r.paper}.c${i}`,
          paper: r.paper,
          expected: r.expected as 'holds' | 'refuted',
          verdict: r.verdict as ReportClaim['verdict'],
          strength: r.strength as ReportClaim['strength'],
          control: r.control,
          certified: r.certified,
          ok: (r.verdict === 'holds') === (r.expected === 'holds'),
        }),
      );
      const got = findingsOf(report(claims)).flatMap((p) => p.falseAsPrinted.map((f) => f.id));
      const want = claims
        .filter((c) => c.expected === 'refuted' && c.verdict === 'refuted' && !c.control && c.paper !== 'control')
        .map((c) => c.id);
      expect(new Set(got)).toEqual(new Set(want));
      expect(got.length).toBe(want.length);
      for (const p of findingsOf(report(claims))) {
        const holds = claims.filter((c) => c.paper === p.paper && c.verdict === 'holds' && c.expected === 'holds');
        expect(p.holds.certified + p.holds.mixed + p.holds.evidence).toBe(holds.length);
      }
    },
  );

  it('spurious report --findings prints the findings of the last report as Markdown', () => {
    const dir = mkdtempSync(join(tmpdir(), 'spurious-findings-'));
    writeFileSync(join(dir, 'package.json'), '{"name":"x","private":true}');
    mkdirSync(join(dir, 'reports', 'latest'), { recursive: true });
    const rep = report(sample.claims.filter((c) => c.ok));
    writeFileSync(join(dir, 'reports', 'latest', 'report.json'), JSON.stringify(rep));
    const r = spawnSync(process.execPath, [join(repoRoot(), 'bin/spurious.js'), 'report', '--findings'], {
      encoding: 'utf8',
      cwd: dir,
      timeout: 60_000,
    });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(findingsMarkdown(rep));
  }, 60_000);
});

describe('the registry links each paper error to its repair', () => {
  // kills: a correctedBy naming a missing claim, one expected refuted, or a claim of another paper;
  // a control that is expected to hold
  it('correctedBy names a registered claim of the same paper that is expected to hold; controls are expected refuted', () => {
    for (const c of claims) {
      if (c.control) expect(c.expected, c.id).toBe('refuted');
      // a "none exists" claim refuted by an example is not an error of the paper
      if (c.example) expect(c.expected, c.id).toBe('refuted');
      if (!c.correctedBy) continue;
      const fixed = getClaim(c.correctedBy);
      expect(fixed, `${c.id} → ${c.correctedBy}`).toBeDefined();
      expect(fixed!.expected, c.correctedBy).toBe('holds');
      expect(fixed!.paper).toBe(c.paper);
    }
    const errors = claims.filter((c) => c.expected === 'refuted' && !c.control && !c.example && c.paper !== 'control');
    expect(errors.filter((c) => c.correctedBy).length).toBeGreaterThanOrEqual(errors.length - 1);
  });
});
