/**
 * `spurious check-model --model <model.json> --data <file.csv|file.json> [--json] [--seed N]`
 * (issue 19, part 3): a user's own TensorFlow.js model and data, decided by
 * the toolkit. The float32 weights convert exactly (src/model/tfjs-model.ts);
 * tfjs itself evaluates the model once more, and its outputs must agree with
 * the suite's exact ones within the derived float32 bounds, so a conversion
 * error cannot pass silently. Then: the activation cell and its margins,
 * whether the point is a local minimum (an exact certificate, or why not),
 * the snapped exact cell minimum nearby when the point is not exactly
 * critical, an exact descent witness if one exists, the best affine fit's
 * risk, and a lower point if the search finds one (the minimum is spurious).
 *
 * Bad files get one line naming the problem and exit code 2 (EXIT.unreadable).
 * The risk analysed is the squared loss, mean over samples, summed over
 * outputs (Keras's meanSquaredError also divides by the outputs: the same
 * minima).
 */
import { readFileSync } from 'node:fs';
import { dirname, extname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { Fraction } from 'fraction.js';
import { analyseRechecked } from '../landscape/analyse-rechecked.js';
import { lowerPointSearch } from '../landscape/global.js';
import { recheckLowerPoint } from '../landscape/recheck.js';
import { snapAndCertify } from '../landscape/snap.js';
import type { DescentEvidence } from '../landscape/verdict.js';
import { affineFit } from '../model/affine.js';
import { dataset, dataTensors, type Dataset } from '../model/data.js';
import { predict, risk } from '../model/passes.js';
import { floatBackend, type FTensor } from '../numeric/float-backend.js';
import { activationPattern, exactOutputs, exactRisk } from '../model/exact.js';
import { float32Bounds } from '../model/float32-bound.js';
import { squaredLoss } from '../model/loss.js';
import { nonPwlLayer, type Network } from '../model/network.js';
import { floatData, loadTf, tfBackendLine } from '../model/tf.js';
import { ModelFileError, parseLayersModel, toSuiteInput, type LoadedModel } from '../model/tfjs-model.js';
import { parseRatio } from '../numeric/parse.js';
import { toRat } from '../numeric/rational.js';
import { EXIT, seedOption, UsageError } from './options.js';

class DataFileError extends Error {}

function readModel(path: string): { model: LoadedModel; json: Record<string, unknown>; weights: Uint8Array } {
  let json: Record<string, unknown>;
  try {
    json = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  } catch (e) {
    throw new ModelFileError(
      `${path}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : `not JSON (${(e as Error).message.split('\n')[0]})`}`,
    );
  }
  const manifest = Array.isArray(json?.weightsManifest) ? (json.weightsManifest as { paths?: unknown }[]) : [];
  const parts = manifest.flatMap((g) => (Array.isArray(g.paths) ? g.paths.map(String) : []));
  const buffers = parts.map((p) => {
    try {
      return readFileSync(resolve(dirname(path), p));
    } catch {
      throw new ModelFileError(`${path}: its weight file ${p} cannot be read`);
    }
  });
  const weights = new Uint8Array(Buffer.concat(buffers));
  try {
    return { model: parseLayersModel(json, weights), json, weights };
  } catch (e) {
    if (e instanceof ModelFileError) throw new ModelFileError(`${path}: ${e.message}`);
    throw e;
  }
}

/** One exact value of a data file; NaN, ∞ and non-numbers are refused, naming the place. */
function value(text: unknown, where: string): Fraction {
  const s = typeof text === 'number' ? (Number.isFinite(text) ? String(text) : String(text)) : String(text ?? '');
  try {
    const r = parseRatio(s);
    return toRat(`${r.num}/${r.den}`);
  } catch {
    throw new DataFileError(`${where}: ${JSON.stringify(s)} is not a finite number`);
  }
}

/** Rows of exact values from a CSV (an optional header line of names) or a JSON {inputs, targets} / [[…]] file. */
function readRows(path: string): { rows: Fraction[][]; split?: number } {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new DataFileError(`${path}: no such file`);
  }
  if (extname(path).toLowerCase() === '.json') {
    let j: unknown;
    try {
      j = JSON.parse(text);
    } catch (e) {
      throw new DataFileError(`${path}: not JSON (${(e as Error).message.split('\n')[0]})`);
    }
    const o = j as { inputs?: unknown; targets?: unknown };
    if (Array.isArray(o?.inputs) && Array.isArray(o?.targets)) {
      if (o.inputs.length !== o.targets.length)
        throw new DataFileError(`${path}: ${o.inputs.length} inputs but ${o.targets.length} targets`);
      const rows = o.inputs.map((x, i) => {
        const y = (o.targets as unknown[])[i];
        if (!Array.isArray(x) || !Array.isArray(y))
          throw new DataFileError(`${path}: sample ${i + 1} is not two arrays`);
        return [
          ...x.map((v, k) => value(v, `${path}: sample ${i + 1}, input ${k + 1}`)),
          ...y.map((v, k) => value(v, `${path}: sample ${i + 1}, target ${k + 1}`)),
        ];
      });
      const split = Array.isArray(o.inputs[0]) ? o.inputs[0].length : 0;
      o.inputs.forEach((x, i) => {
        if ((x as unknown[]).length !== split)
          throw new DataFileError(
            `${path}: sample ${i + 1} has ${(x as unknown[]).length} inputs, sample 1 has ${split}`,
          );
      });
      return { rows, split };
    }
    if (Array.isArray(j))
      return {
        rows: j.map((r, i) => {
          if (!Array.isArray(r)) throw new DataFileError(`${path}: row ${i + 1} is not an array`);
          return r.map((v, k) => value(v, `${path}: row ${i + 1}, column ${k + 1}`));
        }),
      };
    throw new DataFileError(`${path}: expected {"inputs": [[…]], "targets": [[…]]} or an array of rows`);
  }
  const lines = text
    .split(/\r?\n/)
    .map((l, i) => ({ l: l.trim(), n: i + 1 }))
    .filter(({ l }) => l !== '' && !l.startsWith('#'));
  if (!lines.length) throw new DataFileError(`${path}: no data rows`);
  const cells = (l: string) => l.split(/[,;\t]/).map((c) => c.trim());
  // a header line: every cell a name (a row with some numbers is data, and its bad cells are reported)
  const header = cells(lines[0].l).every((c) => c !== '' && !/^[-+]?[\d.]/.test(c));
  return {
    rows: lines
      .slice(header ? 1 : 0)
      .map(({ l, n }) => cells(l).map((c, k) => value(c, `${path}: line ${n}, column ${k + 1}`))),
  };
}

function readData(path: string, m: LoadedModel): Dataset {
  const { rows, split } = readRows(path);
  if (!rows.length) throw new DataFileError(`${path}: no data rows`);
  const d = m.inputShape.reduce((a, b) => a * b, 1),
    dy = m.net.outputDim;
  rows.forEach((r, i) => {
    if (r.length !== rows[0].length)
      throw new DataFileError(
        `${path}: row ${i + 1} has ${r.length} values, row 1 has ${rows[0].length} (ragged rows)`,
      );
  });
  if (split !== undefined && split !== d)
    throw new DataFileError(
      `${path}: inputs have ${split} values; the model takes ${d} (input shape [${m.inputShape.join(', ')}])`,
    );
  if (rows[0].length !== d + dy)
    throw new DataFileError(
      `${path}: rows have ${rows[0].length} values; the model needs ${d} inputs and ${dy} target(s), ${d + dy} in all`,
    );
  return dataset(
    rows.map((r) => toSuiteInput(m.inputShape, r.slice(0, d))),
    rows.map((r) => r.slice(d)),
  );
}

const q = (x: Fraction) => x.toFraction();
/** The suite's float64 outputs, sample-major. */
function float64Outputs(net: Network, theta: number[], data: Dataset): number[][] {
  const { X } = dataTensors(floatBackend, net, data);
  const O = predict(floatBackend, net, floatBackend.fromNumbers(theta.length, 1, theta), X);
  const N = data.inputs.length;
  return Array.from({ length: N }, (_, i) => Array.from({ length: net.outputDim }, (_, k) => O.data[k * N + i]));
}
/** Text with rationals of more than 24 characters shown as 12 significant digits (the exact values are in --json). */
const compact = (s: string) =>
  s.replace(/-?\d+\/\d+/g, (m) => (m.length > 24 ? `≈${Number(toRat(m).valueOf()).toPrecision(12)}` : m));

export async function checkModel(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: {
      model: { type: 'string' },
      data: { type: 'string' },
      json: { type: 'boolean' },
      seed: { type: 'string' },
    },
    allowPositionals: true,
  });
  if (positionals.length) throw new UsageError(`check-model: unexpected argument ${JSON.stringify(positionals[0])}`);
  if (!values.model || !values.data)
    throw new UsageError('check-model needs --model <model.json> and --data <file.csv|file.json>');
  const seed = seedOption(values.seed) ?? 1;
  let m: LoadedModel, json: Record<string, unknown>, weights: Uint8Array, data: Dataset;
  try {
    ({ model: m, json, weights } = readModel(values.model));
    data = readData(values.data, m);
  } catch (e) {
    if (e instanceof ModelFileError || e instanceof DataFileError) {
      process.stderr.write(`spurious: ${e.message}\n`);
      return EXIT.unreadable;
    }
    throw e;
  }
  const { net, theta } = m;
  const loss = squaredLoss();
  const thetaF = theta.map((x) => x.valueOf());
  const out: Record<string, unknown> = {
    model: values.model,
    data: values.data,
    layers: m.layers,
    params: net.paramCount,
    samples: data.inputs.length,
  };
  const lines: string[] = [
    `model ${values.model}: ${m.layers.join(' → ')} (${net.paramCount} parameters, converted exactly from float32); data ${values.data}: ${data.inputs.length} samples`,
  ];

  // tfjs evaluates the model itself: its outputs must agree with the suite's exact ones within the float32 bounds
  const rt = await loadTf();
  if (data.inputs.flat().some((x) => Math.abs(x.valueOf()) > 3.4e38)) {
    process.stderr.write(
      `spurious: ${values.data}: an input is beyond float32's range (±3.4e38), where the model cannot run\n`,
    );
    return EXIT.unreadable;
  }
  let tfModel: Awaited<ReturnType<typeof rt.tf.loadLayersModel>>;
  try {
    tfModel = await rt.tf.loadLayersModel(
      rt.tf.io.fromMemory({
        modelTopology: json.modelTopology as object,
        weightSpecs: (json.weightsManifest as { weights: never[] }[]).flatMap((g) => g.weights),
        weightData: weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.byteLength) as ArrayBuffer,
      }),
    );
  } catch (e) {
    process.stderr.write(
      `spurious: ${values.model}: TensorFlow.js cannot load it: ${String((e as Error).message).split('\n')[0]}\n`,
    );
    return EXIT.unreadable;
  }
  const raw = data.inputs.map((x) => {
    // back to the model's own (channels-last) order
    const idx = toSuiteInput(
      m.inputShape,
      Array.from({ length: x.length }, (_, k) => k),
    );
    const row = new Array<number>(x.length);
    idx.forEach((k, i) => (row[k] = x[i].valueOf()));
    return row;
  });
  const pred = rt.tf.tidy(() =>
    (
      tfModel.predict(rt.tf.tensor([raw.flat()].flat(), [raw.length, ...m.inputShape])) as { arraySync(): number[][] }
    ).arraySync(),
  );
  // the reference: exact outputs for piecewise-linear nets, float64 otherwise (its own error, 2⁻²⁹ of the bound, is covered by 1 + 2⁻²⁸)
  const pwl = !nonPwlLayer(net);
  const ref = pwl
    ? exactOutputs(net, theta, data).map((r) => r.map((x) => x.valueOf()))
    : float64Outputs(net, thetaF, data);
  const slack = pwl ? 1 : 1 + 2 ** -28;
  const bounds = float32Bounds(net, loss, thetaF, floatData(data));
  const worst = Math.max(
    ...pred.flatMap((r, i) =>
      r.map((v, k) => Math.abs(v - ref[i][k]) / Math.max(slack * bounds.outputs[i][k], Number.MIN_VALUE)),
    ),
  );
  const agree = bounds.underflowRisk || worst <= 1;
  out.tfjs = {
    backend: tfBackendLine(rt),
    agrees: bounds.underflowRisk ? null : agree,
    worstErrorOverBound: bounds.underflowRisk ? null : worst,
  };
  lines.push(
    `${tfBackendLine(rt)}: ${bounds.underflowRisk ? 'not compared: some magnitudes are below 2⁻⁶⁰, where float32 may underflow and no bound applies' : agree ? `its outputs agree with the ${pwl ? 'exact' : 'float64'} ones within the derived float32 bounds` : `its outputs DISAGREE with the ${pwl ? 'exact' : 'float64'} ones (worst error ${worst.toPrecision(3)} × the float32 bound): the conversion is wrong`}`,
  );
  if (!agree) {
    process.stdout.write(values.json ? JSON.stringify(out, null, 2) + '\n' : lines.join('\n') + '\n');
    return EXIT.notAsExpected;
  }

  if (!pwl) {
    out.exact = false;
    const Rf = risk(
      floatBackend,
      net,
      loss,
      floatBackend.fromNumbers(thetaF.length, 1, thetaF),
      ...(Object.values(dataTensors(floatBackend, net, data)) as [FTensor, FTensor]),
    );
    out.risk = Rf;
    lines.push(
      `risk R(θ) ≈ ${Rf.toPrecision(12)} (float64); the activations are not piecewise linear, so the exact certificates do not apply: the library's float tools (analyseLocalMin with probes) do`,
    );
    process.stdout.write(values.json ? JSON.stringify(out, null, 2) + '\n' : lines.map(compact).join('\n') + '\n');
    return EXIT.ok;
  }
  const R = exactRisk(net, loss, theta, data);
  const affine = affineFit(data, loss).risk;
  out.risk = q(R);
  out.affineFitRisk = q(affine);
  lines.push(
    `risk R(θ) = ${q(R)} (squared loss, mean over samples); the best affine fit of the data has risk ${q(affine)} ≈ ${affine.valueOf().toPrecision(12)}`,
  );
  const pat = activationPattern(net, theta, data);
  const margin = pat.minMargin ? pat.minMargin.valueOf() : Infinity;
  out.cell = {
    interior: pat.interior,
    kinks: pat.kinks.length,
    smallestMargin: Number.isFinite(margin) ? margin : null,
  };
  lines.push(
    pat.interior
      ? `θ is strictly inside one activation cell (smallest |pre-activation − breakpoint| = ${Number.isFinite(margin) ? margin.toPrecision(3) : '—'})`
      : `θ sits on ${pat.kinks.length} kink(s) (a pre-activation exactly on a breakpoint)`,
  );

  const verdict = analyseRechecked(net, loss, theta, data);
  out.verdict = { strength: verdict.strength, summary: verdict.summary };
  lines.push(`is θ a local minimum? ${verdict.strength}: ${verdict.summary}`);
  let decided = { theta, risk: R, proved: verdict.strength === 'proved', where: 'θ itself' };
  if (verdict.strength === 'refuted') {
    const e = verdict.evidence as DescentEvidence;
    out.descent = { method: e.method, t: e.t, riskAtT: e.riskAtT };
    const drop = R.sub(toRat(e.riskAtT));
    lines.push(
      `exact descent witness: along a ${e.method} direction, R(θ + t·d) = ${e.riskAtT} at t = ${e.t}, below R(θ) by ${drop.valueOf().toPrecision(3)} (exact)`,
    );
  }
  if (verdict.strength !== 'proved') {
    const snap = snapAndCertify(net, loss, thetaF, data);
    const Rs = exactRisk(net, loss, snap.theta, data);
    out.snapped = { route: snap.route, moved: snap.moved, risk: q(Rs), strength: snap.verdict.strength };
    lines.push(
      `nearby exact point (${snap.route}; moved ${snap.moved.toPrecision(3)}): R = ${q(Rs)} ≈ ${Rs.valueOf().toPrecision(6)}, local minimum? ${snap.verdict.strength}: ${snap.verdict.summary}`,
    );
    const far = snap.moved > 1e-3 * (1 + Math.hypot(...thetaF));
    if (far)
      lines.push(
        `the snap moved the point by ${snap.moved.toPrecision(3)}: the trained point is far from its cell's minimum, so that point says nothing about the model`,
      );
    else if (snap.verdict.strength === 'proved')
      decided = { theta: snap.theta, risk: Rs, proved: true, where: 'the snapped point' };
  }
  const search = lowerPointSearch(net, loss, data, decided.risk, { seed });
  const lower = search.point;
  if (lower) {
    const errs = recheckLowerPoint(net, loss, data, lower, decided.risk);
    if (errs.length) throw new Error(`internal: a lower point failed its re-check: ${errs.join('; ')}`);
  }
  out.lowerPoint = lower ? { risk: q(lower.risk), how: lower.how } : null;
  out.conclusion = decided.proved
    ? lower
      ? 'spurious local minimum'
      : 'local minimum, no lower point found'
    : 'not certified a local minimum';
  lines.push(
    lower
      ? `lower point: R = ${q(lower.risk)} ≈ ${lower.risk.valueOf().toPrecision(6)} < ${q(decided.risk)} (${lower.how}; re-checked exactly)`
      : `no lower point found (${search.tried.restarts} restarts, ${search.tried.cells} cells)`,
  );
  lines.push(
    decided.proved
      ? lower
        ? `conclusion: ${decided.where} is a proved local minimum and it is SPURIOUS: a point with lower risk exists (exact).`
        : decided.risk.n === 0n
          ? `conclusion: ${decided.where} has risk 0: a global minimum.`
          : `conclusion: ${decided.where} is a proved local minimum; no lower point was found (that is evidence, not a proof, that it is global).`
      : `conclusion: neither θ nor a nearby exact point is certified a local minimum.`,
  );
  process.stdout.write(values.json ? JSON.stringify(out, null, 2) + '\n' : lines.map(compact).join('\n') + '\n');
  return EXIT.ok;
}
