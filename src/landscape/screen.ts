/**
 * A float screen for candidate descent curves. The exact curve analysis
 * (tool 1, ./curve.ts) is the judge, but it is costly on wide nets (polynomial
 * arithmetic over every sample), so searches first evaluate the float risk
 * along θ + t·d + t²·d₂ at t = s·4^−k (k = 0..10, s = 1 / max|d|) and send to
 * the exact analysis only the candidates that go clearly below R(θ) at some
 * probed t, or stay within float noise of it at every t (flat, undecided in
 * floats), most promising first. A screen never produces a witness; it only
 * orders and skips work.
 */
import type { Fraction } from 'fraction.js';
import { dataTensors, type Dataset } from '../model/data.js';
import type { Loss } from '../model/loss.js';
import type { Network } from '../model/network.js';
import { risk } from '../model/passes.js';
import { floatBackend } from '../numeric/float-backend.js';
import { ratioToNumber } from '../numeric/rational.js';

const num = (x: Fraction) => ratioToNumber(x.s * x.n, x.d);

/** Relative float change below which a candidate counts as "not clearly ascending" (float noise of R is ~1e−16·R). */
export const SCREEN_TOLERANCE = 1e-12;

export interface FloatScreen {
  /** float R(θ) */
  readonly risk: number;
  /**
   * min over the probed t of (R(θ + t·d + t²·d₂) − R(θ)) / (1 + |R(θ)|), or +Infinity when no probe
   * went below −SCREEN_TOLERANCE and some probe was above +SCREEN_TOLERANCE (clearly ascending).
   */
  score(d: readonly Fraction[], d2?: readonly Fraction[]): number;
  /** the number of float risk evaluations so far */
  readonly evaluations: number;
}

export function floatScreen(net: Network, loss: Loss, theta: readonly Fraction[], data: Dataset): FloatScreen {
  const be = floatBackend;
  const { X, Y } = dataTensors(be, net, data);
  const th = theta.map(num);
  const P = th.length;
  const at = (v: Float64Array) => risk(be, net, loss, be.fromNumbers(P, 1, v), X, Y);
  const r0 = at(Float64Array.from(th));
  let evaluations = 1;
  const buf = new Float64Array(P);
  return {
    risk: r0,
    get evaluations() {
      return evaluations;
    },
    score(d, d2) {
      const dv = d.map(num),
        d2v = d2?.map(num);
      const m = Math.max(...dv.map(Math.abs), ...(d2v ?? []).map((x) => Math.sqrt(Math.abs(x))));
      if (!(m > 0)) return 0;
      let best = Infinity,
        above = false;
      for (let k = 0, t = 1 / m; k <= 10; k++, t /= 4) {
        for (let p = 0; p < P; p++) buf[p] = th[p] + t * dv[p] + (d2v ? t * t * d2v[p] : 0);
        const r = at(buf);
        evaluations++;
        if (!Number.isFinite(r)) continue;
        const rel = (r - r0) / (1 + Math.abs(r0));
        best = Math.min(best, rel);
        if (rel > SCREEN_TOLERANCE) above = true;
      }
      return above && best >= -SCREEN_TOLERANCE ? Infinity : best;
    },
  };
}
