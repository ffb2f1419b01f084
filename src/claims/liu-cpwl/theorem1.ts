/**
 * Liu (2022) Theorem 1 (§5, proof §6.1.6–6.1.7) in the note's corrected form
 * D3: with distinct inputs and Assumption 1, the smallest architecture (two
 * hidden layers of width 2 d_y) has a spurious local minimum — the embedded
 * best affine fit (net A, certified) — shown spurious by a ridge that isolates
 * an extreme sample in the same architecture (net C, exactly lower).
 */
import { z } from 'zod';
import { patternClassBound } from '../../landscape/certificates.js';
import { exactRisk } from '../../model/exact.js';
import { isolatingRidge, netA, netC, toNetwork, widthsOf } from '../../papers/liu-cpwl/index.js';
import { dataTable, encQ } from '../codec.js';
import { asJson, instanceKind, proved, refuted } from '../define.js';
import { datasetCodec } from '../schema.js';
import type { Outcome } from '../types.js';
import type { Dataset } from '../../model/data.js';
import { detectPartition, partitionArbitrary, partitions } from './instances.js';
import { liuCpwl, mse } from './paper.js';

interface Data1d {
  data: Dataset;
}

const data1d = instanceKind<Data1d>({
  generate: () => partitionArbitrary(1).map((p) => ({ data: p.data })),
  detect: (v) => detectPartition({ data: v.data, cuts: [] }),
  codec: z.object({ data: datasetCodec }),
  describe: (v) => dataTable(v.data),
  hypotheses: (partitions.hypotheses ?? []).slice(0, 2),
});

export const theorem1Corrected = liuCpwl.claim({
  id: 'liu-cpwl.theorem1.corrected',
  section: 'Theorem 1 (§5.1), proofs §6.1.5–6.1.7; the note’s D3',
  title:
    'Theorem 1 with distinct inputs: the embedded best affine fit is a spurious local minimum of a 1-2-2-1 ReLU network',
  statement:
    'For one-dimensional data with distinct inputs that no affine map fits exactly (Assumption 1), the 1-2-2-1 ReLU network (two hidden layers of width 2·d_y) has a local minimum that is not global: the best affine fit f_0 embedded with every unit active (net A) is certified a local minimum, and net C, f_0 plus a ridge that switches on at an extreme sample, in the same architecture, has risk R(A) − φ²/(N·Σσ_i²) < R(A), where φ = Σ r_i σ_i correlates the residual with the ridge. Checked exactly.',
  instance: data1d,
  check: (v): Outcome => {
    const xs = v.data.inputs.map((x) => x[0]);
    const ys = v.data.targets.map((y) => y[0]);
    const A = toNetwork(netA(xs, ys));
    const certA = patternClassBound(A.net, mse, A.theta, v.data);
    if (certA.strength !== 'proved')
      return refuted(
        'net A (the embedded best affine fit) is a certified local minimum',
        `the pattern-class certificate says ${certA.strength}: ${certA.summary}`,
        asJson(certA),
      );
    const ridge = isolatingRidge(xs, ys);
    if (!ridge)
      return refuted(
        'some ridge has φ ≠ 0 (Assumption 1)',
        'every ridge at a midpoint between sorted inputs has φ = 0',
      );
    const wC = netC(xs, ys, ridge);
    const C = toNetwork(wC);
    const rA = exactRisk(A.net, mse, A.theta, v.data);
    const rC = exactRisk(C.net, mse, C.theta, v.data);
    const want = rA.sub(ridge.phi.mul(ridge.phi).div(ridge.norm.mul(xs.length)));
    if (widthsOf(wC).join('-') !== '1-2-2-1' || !rC.equals(want) || rC.compare(rA) >= 0)
      return refuted(
        'net C, in the same 1-2-2-1 architecture, has R(C) = R(A) − φ²/(N Σσ²) < R(A)',
        `net C ${widthsOf(wC).join('-')}: R(C) = ${encQ(rC)}, R(A) = ${encQ(rA)}, R(A) − φ²/(N Σσ²) = ${encQ(want)}`,
        { riskA: encQ(rA), riskC: encQ(rC), predicted: encQ(want) },
      );
    return proved();
  },
});
