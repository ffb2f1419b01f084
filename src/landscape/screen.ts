/**
 * A float screen for candidate descent curves. The exact curve analysis
 * (tool 1, ./curve.ts) is the judge, but it is costly on wide nets (polynomial
 * arithmetic over every sample), so searches first evaluate the float risk
 * along θ + t·d + t²·d₂ at t = s·4^−k (k = 0..10, s = 1 / max|d|) and send to
 * the exact analysis only the candidates that go below R(θ) by more than the
 * float noise at some probed t, or stay within that noise at every t (flat,
 * undecided in floats), most promising first. The squared loss only (as the
 * exact analysis). A screen never produces a witness; it only
 * orders and skips work.
 */
import type { Fraction } from 'fraction.js';
import { dataTensors, type Dataset } from '../model/data.js';
import { exactOutputs } from '../model/exact.js';
import { squaredRiskFactor, type Loss } from '../model/loss.js';
import type { Network } from '../model/network.js';
import { predict } from '../model/passes.js';
import { floatBackend } from '../numeric/float-backend.js';
import { float64 } from '../numeric/float64.js';
import { ratioToNumber } from '../numeric/rational.js';

const num = (x: Fraction) => ratioToNumber(x.s * x.n, x.d);

/**
 * Float noise allowance per unit of |Δŷ|·|Δŷ + 2r|: the outputs' change Δŷ is a difference of two
 * float forward passes, each accurate to a few hundred ulps of |ŷ| on the nets searched here.
 */
const NOISE = 1e-13;

export interface FloatScreen {
  /**
   * The smallest relative change (R(θ + t·d + t²·d₂) − R(θ)) / R(θ) over the probed t (−Infinity
   * when R(θ) = 0 and a probe went lower, which cannot happen), or +Infinity when the candidate is
   * clearly ascending: no probe went below R(θ) by more than its float noise and some probe went
   * above by more than it. Flat candidates (every probe within noise) score about 0.
   */
  score(d: readonly Fraction[], d2?: readonly Fraction[]): number;
  /** the number of float forward passes so far */
  readonly evaluations: number;
}

/**
 * For the squared loss ΔR = c·Σ Δŷ·(Δŷ + 2r) with r = ŷ(θ) − y taken from the EXACT outputs, so the
 * change is resolved even when the residuals are tiny (no cancellation against R(θ)); the noise
 * allowance of each probe is c·Σ NOISE·(|ŷ(t)| + |ŷ(θ)|)·|Δŷ + 2r|.
 */
export function floatScreen(net: Network, loss: Loss, theta: readonly Fraction[], data: Dataset): FloatScreen {
  const be = floatBackend;
  const { X } = dataTensors(be, net, data);
  const th = theta.map(num);
  const P = th.length;
  const c = squaredRiskFactor(float64, loss, data.inputs.length);
  const exact = exactOutputs(net, theta, data);
  // outputs × N, like the passes
  const dY = net.outputDim,
    N = data.inputs.length;
  const r = new Float64Array(dY * N);
  for (let i = 0; i < N; i++) for (let o = 0; o < dY; o++) r[o * N + i] = num(exact[i][o].sub(data.targets[i][o]));
  const at = (v: Float64Array) => predict(be, net, be.fromNumbers(P, 1, v), X).data;
  const y0 = at(Float64Array.from(th));
  let R0 = 0;
  for (const x of r) R0 += c * x * x;
  let evaluations = 1;
  const buf = new Float64Array(P);
  return {
    get evaluations() {
      return evaluations;
    },
    score(d, d2) {
      const dv = d.map(num),
        d2v = d2?.map(num);
      const m = Math.max(...dv.map(Math.abs), ...(d2v ?? []).map((x) => Math.sqrt(Math.abs(x))));
      if (!(m > 0)) return 0;
      let best = Infinity,
        above = false,
        below = false;
      for (let k = 0, t = 1 / m; k <= 10; k++, t /= 4) {
        for (let p = 0; p < P; p++) buf[p] = th[p] + t * dv[p] + (d2v ? t * t * d2v[p] : 0);
        const y = at(buf);
        evaluations++;
        let dR = 0,
          noise = 0;
        for (let e = 0; e < y.length; e++) {
          const dy = y[e] - y0[e];
          dR += dy * (dy + 2 * r[e]);
          noise += NOISE * (Math.abs(y[e]) + Math.abs(y0[e])) * Math.abs(dy + 2 * r[e]);
        }
        dR *= c;
        noise *= c;
        if (!Number.isFinite(dR)) continue;
        if (dR < -noise) below = true;
        if (dR > noise) above = true;
        best = Math.min(best, R0 > 0 ? dR / R0 : dR);
      }
      return above && !below ? Infinity : best;
    },
  };
}
