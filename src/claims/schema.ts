/**
 * Zod codecs between the JSON of a saved counterexample and the values claims
 * generate. Each codec decodes JSON (rationals as "p/q", networks as their
 * spec, datasets row-wise) into the in-memory value and encodes it back
 * losslessly; a decoding error names its path ("value.data.inputs.2.0: …").
 *
 * Compose them with zod's own object/array/tuple schemas:
 *
 *   const codec = z.object({ net: networkCodec, theta: rationals, data: datasetCodec, width: z.number().int().min(1) });
 */
import { Fraction } from 'fraction.js';
import { z } from 'zod';
import {
  activationFromJSON,
  activationToJSON,
  type Activation,
  type ActivationJSON,
  type PwlActivation,
} from '../model/activation.js';
import { dataset, type Dataset } from '../model/data.js';
import { networkFromJSON, networkToJSON, type Network, type NetworkSpecJSON } from '../model/network.js';
import { parseRatio } from '../numeric/parse.js';
import { rational } from '../numeric/rational.js';
import type { Json } from './types.js';

/** A zod schema that decodes JSON into V and encodes V back into JSON. */
export type Codec<V> = z.ZodType<V, Json>;

/** A rational: "p/q", "p", a decimal string such as "1.25e-3" (exact), or a JSON number read as its decimal text. */
export const rationalCodec = z.codec(z.union([z.string(), z.number()]), z.instanceof(Fraction), {
  decode: (text, ctx) => {
    try {
      return rational.fromString(String(text));
    } catch (e) {
      ctx.issues.push({ code: 'custom', message: (e as Error).message, input: text });
      return z.NEVER;
    }
  },
  encode: (x) => rational.toString(x),
});

/** A list of rationals. */
export const rationals = z.array(rationalCodec);

/** Rows of rationals (a matrix row by row, or one vector per sample). */
export const rationalRows = z.array(rationals);

/** A dataset: { inputs: rows, targets: rows }, one row per sample. */
export const datasetCodec = z.codec(z.object({ inputs: rationalRows, targets: rationalRows }), z.custom<Dataset>(), {
  decode: (d, ctx) => {
    try {
      return dataset(d.inputs, d.targets);
    } catch (e) {
      ctx.issues.push({ code: 'custom', message: (e as Error).message, input: d });
      return z.NEVER;
    }
  },
  encode: (d) => ({ inputs: d.inputs.map((r) => [...r]), targets: d.targets.map((r) => [...r]) }),
});

const jsonObject = z.record(z.string(), z.json());

const ratText = z.union([z.string(), z.number()]);
const pwlJson = z.object({
  kind: z.literal('pwl'),
  name: z.string(),
  breakpoints: z.array(ratText),
  slopes: z.array(ratText),
  anchor: z.object({ x: ratText, y: ratText }),
});
const activationJson = z.discriminatedUnion('kind', [
  pwlJson,
  z.object({ kind: z.literal('poly'), name: z.string().optional(), coefficients: z.array(ratText) }),
  z.object({ kind: z.literal('smooth'), name: z.string(), alpha: z.number().optional() }),
]);

function decodeActivation(j: z.output<typeof activationJson>, ctx: z.core.ParsePayload): Activation {
  try {
    return activationFromJSON(j as ActivationJSON);
  } catch (e) {
    ctx.issues.push({ code: 'custom', message: (e as Error).message, input: j });
    return z.NEVER;
  }
}

/**
 * An activation as its JSON spec: { kind: 'pwl', name, breakpoints, slopes, anchor },
 * { kind: 'poly', name?, coefficients } or { kind: 'smooth', name, alpha? }; rationals as "p/q".
 */
export const activationCodec = z.codec(activationJson, z.custom<Activation>(), {
  decode: (j, ctx) => decodeActivation(j, ctx),
  encode: (a) => activationToJSON(a) as z.input<typeof activationJson>,
});

/** A piecewise-linear activation only (the pwl form of activationCodec). */
export const pwlActivationCodec = z.codec(pwlJson, z.custom<PwlActivation>(), {
  decode: (j, ctx) => decodeActivation(j, ctx) as PwlActivation,
  encode: (act) => {
    const j = activationToJSON(act);
    if (j.kind !== 'pwl') throw new TypeError(`${act.name} is not piecewise linear`);
    return j;
  },
});

/** The first layer activation of a network spec that is not an activation's JSON form, as "layers.i.activation.…: message". */
function badActivation(spec: Record<string, Json>): string | null {
  const layers = spec.layers;
  if (!Array.isArray(layers)) return null; // networkFromJSON says so
  for (const [i, l] of layers.entries()) {
    if (!l || typeof l !== 'object' || Array.isArray(l) || l.activation === undefined) continue;
    const r = activationJson.safeParse(l.activation);
    if (!r.success) return firstIssue(r.error, `layers.${i}.activation`);
  }
  return null;
}

/** A network as its JSON spec (layers, activations, biases). */
export const networkCodec = z.codec(jsonObject, z.custom<Network>(), {
  decode: (spec, ctx) => {
    // the activations are checked as activationCodec checks them (networkFromJSON reads missing fields as defaults)
    const bad = badActivation(spec as Record<string, Json>);
    if (bad) {
      ctx.issues.push({ code: 'custom', message: bad, input: spec });
      return z.NEVER;
    }
    try {
      return networkFromJSON(spec as unknown as NetworkSpecJSON);
    } catch (e) {
      ctx.issues.push({ code: 'custom', message: (e as Error).message, input: spec });
      return z.NEVER;
    }
  },
  encode: (net) => networkToJSON(net) as unknown as Record<string, Json>,
});

/** A fast-check seed or any other plain integer. */
export const integer = z.number().int();

/**
 * The most digits a numerator or denominator in a saved value may have.
 * Shrunk counterexamples have short numbers; a file with longer ones was
 * edited, and exact arithmetic on them could run for hours, so decoding
 * refuses it.
 */
export const MAX_DIGITS = 1000;

const NUMBER_TEXT = /^\s*[+-]?(\d|\.\d)/;

/**
 * The first number in a JSON value (a numeric string such as "p/q" or "1e9999",
 * at any depth) whose numerator or denominator has more than MAX_DIGITS
 * digits, as "value.theta.1: a number with N digits (…)"; null if none.
 */
export function oversizedNumber(j: Json, path = 'value'): string | null {
  if (typeof j === 'string') {
    if (!NUMBER_TEXT.test(j)) return null;
    const tooMany = (n: number) => `${path}: a number with ${n} digits (saved values allow at most ${MAX_DIGITS})`;
    if (j.length > 2 * MAX_DIGITS + 24) return tooMany(j.replace(/\D/g, '').length); // parsing it alone would be slow
    let r: { num: bigint; den: bigint };
    try {
      r = parseRatio(j);
    } catch {
      return null; // not a number after all: the codec reports it
    }
    const digits = Math.max((r.num < 0n ? -r.num : r.num).toString().length, r.den.toString().length);
    return digits > MAX_DIGITS ? tooMany(digits) : null;
  }
  if (Array.isArray(j)) {
    for (const [i, x] of j.entries()) {
      const bad = oversizedNumber(x, `${path}.${i}`);
      if (bad) return bad;
    }
  } else if (j && typeof j === 'object')
    for (const [k, x] of Object.entries(j)) {
      const bad = oversizedNumber(x, `${path}.${k}`);
      if (bad) return bad;
    }
  return null;
}

/** "value.a.b.2: message" for the first issue of a failed decode. */
export function firstIssue(error: z.ZodError, root = 'value'): string {
  const issue = error.issues[0];
  const path = [root, ...issue.path.map(String)].join('.');
  return `${path}: ${issue.message}`;
}
