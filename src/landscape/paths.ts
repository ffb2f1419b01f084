/**
 * Tool 5: equal-risk and constant-path checks, exact.
 *
 * Constant path: R(θ(t)) is constant on [a, b] if the activation pattern is
 * provably constant on (a, b), i.e. no margin polynomial z(t) − t_k has a root
 * inside (Sturm), and on that piece the risk polynomial has no non-constant
 * term. Continuity extends the equality to the closed interval.
 */
import { Fraction } from 'fraction.js';
import * as P from '../linalg/polynomial.js';
import type { RatLike } from '../model/activation.js';
import { dataTensors, type Dataset } from '../model/data.js';
import { exactOutputs, exactRisk } from '../model/exact.js';
import { evalLoss, type Loss } from '../model/loss.js';
import type { Network } from '../model/network.js';
import { forward, poolGaps } from '../model/passes.js';
import { curveAt, type Curve } from './curve.js';
import { germBackend } from './germ.js';
import { verdict, type ConstantPathEvidence, type EqualRiskEvidence, type Verdict } from './verdict.js';

const s = (x: Fraction) => x.toFraction();

/**
 * R(θA) = R(θB) exactly (networks may differ, e.g. a network and its
 * reparametrisation). With `outputs: true` the stronger per-sample output
 * equality is required too.
 */
export function equalRisk(
  a: { net: Network; theta: readonly RatLike[] },
  b: { net: Network; theta: readonly RatLike[] },
  loss: Loss,
  data: Dataset,
  opts: { outputs?: boolean } = {},
): Verdict<EqualRiskEvidence> {
  const ra = exactRisk(a.net, loss, a.theta, data),
    rb = exactRisk(b.net, loss, b.theta, data);
  const oa = exactOutputs(a.net, a.theta, data),
    ob = exactOutputs(b.net, b.theta, data);
  let firstDifference: EqualRiskEvidence['firstDifference'];
  outer: for (let i = 0; i < oa.length; i++)
    for (let j = 0; j < oa[i].length; j++)
      if (!oa[i][j].equals(ob[i][j])) {
        firstDifference = { sample: i, output: j, a: s(oa[i][j]), b: s(ob[i][j]) };
        break outer;
      }
  const ev: EqualRiskEvidence = {
    kind: 'equal-risk',
    riskA: s(ra),
    riskB: s(rb),
    outputsEqual: !firstDifference,
    ...(firstDifference ? { firstDifference } : {}),
  };
  const q = opts.outputs
    ? 'do the two points give identical outputs on every sample?'
    : 'do the two points have equal risk?';
  if (opts.outputs) {
    return firstDifference
      ? verdict(
          'refuted',
          q,
          `outputs differ on sample ${firstDifference.sample + 1}, output ${firstDifference.output + 1}: ${firstDifference.a} vs ${firstDifference.b}`,
          ev,
        )
      : verdict('proved', q, `identical outputs on all ${oa.length} samples (risk ${s(ra)})`, ev);
  }
  return ra.equals(rb)
    ? verdict('proved', q, `R = ${s(ra)} at both points`, ev)
    : verdict('refuted', q, `R = ${s(ra)} vs ${s(rb)}`, ev);
}

/** Is R(θ(t)) constant for t in [a, b]? Exact; `inconclusive` when the pattern cannot be shown constant on (a, b). */
export function constantAlongPath(
  net: Network,
  loss: Loss,
  data: Dataset,
  curve: Curve,
  a: Fraction,
  b: Fraction,
): Verdict<ConstantPathEvidence> {
  if (loss.kind !== 'squared') throw new TypeError('the exact constant-path check needs the squared loss');
  if (a.compare(b) >= 0) throw new RangeError(`the interval [${s(a)}, ${s(b)}] is empty or a single point`);
  if (curve.length !== net.paramCount)
    throw new RangeError(`the curve has ${curve.length} coordinates but the network has ${net.paramCount} parameters`);
  const question = `is the risk constant along θ(t) for t in [${s(a)}, ${s(b)}]?`;
  const mid = a.add(b).div(2);
  // Re-centre at the midpoint: c(u) = θ(mid + u), u in [a − mid, b − mid].
  const shifted = curve.map((p) => P.shift(p, mid));
  const lo = a.sub(mid),
    hi = b.sub(mid);
  const be = germBackend;
  const { X, Y } = dataTensors(be, net, data);
  const tr = forward(be, net, be.fromScalars(net.paramCount, 1, shifted), X);
  const base: ConstantPathEvidence = {
    kind: 'constant-path',
    interval: [s(a), s(b)],
    curve: curve.map(P.polyToStrings),
    riskPolynomial: [],
    marginsChecked: 0,
  };
  for (const lt of tr.layers) {
    if (lt.pool) {
      // max pooling: every gap between the selected entry and another must keep its sign on (lo, hi)
      const { size, windows } = lt.layer.maxPool!;
      const N = lt.input.cols;
      const gaps = be.toScalars(poolGaps(be, lt));
      for (let g = 0; g < gaps.length; g++) {
        const m = gaps[g];
        if (m.length === 0) continue; // equal along the whole path: the same value either way
        base.marginsChecked++;
        const inside = P.countRoots(m, lo, hi) - (P.evaluate(m, hi).n === 0n ? 1 : 0);
        if (inside > 0 || P.evaluate(m, new Fraction(0)).n === 0n) {
          const e = Math.floor(g / size),
            u = Math.floor(e / N),
            i = e % N;
          const other = windows[u * size + (g % size)];
          base.patternChange = { layer: lt.layer.number, unit: u, sample: i, breakpoint: '0', tiedWith: other };
          return verdict(
            'inconclusive',
            question,
            `the max-pooling output of layer ${lt.layer.number}, unit ${u + 1}, sample ${i + 1} may be reached by input unit ${other + 1} inside the interval, so the selection may change there; split the interval`,
            base,
          );
        }
      }
      continue;
    }
    const act = lt.layer.activation;
    if (act.kind !== 'pwl' || !lt.act) continue;
    const { rows, cols } = lt.pre;
    for (let u = 0; u < rows; u++)
      for (let i = 0; i < cols; i++) {
        const z = be.get(lt.pre, u, i);
        for (const t of act.breakpoints) {
          const m = P.sub(z, P.constant(t));
          if (m.length === 0) continue; // identically on the breakpoint: same value on both pieces
          base.marginsChecked++;
          // roots in the open interval (lo, hi)
          const inside = P.countRoots(m, lo, hi) - (P.evaluate(m, hi).n === 0n ? 1 : 0);
          if (inside > 0 || P.evaluate(m, new Fraction(0)).n === 0n) {
            base.patternChange = { layer: lt.layer.number, unit: u, sample: i, breakpoint: s(t) };
            return verdict(
              'inconclusive',
              question,
              `the pre-activation of layer ${lt.layer.number}, unit ${u + 1}, sample ${i + 1} reaches the breakpoint ${s(t)} inside the interval, so the pattern may change there; split the interval`,
              base,
            );
          }
        }
      }
  }
  const Rpoly = evalLoss(be, loss, tr.output, Y).risk; // in u, valid on (lo, hi)
  base.riskPolynomial = P.polyToStrings(P.shift(Rpoly, mid.neg())); // back in t
  if (Rpoly.length <= 1)
    return verdict(
      'proved',
      question,
      `the pattern is constant on the interval and R(θ(t)) = ${s(P.coeff(Rpoly, 0))} there`,
      base,
    );
  // Not constant: exhibit a rational t where R differs from R(θ(a)), by direct evaluation.
  const r0 = exactRisk(net, loss, curveAt(curve, a), data);
  const deg = Rpoly.length - 1;
  for (let k = 1; k <= deg + 2; k++) {
    const t = a.add(b.sub(a).mul(new Fraction(k, deg + 3)));
    const r = exactRisk(net, loss, curveAt(curve, t), data);
    if (!r.equals(r0)) {
      base.counterexample = { t: s(t), risk: s(r), riskAtStart: s(r0) };
      return verdict('refuted', question, `R(θ(${s(t)})) = ${s(r)} ≠ R(θ(${s(a)})) = ${s(r0)}`, base);
    }
  }
  throw new Error('internal: a non-constant risk polynomial took one value at deg + 2 points');
}

export function ratPath(theta: readonly RatLike[], coefficients: readonly (readonly RatLike[])[]): Curve {
  return theta.map((x, k) =>
    P.poly([
      x as Fraction | string | number | bigint,
      ...coefficients.map((c) => c[k] as Fraction | string | number | bigint),
    ]),
  );
}
