/**
 * Issue 13: the CNN claims that decide "θ is a local minimum" with the paper's
 * own rays (the §5h reserved-map rays, with and without pooling, and Theorem
 * 3's kink hinges) decide the same verdicts with those rays switched off
 * (SPURIOUS_PAPER_RAYS=off): the toolkit's generic descent search alone finds
 * the descents. Run into a fresh counterexample folder, so the saved files
 * (worded after the paper's rays) are neither replayed nor touched.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { claims, profileFrom, runClaim } from '../src/claims/index.js';

const IDS = [
  'cnn.theorem1.spurious-local-min',
  'cnn.lemma6.local-min',
  'cnn.appd.lemma6-with-pooling',
  'cnn.theorem3.local-min',
  'cnn.theorem3.local-min-c7-deep',
  'cnn.lemma6.repaired-local-min',
  'cnn.theorem3.local-min-c7-deep-repaired',
  // the same on 2-D images (3 × 3 filters)
  'cnn.theorem1.spurious-local-min.images',
  'cnn.lemma6.local-min.images',
  'cnn.appd.lemma6-with-pooling.images',
  'cnn.lemma6.repaired-local-min.images',
  // and with conv layers below L−3
  'cnn.theorem1.spurious-local-min.deeper',
  'cnn.lemma6.local-min.deeper',
  // and with FC layers after the pooling
  'cnn.appd.lemma6-with-pooling.fc-layers',
];

describe('CNN local-minimum claims with the paper rays switched off', () => {
  let dir = '';
  const saved = process.env.SPURIOUS_PAPER_RAYS;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'spurious-rays-off-'));
    process.env.SPURIOUS_PAPER_RAYS = 'off';
  });
  afterAll(() => {
    if (saved === undefined) delete process.env.SPURIOUS_PAPER_RAYS;
    else process.env.SPURIOUS_PAPER_RAYS = saved;
    rmSync(dir, { recursive: true, force: true });
  });
  // kills: the generic search missing a descent the paper's rays find (reserved map, pooled map, deep kink hinge)
  for (const id of IDS)
    it(`${id}: same verdict from the generic search`, () => {
      const claim = claims.find((c) => c.id === id)!;
      expect(claim, id).toBeDefined();
      const r = runClaim(claim, { profile: profileFrom(), dir });
      expect(r.ok, r.summary).toBe(true);
      expect(r.verdict).toBe(claim.expected);
      if (claim.expected === 'refuted') {
        // found by the toolkit's search, and not by a paper ray
        expect(r.summary).toMatch(/toolkit/);
        expect(r.summary).not.toMatch(
          /reserved zero maps found no descent|Move only the reserved map|a hinge direction at the kinks of θ₁/,
        );
      }
    }, 300_000);
});
