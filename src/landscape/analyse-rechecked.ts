/**
 * analyseLocalMin (exact tools only, no float probes) with its proof or
 * descent re-checked independently by recheck once more, here, so that a
 * claim's verdict never rests on a proof that did not re-check (a failed
 * re-check is an internal error, never a verdict).
 */
import type { Fraction } from 'fraction.js';
import type { Dataset } from '../model/data.js';
import type { Loss } from '../model/loss.js';
import type { Network } from '../model/network.js';
import { analyseLocalMin } from './analyse.js';
import { recheck } from './recheck.js';

export function analyseRechecked(net: Network, loss: Loss, theta: readonly Fraction[], data: Dataset) {
  const verdict = analyseLocalMin(net, loss, theta, data, { noProbes: true });
  if (verdict.strength === 'refuted' || verdict.strength === 'proved') {
    const errs = recheck(verdict, net, loss, theta, data);
    if (errs.length)
      throw new Error(`internal: the toolkit's verdict failed its independent re-check: ${errs.join('; ')}`);
  }
  return verdict;
}
