/**
 * The network's outputs along a polynomial curve θ(t), as exact polynomials in
 * t (the forward pass over the germ field, ./germ.ts). For a polynomial network
 * these are the outputs for every t; for a network with kinks they are the
 * outputs on the piece that holds for all small t > 0 (as in ./curve.ts).
 */
import type { Poly } from '../linalg/polynomial.js';
import { dataTensors, type Dataset } from '../model/data.js';
import type { Network } from '../model/network.js';
import { forward } from '../model/passes.js';
import type { Curve } from './curve.js';
import { germBackend } from './germ.js';

/** ŷ(θ(t)) per sample (rows) and output (columns), like exactOutputs. */
export function outputsAlong(net: Network, data: Dataset, curve: Curve): Poly[][] {
  if (curve.length !== net.paramCount)
    throw new RangeError(`the curve has ${curve.length} coordinates but the network has ${net.paramCount} parameters`);
  const be = germBackend;
  const { X } = dataTensors(be, net, data);
  const out = forward(be, net, be.fromScalars(net.paramCount, 1, curve.slice()), X).output;
  return Array.from({ length: out.cols }, (_, i) => Array.from({ length: out.rows }, (_, j) => be.get(out, j, i)));
}
