// The CNN paper's Fig. 3 reproduction: the two claims (Fig. 3(a) refuted, Fig. 3(b) holds),
// and the report plots built from one instance.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { claimTests } from './helpers/claims.js';
import { fig3aCaption, fig3AroundThetaPrime } from '../src/claims/cnn/fig3.js';

claimTests('cnn.fig3.');

describe('Fig. 3 plots', () => {
  it('two panels (around θ and θ′), each with the direction envelope and the constructed direction, and a caption saying what it cannot show', () => {
    const v = fc
      .sample(fig3AroundThetaPrime.generate(), { seed: 1, numRuns: 20 })
      .find((x) => fig3AroundThetaPrime.detect(x) === null)!;
    const plots = fig3AroundThetaPrime.plots!(v);
    expect(plots).toHaveLength(2);
    for (const p of plots) {
      expect(p.series.map((s) => s.name).slice(0, 3)).toEqual(['lowest of 200', '5th percentile', 'median']);
      expect(p.series).toHaveLength(4);
      // every curve starts at R(θ) (α = 0 is the middle of the grid): R(θ′) = R(θ)
      for (const s of p.series) expect(Math.abs(s.y[20])).toBeLessThan(1e-12);
      expect(p.caption).toMatch(/cannot show/);
    }
    // around θ′ the lowest curve goes below R(θ) (the descent Fig. 3(b) reports)
    expect(Math.min(...plots[1].series[0].y)).toBeLessThan(0);
  }, 60_000);
});

describe('the Fig. 3(a) caption', () => {
  // kills: the old caption, which said "k of 200 … go below R(θ) … because θ is a saddle" for every k (also 0),
  // "each re-checked exactly" of float-only counts, and "a 85-parameter"
  it.each([0, 1, 7, 200])('says what %i lower directions mean', (k) => {
    for (const saddleRay of [true, false])
      for (const confirmed of k === 0 ? [null] : [null, 3]) {
        const c = fig3aCaption({ params: 85, images: 3, lowerDirections: k, confirmed, saddleRay });
        expect(c).toMatch(/^Fig\. 3\(a\) reproduced on an 85-parameter CNN \(3 synthetic one-row images\)\./);
        if (k === 0) {
          expect(c).toContain('none of the 200 random directions gives a risk below R(θ)');
          expect(c).not.toMatch(/\b0 of 200/);
        } else
          expect(c).toContain(`${k} of 200 random directions ${k === 1 ? 'gives' : 'give'} a float risk below R(θ)`);
        // a saddle is claimed only with the exact ray, and never as the reason for a count
        expect(c.includes('θ is a saddle')).toBe(saddleRay);
        expect(c).not.toContain('because θ is a saddle');
        expect(c.includes('re-checked exactly and stands')).toBe(confirmed !== null);
        expect(c).toMatch(/cannot show/);
      }
  });
  it('numbers and articles agree', () => {
    expect(fig3aCaption({ params: 100, images: 1, lowerDirections: 0, confirmed: null, saddleRay: false })).toMatch(
      /on a 100-parameter CNN \(1 synthetic one-row image\)/,
    );
  });
});
