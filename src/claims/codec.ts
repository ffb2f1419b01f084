/**
 * Exact, lossless JSON for the values claims generate: rationals as "p/q",
 * networks as their spec (activations included), datasets row-wise.
 */
import type { Fraction } from 'fraction.js';
import { dataset, type Dataset } from '../model/data.js';
import { networkFromJSON, networkToJSON, type Network, type NetworkSpecJSON } from '../model/network.js';
import { rational } from '../numeric/rational.js';
import type { Json } from './types.js';

export class CodecError extends Error {
  override name = 'CodecError';
}

export const encQ = (x: Fraction): string => rational.toString(x);
export function decQ(j: Json, where: string): Fraction {
  if (typeof j !== 'string' && typeof j !== 'number')
    throw new CodecError(`${where}: expected a rational like "3/4", got ${JSON.stringify(j)}`);
  try {
    return rational.fromString(String(j));
  } catch (e) {
    throw new CodecError(`${where}: ${(e as Error).message}`);
  }
}
export const encQs = (xs: readonly Fraction[]): string[] => xs.map(encQ);
export function decQs(j: Json, where: string): Fraction[] {
  if (!Array.isArray(j)) throw new CodecError(`${where}: expected an array of rationals`);
  return j.map((x, i) => decQ(x, `${where}[${i}]`));
}

export const encNet = (n: Network): Json => networkToJSON(n) as unknown as Json;
export function decNet(j: Json, where: string): Network {
  try {
    return networkFromJSON(j as unknown as NetworkSpecJSON);
  } catch (e) {
    throw new CodecError(`${where}: ${(e as Error).message}`);
  }
}

export const encData = (d: Dataset): Json => ({ inputs: d.inputs.map(encQs), targets: d.targets.map(encQs) });
export function decData(j: Json, where: string): Dataset {
  const o = j as { inputs?: Json; targets?: Json };
  if (!o || typeof o !== 'object' || !Array.isArray(o.inputs) || !Array.isArray(o.targets))
    throw new CodecError(`${where}: expected { inputs: [...], targets: [...] }`);
  try {
    return dataset(
      o.inputs.map((r, i) => decQs(r, `${where}.inputs[${i}]`)),
      o.targets.map((r, i) => decQs(r, `${where}.targets[${i}]`)),
    );
  } catch (e) {
    if (e instanceof CodecError) throw e;
    throw new CodecError(`${where}: ${(e as Error).message}`);
  }
}

export function field(j: Json, key: string, where: string): Json {
  if (!j || typeof j !== 'object' || Array.isArray(j) || !(key in j))
    throw new CodecError(`${where}: missing field "${key}"`);
  return (j as Record<string, Json>)[key];
}

/** A dataset as a small aligned table. */
export function dataTable(d: Dataset): string {
  const rows = d.inputs.map(
    (x, i) =>
      `  ${String(i + 1).padStart(2)}  x = (${x.map(encQ).join(', ')})  y = (${d.targets[i].map(encQ).join(', ')})`,
  );
  return rows.join('\n');
}

/** θ grouped by the network's named parameter blocks. */
export function paramTable(net: Network, theta: readonly Fraction[]): string {
  return net.views
    .map(
      (v) =>
        `  ${v.name} [${v.shape.join('×')}]: ${theta
          .slice(v.offset, v.offset + v.size)
          .map(encQ)
          .join(', ')}`,
    )
    .join('\n');
}

/** One line per layer. */
export function netSummary(net: Network): string {
  const shape = (s: { channels: number; height: number; width: number }) =>
    s.height === 1 && s.width === 1 ? `${s.channels}` : `${s.channels}×${s.height}×${s.width}`;
  return [
    `  input ${shape(net.spec.input)}`,
    ...net.layers.map(
      (l) =>
        `  layer ${l.number}: ${l.spec.kind} → ${shape(l.outShape)}${l.biasIndex ? ', bias' : ''}${l.activation && !l.identity ? `, ${l.activation.name}` : ''}`,
    ),
  ].join('\n');
}
