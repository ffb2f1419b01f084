/**
 * Rationals as text ("p/q"), and the plain-text renderings claims use to
 * describe an instance (data tables, parameter tables, network summaries).
 * Saved values are encoded and decoded by the zod codecs of ./schema.ts.
 */
import type { Fraction } from 'fraction.js';
import type { Dataset } from '../model/data.js';
import type { Network } from '../model/network.js';
import { rational } from '../numeric/rational.js';

/** A saved value that does not decode: the message names its path ("value.data.inputs.2.0: …"). */
export class CodecError extends Error {
  override name = 'CodecError';
}

/** A rational as "p/q" (or "p"), the suite's lossless text form. */
export const encQ = (x: Fraction): string => rational.toString(x);
/** encQ over a list. */
export const encQs = (xs: readonly Fraction[]): string[] => xs.map(encQ);

/** The layout of image inputs: channel-major, each channel `height` rows of `width` (row-major). */
export interface ImageLayout {
  channels: number;
  height: number;
  width: number;
}

/**
 * A dataset as a small aligned table; with an image layout of height ≥ 2, each
 * sample as a grid per channel (channels side by side), the label on its first line.
 */
export function dataTable(d: Dataset, image?: ImageLayout): string {
  if (!image || image.height < 2)
    return d.inputs
      .map(
        (x, i) =>
          `  ${String(i + 1).padStart(2)}  x = (${x.map(encQ).join(', ')})  y = (${d.targets[i].map(encQ).join(', ')})`,
      )
      .join('\n');
  const { channels, height, width } = image;
  const cell = Math.max(...d.inputs.flat().map((x) => encQ(x).length));
  return d.inputs
    .map((x, i) => {
      const rows = Array.from({ length: height }, (_, r) =>
        Array.from(
          { length: channels },
          (_, c) =>
            `[ ${Array.from({ length: width }, (_, col) => encQ(x[(c * height + r) * width + col]).padStart(cell)).join(' ')} ]`,
        ).join('  '),
      );
      const label = `y = (${d.targets[i].map(encQ).join(', ')})`;
      return rows
        .map((row, r) => `  ${r === 0 ? String(i + 1).padStart(2) : '  '}  ${row}${r === 0 ? `  ${label}` : ''}`)
        .join('\n');
    })
    .join('\n');
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
