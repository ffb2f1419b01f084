/**
 * Ding, Li & Sun (2019): the landscape toolkit's exact answer at a point of
 * the paper's nets, its proof or descent re-checked independently (a failed
 * re-check is an internal error, never a verdict). Shared by the claims that
 * decide generated points.
 */
import type { Fraction } from 'fraction.js';
import { analyseLocalMin } from '../../landscape/analyse.js';
import { recheck } from '../../landscape/recheck.js';
import type { Dataset } from '../../model/data.js';
import type { Network } from '../../model/network.js';
import { sse } from './paper.js';

export function analyseRechecked(net: Network, theta: readonly Fraction[], data: Dataset) {
  const verdict = analyseLocalMin(net, sse, theta, data, { noProbes: true });
  if (verdict.strength === 'refuted' || verdict.strength === 'proved') {
    const errs = recheck(verdict, net, sse, theta, data);
    if (errs.length)
      throw new Error(`internal: the toolkit's verdict failed its independent re-check: ${errs.join('; ')}`);
  }
  return verdict;
}
