// The CNN paper's Fig. 3 reproduction: the two claims (Fig. 3(a) refuted, Fig. 3(b) holds),
// and the report plots built from one instance.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { claimTests } from './helpers/claims.js';
import { fig3AroundThetaPrime } from '../src/claims/cnn/fig3.js';

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
