/**
 * Search for a parameter point with exactly lower risk than a given value:
 * float Adam from seeded random starts, then the coarsest dyadic rounding
 * (k/2^m, m = 0, 1, 2, ...) of the result whose EXACT risk is still lower.
 * The rounding keeps witnesses readable; the exact evaluation is the judge,
 * so a float artefact can never produce a witness.
 */
import fc from 'fast-check';
import { adam } from './optimise.js';
import { Fraction } from 'fraction.js';
import type { Dataset } from '../model/data.js';
import { exactRisk } from '../model/exact.js';
import type { Loss } from '../model/loss.js';
import type { Network } from '../model/network.js';
import { recheckLowerPoint, selfCheckEnabled } from './recheck.js';

export interface LowerSearchOptions {
  seed?: number;
  starts?: number;
  steps?: number;
  learningRate?: number;
  /** scale of the random starting points */
  initScale?: number;
}

export interface LowerPoint {
  theta: Fraction[];
  risk: Fraction;
  start: number;
}

function roundDyadic(x: number, m: number): Fraction {
  const s = 2 ** m;
  return new Fraction(BigInt(Math.round(x * s)), 1n << BigInt(m));
}

export function searchLowerPoint(
  net: Network,
  loss: Loss,
  data: Dataset,
  below: Fraction,
  opts: LowerSearchOptions = {},
): LowerPoint | null {
  const { seed = 1, starts = 6, steps = 300, learningRate = 0.05, initScale = 1 } = opts;
  const P = net.paramCount;
  if (P === 0) return null;
  const inits = fc.sample(
    fc.array(fc.double({ min: -initScale, max: initScale, noNaN: true }), { minLength: P, maxLength: P }),
    { seed, numRuns: starts },
  );
  for (const [i, init] of inits.entries()) {
    const th = adam(net, loss, data, Float64Array.from(init), steps, learningRate);
    if (!th.every(Number.isFinite)) continue;
    for (let mexp = 0; mexp <= 12; mexp++) {
      const cand = Array.from(th, (x) => roundDyadic(x, mexp));
      const r = exactRisk(net, loss, cand, data);
      if (r.compare(below) < 0) {
        const found = { theta: cand, risk: r, start: i };
        const errs = selfCheckEnabled() ? recheckLowerPoint(net, loss, data, found, below) : [];
        if (errs.length) throw new Error(`internal: a lower point failed its re-check: ${errs.join('; ')}`);
        return found;
      }
    }
  }
  return null;
}
