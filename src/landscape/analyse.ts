/**
 * "Is θ a local minimum?" with the strongest answer the toolkit can give:
 *  PWL network + squared loss:
 *    inside a cell: lifted bound (one hidden layer) → pattern-class bound →
 *      second-order test; on a boundary: the adjacent-cell bound;
 *    then the exact descent search; then float probes (evidence only).
 *  otherwise (smooth activations or cross-entropy): float probes, `evidence`.
 */
import type { Fraction } from 'fraction.js';
import type { Dataset } from '../model/data.js';
import { activationPattern } from '../model/exact.js';
import type { Loss } from '../model/loss.js';
import type { Network } from '../model/network.js';
import { boundaryBound, liftedBound, patternClassBound, secondOrder } from './certificates.js';
import { descentSearch, type SearchOptions } from './descent.js';
import { floatProbes, type ProbeOptions } from './probes.js';
import { verdict, type Evidence, type Verdict } from './verdict.js';

export interface AnalyseOptions {
  search?: SearchOptions;
  probes?: ProbeOptions;
  /** skip float probes (e.g. when only exact answers matter) */
  noProbes?: boolean;
}

const QUESTION = 'is θ a local minimum of the risk?';

export function isExactCapable(net: Network, loss: Loss): boolean {
  return loss.kind === 'squared' && net.layers.every((l) => l.activation.kind === 'pwl');
}

function oneHiddenDense(net: Network): boolean {
  const [a, b] = net.layers;
  return net.layers.length === 2 && a.spec.kind === 'dense' && b.spec.kind === 'dense' && b.identity;
}

export function analyseLocalMin(net: Network, loss: Loss, theta: readonly Fraction[], data: Dataset, opts: AnalyseOptions = {}): Verdict {
  const gathered: Evidence[] = [];
  if (isExactCapable(net, loss)) {
    const pat = activationPattern(net, theta, data);
    if (pat.interior) {
      if (oneHiddenDense(net)) {
        const v = liftedBound(net, loss, theta, data);
        if (v.strength === 'proved') return v;
        gathered.push(v.evidence);
      }
      const a = patternClassBound(net, loss, theta, data);
      if (a.strength === 'proved') return a;
      gathered.push(a.evidence);
      const c = secondOrder(net, loss, theta, data);
      if (c.strength === 'proved' || c.strength === 'refuted') return { ...c, also: [...(c.also ?? []), ...gathered] };
      gathered.push(c.evidence);
    } else {
      const bb = boundaryBound(net, loss, theta, data);
      if (bb.strength === 'proved') return bb;
      gathered.push(bb.evidence);
    }
    const d = descentSearch(net, loss, theta, data, opts.search);
    if (d.strength === 'refuted') return { ...d, also: gathered };
    gathered.push(d.evidence);
  }
  if (opts.noProbes) {
    return verdict('inconclusive', QUESTION, 'no exact certificate or descent was found, and float probes were not run', gathered[0] ?? { kind: 'descent-search', tried: {}, kinks: [], note: 'nothing applicable' }, gathered.slice(1));
  }
  const p = floatProbes(net, loss, theta, data, opts.probes).evidence;
  const lower = p.minDeltaR < 0;
  const exact = isExactCapable(net, loss) ? 'no exact certificate or exactly confirmed descent was found; ' : '';
  return verdict(
    'evidence',
    QUESTION,
    lower
      ? `${exact}float probes found a point with lower risk (ΔR = ${p.minDeltaR.toExponential(3)} at radius ${p.minAt.radius.toExponential(2)}), which floats alone cannot certify`
      : `${exact}no float probe found lower risk (smallest ΔR = ${p.minDeltaR.toExponential(3)} over radii ${p.radii.join(', ')}, ${p.directionsPerRadius} directions each, ${p.gdStarts} descent runs)`,
    p,
    gathered,
    lower ? 'no' : 'yes',
  );
}
