/**
 * A parameter index in plain words, read from the network's own structure
 * (its parameter views and compiled layers), for any network the model builds.
 *
 * Convention (layers, maps, channels, units, positions and kernel taps count from 1):
 *   conv weight   "layer 2, map 1, tap (channel 1, right)"   map = the layer's output feature map,
 *                 channel = its input channel; a 1-D kernel of width 3 names its taps left, centre,
 *                 right (width 1: centre; other widths: "tap j of K"); a 2-D kernel names
 *                 "row i, column j" of the kernel: "layer 1, map 2, tap (channel 1, row 1, column 3)"
 *   conv bias     "layer 2, map 1, bias"                     (one tied bias per map)
 *                 "layer 2, map 1, bias at position 3"       (per-position biases, conv1d)
 *                 "layer 2, map 1, bias at row 2, column 3"  (per-position biases, conv2d)
 *   dense weight  "W²(3,1)"                                  W^l(output unit, input unit), the
 *                 input unit counted in the layer's flat (map-major) input; when that input is a
 *                 feature map with several positions, where the unit sits follows:
 *                 "W⁴(1,7) (map 3, position 1)", or "(map 3, row 1, column 2)" for 2-D maps
 *   dense bias    "b²(3)"                                    b^l(output unit)
 * Every index of a network gets a distinct name.
 */
import type { CompiledLayer, Network, Shape } from './network.js';

const SUPERSCRIPT = '⁰¹²³⁴⁵⁶⁷⁸⁹';
const sup = (n: number) => [...String(n)].map((d) => SUPERSCRIPT[Number(d)]).join('');

function tapWords(twoD: boolean, kw: number, i: number, j: number): string {
  if (twoD) return `row ${i + 1}, column ${j + 1}`;
  if (kw === 3) return ['left', 'centre', 'right'][j];
  if (kw === 1) return 'centre';
  return `tap ${j + 1} of ${kw}`;
}

/** Where unit `u` (0-based, map-major) of a shape sits, or '' for a plain vector. */
function placeWords(s: Shape, u: number): string {
  const area = s.height * s.width;
  if (area === 1) return '';
  const m = Math.floor(u / area),
    r = Math.floor((u % area) / s.width),
    c = u % s.width;
  return s.height === 1 ? ` (map ${m + 1}, position ${c + 1})` : ` (map ${m + 1}, row ${r + 1}, column ${c + 1})`;
}

/** Parameter `index` of `net` in plain words (see the convention above). */
export function paramName(net: Network, index: number): string {
  const view = net.views.find((v) => index >= v.offset && index < v.offset + v.size);
  if (!view) throw new RangeError(`parameter index ${index} outside 0..${net.paramCount - 1}`);
  const layer: CompiledLayer = net.layers[view.layer - 1];
  const off = index - view.offset;
  const l = view.layer;
  if (layer.spec.kind === 'dense') {
    if (view.role === 'bias') return `b${sup(l)}(${off + 1})`;
    const o = Math.floor(off / layer.inDim),
      j = off % layer.inDim;
    return `W${sup(l)}(${o + 1},${j + 1})${placeWords(layer.inShape, j)}`;
  }
  if (view.role === 'bias') {
    const { height: H, width: W } = layer.outShape;
    if (view.size === layer.outShape.channels) return `layer ${l}, map ${off + 1}, bias`;
    // per-position: one bias per output neuron, map-major like the outputs
    const m = Math.floor(off / (H * W)),
      r = Math.floor((off % (H * W)) / W),
      c = off % W;
    return `layer ${l}, map ${m + 1}, bias at ${layer.spec.kind === 'conv1d' ? `position ${c + 1}` : `row ${r + 1}, column ${c + 1}`}`;
  }
  // conv weight [maps, inChannels, kh, kw]
  const [, C, kh, kw] = view.shape;
  const t = Math.floor(off / (C * kh * kw)),
    ch = Math.floor(off / (kh * kw)) % C,
    i = Math.floor(off / kw) % kh,
    j = off % kw;
  return `layer ${l}, map ${t + 1}, tap (channel ${ch + 1}, ${tapWords(layer.spec.kind === 'conv2d', kw, i, j)})`;
}
