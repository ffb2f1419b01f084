/**
 * Issue 19, part 3: `spurious check-model` on a user's TensorFlow.js model.
 * The shipped example is decided (a certified verdict); models with Conv1D,
 * Conv2D, pooling and Flatten convert exactly (tfjs's own predictions agree
 * with the suite's exact outputs within the derived float32 bounds); and bad
 * files get one line naming the problem, no stack trace, exit code 2.
 */
import { mkdtempSync, readFileSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadTf } from '../../src/model/tf.js';
import { inProcess, root } from '../helpers/cli.js';

const ex = join(root, 'examples/check-model');
const dirWith = (files: Record<string, string | Buffer>) => {
  const dir = mkdtempSync(join(tmpdir(), 'spurious-check-model-'));
  for (const [name, body] of Object.entries(files)) writeFileSync(join(dir, name), body);
  return dir;
};
/** The example's model and weights, with a data file of our own. */
const withData = (csv: string, name = 'data.csv') => {
  const dir = dirWith({ [name]: csv });
  copyFileSync(join(ex, 'model.json'), join(dir, 'model.json'));
  copyFileSync(join(ex, 'weights.bin'), join(dir, 'weights.bin'));
  return dir;
};
const run = (dir: string, data = 'data.csv', extra: string[] = []) =>
  inProcess(['check-model', '--model', join(dir, 'model.json'), '--data', join(dir, data), ...extra]);

/** A one-line failure naming the problem: exit 2, nothing on stdout, no stack trace. */
function expectOneLine(r: { code: number; stdout: string; stderr: string }, pattern: RegExp) {
  expect(r.code, r.stderr).toBe(2);
  expect(r.stderr.trim().split('\n')).toHaveLength(1);
  expect(r.stderr).toMatch(pattern);
  expect(r.stderr).not.toMatch(/\n\s+at /);
}

describe('spurious check-model', () => {
  it('the shipped example: tfjs agrees with the exact outputs, the snapped point is a proved local minimum, and it is spurious (an exact lower point)', async () => {
    const r = await inProcess([
      'check-model',
      '--model',
      join(ex, 'model.json'),
      '--data',
      join(ex, 'data.csv'),
      '--json',
    ]);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.tfjs.agrees).toBe(true);
    expect(out.affineFitRisk).toBe('352/315');
    expect(out.snapped.strength).toBe('proved');
    expect(out.snapped.risk).toBe('352/315');
    expect(out.conclusion).toBe('spurious local minimum');
    // the lower point's risk is below the certified minimum's, exactly
    const [a, b] = out.lowerPoint.risk.split('/').map(BigInt);
    expect(a * 315n < 352n * (b ?? 1n)).toBe(true);
    const text = await inProcess(['check-model', '--model', join(ex, 'model.json'), '--data', join(ex, 'data.csv')]);
    expect(text.stdout).toMatch(/conclusion: the snapped point is a proved local minimum and it is SPURIOUS/);
  }, 60_000);

  // kills: a conv kernel read in the wrong order, a Flatten without the (h, w, c) → (c, h, w) permutation, inputs not reordered
  it('Conv1D/Conv2D, pooling and Flatten models convert exactly: tfjs predicts what the suite computes', async () => {
    const { tf } = await loadTf();
    const build = (kind: 1 | 2) => {
      const m = tf.sequential();
      if (kind === 2) {
        m.add(
          tf.layers.conv2d({
            inputShape: [4, 3, 2],
            filters: 3,
            kernelSize: [3, 1],
            padding: 'same',
            activation: 'relu',
          }),
        );
        m.add(tf.layers.maxPooling2d({ poolSize: [2, 1] }));
        m.add(tf.layers.conv2d({ filters: 2, kernelSize: [2, 3], strides: [1, 2], padding: 'valid' }));
        m.add(tf.layers.leakyReLU({ alpha: 0.25 }));
      } else {
        m.add(
          tf.layers.conv1d({ inputShape: [6, 2], filters: 3, kernelSize: 3, padding: 'valid', activation: 'relu' }),
        );
        m.add(tf.layers.averagePooling1d({ poolSize: 2 }));
      }
      m.add(tf.layers.flatten());
      m.add(tf.layers.dense({ units: 2 }));
      return m;
    };
    for (const kind of [1, 2] as const) {
      const m = build(kind);
      let saved: { json: string; bin: Buffer } | null = null;
      await m.save(
        tf.io.withSaveHandler(async (a) => {
          saved = {
            json: JSON.stringify({
              format: 'layers-model',
              modelTopology: a.modelTopology,
              weightsManifest: [{ paths: ['weights.bin'], weights: a.weightSpecs }],
            }),
            bin: Buffer.from(a.weightData as ArrayBuffer),
          };
          return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
        }),
      );
      const d = kind === 2 ? 24 : 12;
      const rows = Array.from({ length: 5 }, (_, i) =>
        [...Array.from({ length: d }, (_, k) => (((i * 7 + k * 3) % 11) - 5) / 4), i % 2, ((i * 3) % 5) - 2].join(','),
      );
      const dir = dirWith({ 'model.json': saved!.json, 'weights.bin': saved!.bin, 'data.csv': rows.join('\n') });
      const r = await run(dir, 'data.csv', ['--json']);
      expect(r.code, r.stderr).toBe(0);
      expect(JSON.parse(r.stdout).tfjs.agrees, `conv${kind}d model`).toBe(true);
    }
  }, 120_000);

  // kills: a smooth model run through the exact path (it throws), a first data row taken for a header
  it('a tanh model: tfjs agrees with the float64 outputs, no exact certificate is claimed; a bad first row is reported, not skipped', async () => {
    const { tf } = await loadTf();
    const m = tf.sequential();
    m.add(tf.layers.dense({ inputShape: [1], units: 2, activation: 'tanh' }));
    m.add(tf.layers.dense({ units: 1 }));
    let saved: { json: string; bin: Buffer } | null = null;
    await m.save(
      tf.io.withSaveHandler(async (a) => {
        saved = {
          json: JSON.stringify({
            modelTopology: a.modelTopology,
            weightsManifest: [{ paths: ['w.bin'], weights: a.weightSpecs }],
          }),
          bin: Buffer.from(a.weightData as ArrayBuffer),
        };
        return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
      }),
    );
    const dir = dirWith({ 'model.json': saved!.json, 'w.bin': saved!.bin, 'data.csv': '1,2\n-1,0\n3,1\n' });
    const r = await run(dir, 'data.csv', ['--json']);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.tfjs.agrees).toBe(true);
    expect(out.exact).toBe(false);
    expect(out.verdict).toBeUndefined();
    expectOneLine(await run(withData('NaN,-2\n-1,-3\n')), /line 1, column 1: "NaN" is not a finite number/);
  }, 60_000);

  it('data as JSON {inputs, targets} works like the CSV', async () => {
    const csv = readFileSync(join(ex, 'data.csv'), 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => l.split(','));
    const dir = withData(
      JSON.stringify({ inputs: csv.map((r) => [r[0]]), targets: csv.map((r) => [Number(r[1])]) }),
      'data.json',
    );
    const r = await run(dir, 'data.json', ['--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).affineFitRisk).toBe('352/315');
  }, 60_000);

  describe('bad files: one line naming the problem, exit code 2', () => {
    it('ragged rows, a mismatched label width, an empty file, a missing file', async () => {
      expectOneLine(await run(withData('x,y\n1,2\n3\n')), /row 2 has 1 values, row 1 has 2 \(ragged rows\)/);
      expectOneLine(
        await run(withData('1,2,3\n4,5,6\n')),
        /rows have 3 values; the model needs 1 inputs and 1 target\(s\), 2 in all/,
      );
      expectOneLine(await run(withData('x,y\n')), /no data rows/);
      expectOneLine(await run(withData('1,2\n'), 'nope.csv'), /nope\.csv: no such file/);
      expectOneLine(
        await run(withData(JSON.stringify({ inputs: [[1], [2, 3]], targets: [[1], [2]] }), 'data.json'), 'data.json'),
        /sample 2 has 2 inputs, sample 1 has 1/,
      );
    });

    // fast-check draws the hostile cell: NaN, ∞, empty, words, a zero denominator, a huge exponent
    it('a hostile value anywhere in the data is named by its line and column', async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom('NaN', 'Infinity', '-Infinity', 'abc', '1/0', '1e999999', '0x10', '--1'),
          fc.integer({ min: 0, max: 5 }),
          fc.integer({ min: 0, max: 1 }),
          async (bad, row, col) => {
            const lines = readFileSync(join(ex, 'data.csv'), 'utf8').trim().split('\n');
            const cells = lines[row + 1].split(',');
            cells[col] = bad;
            lines[row + 1] = cells.join(',');
            const r = await run(withData(lines.join('\n') + '\n'));
            expectOneLine(r, new RegExp(`line ${row + 2}, column ${col + 1}: .* is not a finite number`));
          },
        ),
        { numRuns: 12, seed: 5 },
      );
    });

    it('models: an unsupported layer, a softmax output, a wrong weight shape, truncated weights, not JSON', async () => {
      const model = JSON.parse(readFileSync(join(ex, 'model.json'), 'utf8'));
      const bin = readFileSync(join(ex, 'weights.bin'));
      const csv = readFileSync(join(ex, 'data.csv'), 'utf8');
      const variant = (f: (m: typeof model) => void, weights: Buffer = bin) => {
        const m = JSON.parse(JSON.stringify(model));
        f(m);
        return dirWith({ 'model.json': JSON.stringify(m), 'weights.bin': weights, 'data.csv': csv });
      };
      expectOneLine(
        await run(
          variant((m) => m.modelTopology.config.layers.splice(1, 0, { class_name: 'BatchNormalization', config: {} })),
        ),
        /layer 2 \(BatchNormalization\): unsupported layer/,
      );
      expectOneLine(
        await run(variant((m) => (m.modelTopology.config.layers[1].config.activation = 'softmax'))),
        /unsupported activation "softmax"/,
      );
      expectOneLine(
        await run(variant((m) => (m.weightsManifest[0].weights[0].shape = [3, 1]))),
        /weight .* has shape \[3, 1\]; layer 1 \(Dense\) kernel needs \[1, 3\]/,
      );
      expectOneLine(
        await run(variant(() => {}, bin.subarray(0, 12))),
        /the weight files hold 12 bytes; the manifest needs 40/,
      );
      expectOneLine(await run(dirWith({ 'model.json': '{not json', 'data.csv': csv })), /model\.json: not JSON/);
    });

    it('usage: --model and --data are required', async () => {
      const r = await inProcess(['check-model', '--model', join(ex, 'model.json')]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/check-model needs --model <model\.json> and --data/);
    });
  });
});
