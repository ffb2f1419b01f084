/**
 * "θ is a local minimum" for the Lemma 6 points, on either variant: decided
 * exactly (the reserved-map rays of note §5h, then the toolkit's descent
 * search), and the check of our repair (reserved maps strictly off).
 */
import type { Fraction } from 'fraction.js';
import { analyseLocalMin } from '../../landscape/analyse.js';
import { analyseCurve, descentAlong, rayCurve } from '../../landscape/curve.js';
import { descentSearch } from '../../landscape/descent.js';
import type { DescentEvidence } from '../../landscape/verdict.js';
import * as Poly from '../../linalg/polynomial.js';
import type { Dataset } from '../../model/data.js';
import { activationPattern, exactOutputs } from '../../model/exact.js';
import type { Network } from '../../model/network.js';
import { paramName } from '../../model/param-name.js';
import {
  findReservedDescent,
  halfMse,
  PLAIN,
  poolWindows,
  type CnnParams,
  type CnnShape,
  type CnnVariant,
  type ReservedDescent,
} from '../../papers/cnn/index.js';
import { encQ, encQs } from '../codec.js';
import { asJson, fromVerdict, proved, refuted, supported } from '../define.js';
import type { Outcome } from '../types.js';
import type { GenuineInstance } from './instances.js';
import { genuineSetup, repairedSetup } from './instances.js';
import { vec } from './parts.js';
import { firstOutputDifference } from './theta-prime.js';

const ceText = (c: Fraction[][]) => c.map((r, ch) => `ch${ch + 1}(${r.map(encQ).join(', ')})`).join(' ');

/**
 * Whether the claims may use the paper's own descent rays (the §5h reserved-map
 * rays, Theorem 3's kink hinges) before the toolkit's generic descent search.
 * SPURIOUS_PAPER_RAYS=off switches them off, so a test can show that the
 * generic search alone decides the same verdicts.
 */
export function paperRaysOn(): boolean {
  return (process.env.SPURIOUS_PAPER_RAYS ?? '').trim().toLowerCase() !== 'off';
}

/** How the reserved ray moves the FC weight, and what g_i is, in the words of each variant. */
function reservedWords(sd: ReservedDescent, s: CnnShape, variant: CnnVariant): string {
  const sign = sd.F.s < 0n ? '+' : '−';
  if (variant.pool === 1)
    return `the FC weight W^L(${sd.k + 1}, map 1, position ${sd.q + 1}) := ${sign}ε. Then g_i = σ(c·z_i − τ) = ${vec(sd.g)}`;
  const positions = poolWindows(s, variant)[sd.q];
  const window = positions.map((p) => `σ(c·z_i^{${p + 1}} − τ)`);
  const mean = positions.length === 2 ? '½' : positions.length === 4 ? '¼' : `(1/${positions.length})`;
  return `the FC weight on pooled position ${sd.q + 1} of L−1 map 1 (which copies L−2 map 1) := ${sign}ε (output ${sd.k + 1}). The pooled reserved values are g_i = ${mean}(${window.join(' + ')}) = ${vec(sd.g)} (z_i^p: the L−3 patch at position p)`;
}

/**
 * "θ is a local minimum", decided exactly: first the §5h rays through the
 * reserved L−2 map 1 (filter × FC weight, computed from the instance), then
 * the toolkit's descent search (bilinear per unit, random); each candidate
 * confirmed by the exact curve analysis (descentAlong). No descent found: ok with
 * 'evidence'. `reservedRays: false` skips the first step (tests of the fallback wording).
 */
export function decideLocalMin(
  net: Network,
  s: CnnShape,
  params: CnnParams,
  theta: Fraction[],
  data: Dataset,
  what: string,
  o: { reservedRays?: boolean; variant?: CnnVariant } = {},
): Outcome {
  const variant = o.variant ?? PLAIN;
  const rays = o.reservedRays ?? paperRaysOn();
  const sd = rays ? findReservedDescent(net, s, params, data, variant) : null;
  if (sd) {
    const an = analyseCurve(net, halfMse, data, rayCurve(theta, sd.direction));
    const same =
      an.riskPolynomial.length === sd.predicted.length && an.riskPolynomial.every((c, i) => c.equals(sd.predicted[i]));
    const e = descentAlong(net, halfMse, data, rayCurve(theta, sd.direction), 'bilinear');
    if (e && same) {
      const N = data.inputs.length;
      const tag = variant.pool === 1 ? 'p' : 'q';
      return refuted(
        what,
        `θ is a saddle. Move only the reserved map: L−2 map 1 filter := ε·c with c = ${ceText(sd.c)} (${sd.how}), its bias := −ε·${encQ(sd.tau)}, and ${reservedWords(sd, s, variant)} and F = Σ u_i g_i = ${encQ(sd.F)}, so exactly R(θ + ε·d) = ${Poly.polyToString(an.riskPolynomial, 'ε')} (= R − (|F|/N)ε² + (Σg²/2N)ε⁴, N = ${N}); at ε = ${e.t}: R = ${e.riskAtT} < R(θ) = ${e.risk}.`,
        {
          reserved: {
            k: sd.k + 1,
            [tag]: sd.q + 1,
            c: sd.c.map(encQs),
            tau: encQ(sd.tau),
            F: encQ(sd.F),
            g: encQs(sd.g),
          },
          descent: asJson(e),
        },
      );
    }
  }
  const d = descentSearch(net, halfMse, theta, data, { maxKinks: 0, randomDirections: 8, bilinearPerUnit: 2 });
  if (d.strength !== 'refuted') return supported();
  const e = d.evidence as DescentEvidence;
  const moved = e.curve.map((c, p) => ({ p, c })).filter(({ c }) => c.slice(1).some((x) => x !== '0'));
  const words = moved
    .slice(0, 6)
    .map(
      ({ p, c }) =>
        `${paramName(net, p)} ${c[0]} → ${c[0]} + ${c
          .slice(1)
          .map((x, i) => `(${x})·t${i ? `^${i + 1}` : ''}`)
          .join(' + ')}`,
    )
    .join('; ');
  return refuted(
    what,
    `θ is not a local minimum (${!rays ? 'reserved-map rays not tried' : 'the rays through the reserved zero maps found no descent'}; the toolkit's exact search did, along a ${e.method} direction). Moving ${moved.length} parameter(s) — ${words}${moved.length > 6 ? ' …' : ''} — the risk on the piece that holds for small t > 0 is R(t) = ${e.riskPolynomial.map((c, i) => `${c}·t^${i}`).join(' + ')}; its order-${e.order} coefficient ${e.leadingCoefficient} < 0, and exactly R(t = ${e.t}) = ${e.riskAtT} < R(θ) = ${e.risk}.`,
    asJson(d.evidence as object),
  );
}

/** decideLocalMin at the Lemma 6 point θ of a genuine instance; `what` says the claim, given R(θ). */
export function genuineLocalMin(
  v: GenuineInstance,
  what: (risk: string) => string,
  variant: CnnVariant = PLAIN,
): Outcome {
  const st = genuineSetup(v, variant);
  return decideLocalMin(st.net, st.s, st.params, st.theta, v.data, what(encQ(st.risk)), { variant });
}

/** The repair changes no output and leaves θ strictly inside one activation cell: null, else the failure. */
export function repairFailure(v: GenuineInstance, variant: CnnVariant = PLAIN): Outcome | null {
  const st = repairedSetup(v, variant);
  const d = firstOutputDifference(exactOutputs(st.net, st.theta, v.data), exactOutputs(st.net, st.rep.theta, v.data));
  if (d)
    return refuted(
      'the repair (bias −1 on maps that output 0) changes no output',
      `sample ${d.i + 1}, output ${d.k + 1}: ${encQ(d.a)} at θ, ${encQ(d.b)} after the repair`,
    );
  if (!activationPattern(st.net, st.rep.theta, v.data).interior)
    return refuted(
      'after the repair no pre-activation is exactly 0 (θ is strictly inside one activation cell)',
      'some pre-activation is still exactly 0',
    );
  return null;
}

/** Our repair of a genuine instance is a local minimum of the whole network (proved by the toolkit). */
export function repairedLocalMin(v: GenuineInstance, variant: CnnVariant = PLAIN): Outcome {
  const bad = repairFailure(v, variant);
  if (bad) return bad;
  const st = repairedSetup(v, variant);
  const lm = analyseLocalMin(st.net, halfMse, st.rep.theta, v.data, { noProbes: true });
  return lm.strength === 'proved'
    ? proved()
    : fromVerdict(lm, `the repaired θ is a local minimum of the whole${variant.pool === 1 ? '' : ' pooled'} network`);
}
