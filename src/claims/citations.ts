/**
 * The papers the registered claims come from, listed once. A claim's `paper`
 * field is a key of this table (or "control" for the suite's own negative
 * controls); the README and the report print the table, and claim texts cite
 * the paper's own section, theorem and equation numbers.
 *
 * A researcher's own claims may name any other paper: a key not in the table
 * is shown as written.
 */

export interface Citation {
  /** the claims' `paper` field, and the prefix of their ids */
  key: string;
  /** for tables and lines: "He, Wang & Tao (ICLR 2020)" */
  short: string;
  authors: string;
  title: string;
  venue: string;
  year: number;
  /** which version of the text the claims were checked against */
  version?: string;
}

export const citations: readonly Citation[] = [
  {
    key: 'he2020',
    short: 'He, Wang & Tao (ICLR 2020)',
    authors: 'Fengxiang He, Bohan Wang and Dacheng Tao',
    title: 'Piecewise linear activations substantially shape the loss surfaces of neural networks',
    venue: 'International Conference on Learning Representations (ICLR)',
    year: 2020,
    version: 'the conference paper with its Appendices A.1–A.5 and B.1–B.5',
  },
  {
    key: 'cnn',
    short: 'Spurious local minima in deep CNNs (ICLR 2023 submission)',
    authors: 'Anonymous authors (the arXiv version, 2023, is by Bo Liu, Keyi Fu and Tongtong Yuan)',
    title: 'Spurious local minima provably exist for deep convolutional neural networks',
    venue: 'Submitted to the International Conference on Learning Representations (ICLR), under double-blind review',
    year: 2023,
    version: 'the double-blind submission with its Appendices A–G; Fig. 3 is known from its caption',
  },
  {
    key: 'liu-cpwl',
    short: 'Liu, CPWL spurious minima (2022)',
    authors: 'Bo Liu (Beijing University of Technology)',
    title: 'Spurious local minima are common for deep neural networks with piecewise linear activations',
    venue: 'venue not printed in the text checked (dated 2022 there)',
    year: 2022,
    version: 'the full text, §1–7 (there is no appendix; Figs. 1–3 are known from their captions)',
  },
  {
    key: 'ding2019',
    short: 'Ding, Li & Sun, sub-optimal local minima (2019)',
    authors: 'Tian Ding, Dawei Li and Ruoyu Sun',
    title: 'Sub-optimal local minima exist for almost all over-parameterized neural networks',
    venue: 'venue not printed in the text checked (dated Nov 4, 2019 there)',
    year: 2019,
    version: 'the full text, §1–7 with Appendices A–E',
  },
  {
    key: 'liu1h',
    short: 'Liu, one-hidden-layer ReLU landscape, Part 1 (2020)',
    authors: 'Bo Liu',
    title: 'Understanding global loss landscape of one-hidden-layer ReLU networks, Part 1: Theory',
    venue: 'arXiv preprint (neither venue nor year is printed in the text checked; its latest reference is of 2019)',
    year: 2020,
    version: 'the full text, Sections I–IX with Sec. VII (missing proofs)',
  },
];

/** The citation with this key, if the table has it. */
export function citation(key: string): Citation | undefined {
  return citations.find((c) => c.key === key);
}

/** A claim's source in a line: "He, Wang & Tao (ICLR 2020)", "negative control", or the key as written. */
export function paperLabel(key: string): string {
  if (key === 'control') return 'negative control';
  return citation(key)?.short ?? key;
}

/** The full reference: authors, title, venue, year, and the version checked. The README and the report print this line. */
export function fullCitation(c: Citation): string {
  return `${c.authors}. “${c.title}.” ${c.venue}, ${c.year}.${c.version ? ` Checked against ${c.version}.` : ''}`;
}
