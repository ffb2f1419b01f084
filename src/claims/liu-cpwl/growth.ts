/**
 * Liu (2022) Theorems 1–2, second sentence: "the number of non-homogeneous
 * spurious local minima grows for bigger networks". Counted as in the note's
 * §6.1 growth table: certified ridge minima of one-hidden-layer ReLU networks
 * of width K, distinct by prediction vector, for K = 1..3 under the quick
 * profiles and K = 1..5 under `thorough` (the largest width is part of the
 * drawn value, so a saved counterexample replays with its own widths).
 */
import { z } from 'zod';
import { certifiedCounts } from '../../papers/liu-cpwl/index.js';
import { dataTable } from '../codec.js';
import { instanceKind, proved, refuted } from '../define.js';
import { datasetCodec, integer } from '../schema.js';
import type { Outcome } from '../types.js';
import type { Dataset } from '../../model/data.js';
import { detectPartition, partitionArbitrary, partitions } from './instances.js';
import { liuCpwl } from './paper.js';

interface GrowthData {
  data: Dataset;
  /** widths 1..maxWidth are counted */
  maxWidth: number;
}

const widthsTo = (k: number) => Array.from({ length: k }, (_, i) => i + 1);

const growthData = instanceKind<GrowthData>({
  generate: ({ profile }) =>
    partitionArbitrary(2, 2).map((p) => ({ data: p.data, maxWidth: profile.name === 'thorough' ? 5 : 3 })),
  detect: (v) =>
    detectPartition({ data: v.data, cuts: [] }) ??
    (v.maxWidth < 2 || v.maxWidth > 6 ? 'the largest width must be 2–6' : null),
  codec: z.object({ data: datasetCodec, maxWidth: integer }),
  describe: (v) => dataTable(v.data),
  hypotheses: (partitions.hypotheses ?? []).slice(0, 2),
});

export const growthWithWidth = liuCpwl.claim({
  id: 'liu-cpwl.growth.width',
  section: 'Theorems 1–2 (§5.1), “the number of non-homogeneous spurious local minima grows”; §6.1.6',
  title: 'The number of certified constructed minima does not decrease with the width',
  statement:
    'For one-dimensional data meeting Assumption 1, count the ridge constructions of contiguous partitions (groups of at least two samples) that fit in a one-hidden-layer ReLU network of width K, each certified a local minimum by the pattern-class certificate (exact), counted once per prediction vector. The count does not decrease from K to K + 1, for K = 1..3 (quick profiles) or 1..5 (thorough).',
  instance: growthData,
  runs: 30,
  check: (v): Outcome => {
    const WIDTHS = widthsTo(v.maxWidth);
    const counts = certifiedCounts(v.data, WIDTHS);
    const k = counts.findIndex((c, i) => i > 0 && c < counts[i - 1]);
    if (k < 0) return proved();
    return refuted(
      'the count of certified minima does not decrease with the width',
      `certified ridge minima at widths ${WIDTHS.join(', ')}: ${counts.join(', ')} (down from width ${WIDTHS[k - 1]} to ${WIDTHS[k]})`,
      { widths: WIDTHS, counts },
    );
  },
});
