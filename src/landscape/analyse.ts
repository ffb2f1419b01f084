/**
 * "Is θ a local minimum?" with the strongest answer the toolkit can give:
 *  PWL network + squared loss:
 *    first, global lower bounds (duplicate inputs; for convolutional nets the
 *      architecture bound): R(θ) attaining one proves a global, so local, minimum;
 *    inside a cell: lifted bound (one hidden layer) → pattern-class bound →
 *      second-order test → (critical, Hessian PSD and singular) the flat-family
 *      certificate or a higher-order descent along a null direction → descent
 *      search (cell already examined);
 *    on a boundary: a cheap descent search (no adjacent-cell enumeration) →
 *      the adjacent-cell bound → (one hidden layer, one output) the KKT
 *      certificate on the adjacent closed cells → the full descent search;
 *    then float probes; a probe's lower point is handed to tool 1 for an exact
 *    decision along the segment to it.
 *  polynomial (or mixed PWL/polynomial) network + squared loss: the cell bounds
 *    are for PWL nets only, so inside a cell: second-order test → descent
 *    search; on a boundary: the descent search; then float probes as above.
 *  otherwise (smooth activations or cross-entropy): float probes, `evidence`.
 */
import { Fraction } from 'fraction.js';
import type { Dataset } from '../model/data.js';
import { activationPattern, exactRisk } from '../model/exact.js';
import type { Loss } from '../model/loss.js';
import { nonPolynomialLayer, nonPwlLayer, type Network } from '../model/network.js';
import { rational } from '../numeric/rational.js';
import { boundaryKkt } from './boundary-kkt.js';
import { boundaryBound, liftedBound, patternClassBound, secondOrder } from './certificates.js';
import { descentAlong, rayCurve } from './curve.js';
import { duplicateInputsBound, globalMinimum } from './global-bounds.js';
import { degenerateMinimum, type DegenerateOptions } from './degenerate.js';
import { descentSearch, type SearchOptions } from './descent.js';
import { certify } from './recheck.js';
import { floatProbes, type ProbeOptions } from './probes.js';
import { verdict, type Evidence, type Verdict } from './verdict.js';

export interface AnalyseOptions {
  search?: SearchOptions;
  probes?: ProbeOptions;
  /** skip float probes (e.g. when only exact answers matter) */
  noProbes?: boolean;
  degenerate?: DegenerateOptions;
}

const QUESTION = 'is θ a local minimum of the risk?';

/** Squared loss and piecewise-linear or polynomial activations: the risk is piecewise polynomial, decided exactly. */
export function isExactCapable(net: Network, loss: Loss): boolean {
  return loss.kind === 'squared' && nonPolynomialLayer(net) === null;
}

function oneHiddenDense(net: Network): boolean {
  const [a, b] = net.layers;
  return net.layers.length === 2 && a.spec.kind === 'dense' && b.spec.kind === 'dense' && b.identity;
}

export function analyseLocalMin(
  net: Network,
  loss: Loss,
  theta: readonly Fraction[],
  data: Dataset,
  opts: AnalyseOptions = {},
): Verdict {
  const gathered: Evidence[] = [];
  const exact = isExactCapable(net, loss);
  // the cell bounds (lifted, pattern class, adjacent cells, boundary KKT) hold for PWL networks only
  const pwlOnly = exact && nonPwlLayer(net) === null;
  if (exact) {
    // a global minimum is a local one: data-only and architecture-only lower bounds first (cheap)
    const conv = net.layers.some((l) => l.spec.kind === 'conv1d' || l.spec.kind === 'conv2d');
    if (conv || exactRisk(net, loss, theta, data).equals(duplicateInputsBound(data, loss))) {
      const g = globalMinimum(net, loss, theta, data);
      if (g.strength === 'proved')
        return certify(
          verdict('proved', QUESTION, `${g.summary}; so it is a local minimum too`, g.evidence),
          net,
          loss,
          theta,
          data,
        );
    }
    const pat = activationPattern(net, theta, data);
    if (pat.interior) {
      if (pwlOnly && oneHiddenDense(net)) {
        const v = liftedBound(net, loss, theta, data);
        if (v.strength === 'proved') return v;
        gathered.push(v.evidence);
      }
      if (pwlOnly) {
        const a = patternClassBound(net, loss, theta, data);
        if (a.strength === 'proved') return a;
        gathered.push(a.evidence);
      }
      const c = secondOrder(net, loss, theta, data);
      if (c.strength === 'proved' || c.strength === 'refuted') return { ...c, also: [...(c.also ?? []), ...gathered] };
      gathered.push(c.evidence);
      if (c.strength === 'evidence') {
        // critical with a PSD Hessian: exhibit the null directions as a family of critical points
        const f = degenerateMinimum(net, loss, theta, data, opts.degenerate);
        if (f.strength === 'proved' || f.strength === 'refuted')
          return { ...f, also: [...(f.also ?? []), ...gathered] };
        gathered.push(f.evidence);
      }
      const d = descentSearch(net, loss, theta, data, { ...opts.search, skipCell: true });
      if (d.strength === 'refuted') return { ...d, also: gathered };
      gathered.push(d.evidence);
    } else {
      // cheap first: the exponential enumerations only if nothing simple descends
      const quick = descentSearch(net, loss, theta, data, { ...opts.search, maxKinks: 0 });
      if (quick.strength === 'refuted') return quick;
      if (pwlOnly) {
        const bb = boundaryBound(net, loss, theta, data);
        if (bb.strength === 'proved') return bb;
        gathered.push(bb.evidence);
      }
      if (pwlOnly && oneHiddenDense(net) && net.outputDim === 1) {
        // non-differentiable minima: KKT on every adjacent closed cell, in the lifted variables
        const kkt = boundaryKkt(net, loss, theta, data);
        if (kkt.strength === 'proved') return { ...kkt, also: gathered };
        gathered.push(kkt.evidence);
      }
      const d = descentSearch(net, loss, theta, data, { ...opts.search, randomDirections: 0, bilinearPerUnit: 0 });
      if (d.strength === 'refuted') return { ...d, also: gathered };
      gathered.push(quick.evidence);
    }
  }
  if (opts.noProbes) {
    return verdict(
      'inconclusive',
      QUESTION,
      'no exact certificate or descent was found, and float probes were not run',
      gathered[0] ?? { kind: 'descent-search', tried: {}, kinks: [], note: 'nothing applicable' },
      gathered.slice(1),
    );
  }
  const pr = floatProbes(net, loss, theta, data, opts.probes);
  const p = pr.evidence;
  const lower = p.minDeltaR < -p.noiseTolerance;
  if (lower && exact) {
    // exact decision along the segment to the probe's point
    const d = Array.from(pr.best, (x, k) => rational.fromNumber(x).sub(theta[k]));
    const e = descentAlong(net, loss, data, rayCurve(theta, d), 'probe');
    if (e)
      return certify(
        verdict(
          'refuted',
          QUESTION,
          `a float probe pointed the way; exactly along it R = ${e.riskAtT} < ${e.risk} at t = ${e.t}`,
          e,
          [...gathered, p],
        ),
        net,
        loss,
        theta,
        data,
      );
  }
  const exactNote = exact ? 'no exact certificate or exactly confirmed descent was found; ' : '';
  return verdict(
    'evidence',
    QUESTION,
    lower
      ? `${exactNote}float probes found a point with lower risk (ΔR = ${p.minDeltaR.toExponential(3)} within radius ${p.minAt.radius.toExponential(2)})${exact ? ', but the segment to it does not descend from θ exactly' : ', which floats alone cannot certify'}`
      : `${exactNote}no float probe found lower risk beyond rounding (smallest ΔR = ${p.minDeltaR.toExponential(3)}, tolerance ${p.noiseTolerance.toExponential(1)}, radii ${p.radii.join(', ')}, ${p.directionsPerRadius} directions each, ${p.gdStarts} descent runs)`,
    p,
    gathered,
    lower ? 'no' : 'yes',
  );
}
