/**
 * Checks shared by He et al.'s claims: the toolkit's local-minimum decision,
 * the first entry where two output tables differ, the first pre-activation
 * that is not positive, a failure whose strength follows the toolkit's
 * verdict, and the "inputs coincide" detector.
 */
import type { Fraction } from 'fraction.js';
import { analyseLocalMin } from '../../landscape/analyse.js';
import type { Verdict } from '../../landscape/verdict.js';
import type { Dataset } from '../../model/data.js';
import type { Network } from '../../model/network.js';
import { mse } from '../../papers/he2020/index.js';
import { fromVerdict, refuted, unsupported } from '../define.js';
import type { Json, Outcome } from '../types.js';

/** Holds when the toolkit proves θ a local minimum of the squared-loss risk (exact certificates, no float probes). */
export function localMin(net: Network, theta: readonly Fraction[], data: Dataset, claimed: string): Outcome {
  return fromVerdict(analyseLocalMin(net, mse, theta, data, { noProbes: true }), claimed);
}

/** The first (sample i, output k), samples first, where out[i][k] differs from want(i, k); null if none. */
export function firstMismatch(
  out: readonly (readonly Fraction[])[],
  want: (i: number, k: number) => Fraction,
): { i: number; k: number; got: Fraction; want: Fraction } | null {
  for (let i = 0; i < out.length; i++)
    for (let k = 0; k < out[i].length; k++) {
      const w = want(i, k);
      if (!out[i][k].equals(w)) return { i, k, got: out[i][k], want: w };
    }
  return null;
}

/** The first (unit u, sample i), units first, whose pre-activation z = pre[u][i] is ≤ 0; null if all are positive. */
export function firstNonPositive(pre: readonly (readonly Fraction[])[]): { u: number; i: number; z: Fraction } | null {
  for (let u = 0; u < pre.length; u++)
    for (let i = 0; i < pre[u].length; i++) if (pre[u][i].compare(0) <= 0) return { u, i, z: pre[u][i] };
  return null;
}

/** A failure that is an exact refutation when the toolkit refuted, and float-only evidence otherwise. */
export function verdictFailure(v: Verdict, claimed: string, computed: string, evidence: Json = null): Outcome {
  return v.strength === 'refuted' ? refuted(claimed, computed, evidence) : unsupported(claimed, computed, evidence);
}

/** Whether two samples share an input. */
export function inputsCoincide(data: Dataset): boolean {
  return new Set(data.inputs.map((x) => x.map((c) => c.toFraction()).join(','))).size !== data.inputs.length;
}
