/**
 * Datasets: N samples, given row-wise (one array per sample) in exact form,
 * and their conversion to a backend's tensors (one COLUMN per sample).
 */
import type { Fraction } from 'fraction.js';
import type { Backend, Tensor } from '../numeric/backend.js';
import { rational } from '../numeric/rational.js';
import { toRat, type RatLike } from './activation.js';
import type { Network } from './network.js';

export interface Dataset {
  /** N × inputDim */
  readonly inputs: readonly (readonly Fraction[])[];
  /** N × outputDim */
  readonly targets: readonly (readonly Fraction[])[];
}

export class DataError extends Error {
  override name = 'DataError';
}

export function dataset(inputs: readonly (readonly RatLike[])[], targets: readonly (readonly RatLike[])[]): Dataset {
  if (inputs.length !== targets.length) throw new DataError(`${inputs.length} inputs but ${targets.length} targets`);
  if (inputs.length === 0) throw new DataError('a dataset needs at least one sample');
  const rowLen = (rows: readonly (readonly unknown[])[], what: string) => {
    rows.forEach((r, i) => {
      if (!Array.isArray(r))
        throw new DataError(
          `${what} of sample ${i + 1} is not an array; give one array per sample, e.g. [[1, 2], [3, 4]]`,
        );
    });
    const d = rows[0].length;
    rows.forEach((r, i) => {
      if (r.length !== d) throw new DataError(`${what} of sample ${i + 1} has ${r.length} entries, sample 1 has ${d}`);
    });
  };
  rowLen(inputs, 'input');
  rowLen(targets, 'target');
  return { inputs: inputs.map((r) => r.map(toRat)), targets: targets.map((r) => r.map(toRat)) };
}

export const sampleCount = (d: Dataset) => d.inputs.length;

/** X (inputDim × N) and Y (outputDim × N) on a backend, checked against the network. */
export function dataTensors<T extends Tensor, S>(be: Backend<T, S>, net: Network, data: Dataset): { X: T; Y: T } {
  const N = data.inputs.length;
  const dx = data.inputs[0]?.length ?? 0,
    dy = data.targets[0]?.length ?? 0;
  if (dx !== net.inputDim)
    throw new DataError(`samples have ${dx} input entries but the network expects ${net.inputDim}`);
  if (dy !== net.outputDim)
    throw new DataError(`samples have ${dy} target entries but the network outputs ${net.outputDim}`);
  const conv = (x: Fraction) => be.field.fromRatio(x.s * x.n, x.d);
  const colMajor = (rows: readonly (readonly Fraction[])[], d: number) => {
    const out: S[] = new Array(d * N);
    for (let i = 0; i < N; i++) for (let j = 0; j < d; j++) out[j * N + i] = conv(rows[i][j]);
    return out;
  };
  return { X: be.fromScalars(dx, N, colMajor(data.inputs, dx)), Y: be.fromScalars(dy, N, colMajor(data.targets, dy)) };
}

/** A parameter vector (exact values) as a P×1 backend tensor. */
export function paramTensor<T extends Tensor, S>(be: Backend<T, S>, net: Network, theta: readonly RatLike[]): T {
  if (theta.length !== net.paramCount)
    throw new DataError(`θ has ${theta.length} entries but the network has ${net.paramCount} parameters`);
  return be.fromScalars(
    net.paramCount,
    1,
    theta.map((x, k) => {
      if (typeof x === 'number' && !Number.isFinite(x))
        throw new DataError(`θ[${k}] is ${x}; parameters must be finite numbers`);
      if (typeof x === 'number' && be.field.kind !== 'rational') return be.field.fromNumber(x);
      const r = toRat(x);
      return be.field.fromRatio(r.s * r.n, r.d);
    }),
  );
}

export function ratString(x: Fraction): string {
  return rational.toString(x);
}
