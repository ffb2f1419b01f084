/**
 * Search for a parameter point with exactly lower risk than a given value:
 * float Adam from seeded random starts, then the coarsest dyadic rounding
 * (k/2^m, m = 0, 1, 2, ...) of the result whose EXACT risk is still lower.
 * The rounding keeps witnesses readable; the exact evaluation is the judge,
 * so a float artefact can never produce a witness.
 */
import fc from 'fast-check';
import { Fraction } from 'fraction.js';
import { dataTensors, type Dataset } from '../model/data.js';
import { exactRisk } from '../model/exact.js';
import type { Loss } from '../model/loss.js';
import type { Network } from '../model/network.js';
import { riskGradient } from '../model/passes.js';
import { floatBackend } from '../numeric/float-backend.js';
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

/** Adam on the float risk from one start; returns the final point. */
export function adam(
  net: Network,
  loss: Loss,
  data: Dataset,
  start: Float64Array,
  steps: number,
  lr: number,
): Float64Array {
  const be = floatBackend;
  const { X, Y } = dataTensors(be, net, data);
  const P = start.length;
  const th = start.slice(),
    m = new Float64Array(P),
    v = new Float64Array(P);
  const b1 = 0.9,
    b2 = 0.999,
    eps = 1e-12;
  for (let s = 1; s <= steps; s++) {
    const g = riskGradient(be, net, loss, be.fromNumbers(P, 1, th), X, Y).grad.data;
    for (let k = 0; k < P; k++) {
      m[k] = b1 * m[k] + (1 - b1) * g[k];
      v[k] = b2 * v[k] + (1 - b2) * g[k] * g[k];
      th[k] -= (lr * (m[k] / (1 - b1 ** s))) / (Math.sqrt(v[k] / (1 - b2 ** s)) + eps);
    }
    if (!th.every(Number.isFinite)) break;
  }
  return th;
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
