/**
 * Findings first: what a reviewer opens the report for. Per paper, each claim
 * false as printed (expected refuted, and refuted) with its smallest saved
 * counterexample in one sentence of exact numbers, the reading it refutes,
 * and its corrected or repaired claim with that claim's verdict; then what
 * holds and how strongly (counts per strength), the negative controls, and
 * anything not as expected. Built from a Report alone (report.json), so
 * `spurious report --findings` prints the same Markdown later.
 */
import { citation, fullCitation, paperLabel } from '../claims/citations.js';
import { count, verdictLine } from '../claims/wording.js';
import type { Report, ReportClaim } from './report.js';
import { esc } from './sections.js';

export interface Finding {
  id: string;
  /** the reading refuted: the claim's title and section */
  reading: string;
  section: string;
  verdict: string;
  /** the smallest saved counterexample: its file and what was computed on it (exact numbers) */
  counterexample: { file: string; computed: string } | null;
  /** the corrected or repaired claim, with its verdict in this report (or why there is none) */
  repair: { id: string; title: string; verdict: string } | { id: string; missing: string } | null;
}

export interface PaperFindings {
  paper: string;
  label: string;
  /** the full reference, when the paper is in the citation table */
  reference: string | null;
  falseAsPrinted: Finding[];
  /** claims that hold, by strength */
  holds: { total: number; certified: number; mixed: number; evidence: number };
  /** negative controls (statements the paper does not make) refuted as expected: the checks can fail */
  controls: number;
  /** "none exists" claims refuted as expected by an example: the paper asserts one exists, or is silent (see Claim.example) */
  examples: { paper: Example[]; ours: Example[] };
  inconclusive: string[];
  /** claims whose verdict (or run) is not as expected */
  notAsExpected: string[];
}

/** A "none exists" claim refuted by an example: exactly, or by float/decimal evidence only. */
export interface Example {
  id: string;
  exact: boolean;
}

const isControl = (c: ReportClaim) => c.control === true || c.paper === 'control';

/** The shortest saved explanation: the shrunk counterexample read in one sentence. */
function smallest(c: ReportClaim): Finding['counterexample'] {
  const f = [...c.failures].sort((a, b) => a.computed.length - b.computed.length)[0];
  return f ? { file: f.file, computed: f.computed } : null;
}

const examplesOf = (cs: readonly ReportClaim[], kind: 'paper' | 'ours'): Example[] =>
  cs
    .filter((c) => c.example === kind && c.verdict === 'refuted' && c.ok)
    .map((c) => ({ id: c.id, exact: c.strength === 'refuted' }));

/** "a, b (float or decimal evidence only)": the examples, each exact one bare. */
const exampleList = (xs: readonly Example[]) =>
  xs.map((x) => (x.exact ? x.id : `${x.id} (float or decimal evidence only)`)).join(', ');

/** The findings of a report, per paper, in the report's order of papers. */
export function findingsOf(rep: Report): PaperFindings[] {
  const byId = new Map(rep.claims.map((c) => [c.id, c]));
  // the papers in the report's order, the suite's own controls last
  const seen = [...new Set(rep.claims.map((c) => c.paper))];
  const papers = [...seen.filter((p) => p !== 'control'), ...seen.filter((p) => p === 'control')];
  return papers.map((paper) => {
    const cs = rep.claims.filter((c) => c.paper === paper);
    const falseAsPrinted = cs
      .filter((c) => c.expected === 'refuted' && c.verdict === 'refuted' && !isControl(c) && !c.example)
      .map((c): Finding => {
        const fixed = c.correctedBy ? byId.get(c.correctedBy) : undefined;
        return {
          id: c.id,
          reading: c.title,
          section: c.section,
          verdict: verdictLine(c, c.arithmetic),
          counterexample: smallest(c),
          repair: !c.correctedBy
            ? null
            : fixed
              ? { id: fixed.id, title: fixed.title, verdict: verdictLine(fixed, fixed.arithmetic) }
              : { id: c.correctedBy, missing: 'not run in this report' },
        };
      });
    const holding = cs.filter((c) => c.verdict === 'holds' && c.expected === 'holds');
    const certified = holding.filter((c) => c.strength === 'proved').length;
    const mixed = holding.filter((c) => c.strength !== 'proved' && (c.certified ?? 0) > 0).length;
    const c0 = citation(paper);
    return {
      paper,
      label: paper === 'control' ? 'The suite’s own negative controls' : paperLabel(paper),
      reference: c0 ? fullCitation(c0) : null,
      falseAsPrinted,
      holds: { total: holding.length, certified, mixed, evidence: holding.length - certified - mixed },
      controls: cs.filter((c) => isControl(c) && c.verdict === 'refuted' && c.ok).length,
      examples: {
        paper: examplesOf(cs, 'paper'),
        ours: examplesOf(cs, 'ours'),
      },
      inconclusive: cs.filter((c) => c.verdict === 'inconclusive').map((c) => c.id),
      notAsExpected: cs.filter((c) => !c.ok).map((c) => c.id),
    };
  });
}

/** "…": a text as one sentence (a final period added when missing). */
const sentence = (s: string) => (/[.!?]$/.test(s.trim()) ? s.trim() : `${s.trim()}.`);

/** What holds, and how strongly, in one line. */
function holdsLine(p: PaperFindings): string {
  const h = p.holds;
  if (h.total === 0) return 'No claim of this paper holds in this report.';
  const parts = [
    `${h.certified} certified on every instance (exactly, or by interval bounds where the claim computes in decimals)`,
    ...(h.mixed ? [`${h.mixed} partly certified, the rest with evidence short of a proof`] : []),
    `${h.evidence} with numerical (float or decimal) evidence only`,
  ];
  return `${count(h.total, 'claim')} ${h.total === 1 ? 'holds' : 'hold'} on every sampled instance: ${parts.join('; ')}.`;
}

function tail(p: PaperFindings): string[] {
  const out = p.holds.total > 0 || p.paper !== 'control' ? [holdsLine(p)] : [];
  if (p.controls)
    out.push(
      `${count(p.controls, 'negative control')} (a statement the paper does not make: a hypothesis dropped, a reading the paper excludes, or an extension of ours) ${p.controls === 1 ? 'is' : 'are'} refuted as expected: the checks can fail.`,
    );
  if (p.examples.paper.length)
    out.push(
      `${count(p.examples.paper.length, 'example')} the paper asserts ${p.examples.paper.length === 1 ? 'was' : 'were'} found (a "none exists" claim refuted by one, each saved): ${exampleList(p.examples.paper)}.`,
    );
  if (p.examples.ours.length)
    out.push(
      `${count(p.examples.ours.length, 'example')} where the paper is silent ${p.examples.ours.length === 1 ? 'was' : 'were'} found (a "none exists" claim refuted by one, each saved; the expectation was ours): ${exampleList(p.examples.ours)}.`,
    );
  if (p.inconclusive.length) out.push(`Inconclusive: ${p.inconclusive.join(', ')}.`);
  if (p.notAsExpected.length) out.push(`NOT AS EXPECTED: ${p.notAsExpected.join(', ')}.`);
  return out;
}

/** The findings as Markdown a reviewer can paste into a review. */
export function findingsMarkdown(rep: Report): string {
  const lines = ['## Findings', ''];
  lines.push(
    `From the report of ${rep.generated} (profile \`${rep.profile}\`). "Certified exactly" means every sampled instance carried an exact (rational-arithmetic) certificate that was re-checked independently; it is not a proof of the theorem for all inputs. A counterexample is exact unless it says otherwise.`,
    '',
  );
  for (const p of findingsOf(rep)) {
    lines.push(`### ${p.label}`, '');
    if (p.reference) lines.push(p.reference, '');
    if (p.falseAsPrinted.length) {
      lines.push(`**False as printed (${p.falseAsPrinted.length}).**`, '');
      p.falseAsPrinted.forEach((f, i) => {
        const cex = f.counterexample
          ? ` Counterexample (\`${f.counterexample.file}\`): ${sentence(f.counterexample.computed)}`
          : ` ${sentence(f.verdict)}`;
        const repair = !f.repair
          ? ' No corrected claim is registered.'
          : 'missing' in f.repair
            ? ` Corrected claim \`${f.repair.id}\`: ${f.repair.missing}.`
            : ` Corrected claim \`${f.repair.id}\` (${f.repair.title}): ${f.repair.verdict}.`;
        lines.push(`${i + 1}. **${f.reading}** (${f.section}; \`${f.id}\`).${cex}${repair}`);
      });
      lines.push('');
    } else if (p.paper !== 'control') lines.push('No claim of this paper was found false as printed.', '');
    lines.push(...tail(p).map((t) => `- ${t}`), '');
  }
  return lines.join('\n');
}

/** The findings as an HTML section, linking each claim to its section below. */
export function findingsHtml(rep: Report): string {
  const link = (id: string) => `<a href="#${esc(id)}"><code>${esc(id)}</code></a>`;
  const parts = findingsOf(rep).map((p) => {
    const items = p.falseAsPrinted.map((f) => {
      const cex = f.counterexample
        ? ` <span class="cexline">Counterexample (<code>${esc(f.counterexample.file)}</code>): ${esc(sentence(f.counterexample.computed))}</span>`
        : ` ${esc(sentence(f.verdict))}`;
      const repair = !f.repair
        ? ' <i>No corrected claim is registered.</i>'
        : 'missing' in f.repair
          ? ` Corrected claim ${link(f.repair.id)}: ${esc(f.repair.missing)}.`
          : ` Corrected claim ${link(f.repair.id)} (${esc(f.repair.title)}): <b>${esc(f.repair.verdict)}</b>.`;
      return `<li><b>${esc(f.reading)}</b> (${esc(f.section)}; ${link(f.id)}).${cex}${repair}</li>`;
    });
    return `<div class="paper"><h3>${esc(p.label)}</h3>${p.reference ? `<p class="meta">${esc(p.reference)}</p>` : ''}
${items.length ? `<p><b>False as printed (${items.length}).</b></p><ol>${items.join('\n')}</ol>` : p.paper !== 'control' ? '<p>No claim of this paper was found false as printed.</p>' : ''}
<ul class="holds">${tail(p)
      .map((t) => `<li>${esc(t)}</li>`)
      .join('')}</ul></div>`;
  });
  return `<section id="findings"><h2>Findings</h2>
<p class="meta">“Certified exactly” means every sampled instance carried an exact (rational-arithmetic) certificate that was re-checked independently; it is not a proof of the theorem for all inputs. A counterexample is exact unless it says otherwise. <code>spurious report --findings</code> prints this section as Markdown.</p>
${parts.join('\n')}</section>`;
}
