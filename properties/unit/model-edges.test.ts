// Fixed examples for src/model that `npm run mutate` found unguarded (issue 20, part 2): each test names the
// mutants it kills. Survivors judged equivalent are in src/mutation/EQUIVALENT.md.
import { describe, expect, it } from 'vitest';
import { floatBackend } from '../../src/numeric/float-backend.js';
import {
  buildNetwork,
  cellGradient,
  crossEntropyLoss,
  dataset,
  evalLoss,
  fcNetwork,
  forcedPiecesOf,
  activationPattern,
  linear,
  NetworkError,
  relu,
  shiftedSquare,
  squaredLoss,
  forward,
  paramTensor,
  dataTensors,
  pwl,
  smooth,
  view,
  networkFromJSON,
  applyRescaling,
  rescalingSymmetries,
  nullReadDirections,
  isAffine,
  affineEmbedding,
  shearSymmetries,
  sigmoid,
  setBlock,
  assembleParams,
  homogeneityDegree,
  activationToJSON,
  exactGradient,
  hessian,
  samePatternClasses,
  exactOutputs,
  kinkSlopes,
} from '../../src/model/index.js';
import { toRats } from '../../src/numeric/index.js';
import { float32Bounds } from '../../src/model/float32-bound.js';

const F = (rows: number[][]) => floatBackend.fromNumbers(rows.length, rows[0].length, Float64Array.from(rows.flat()));

describe('losses', () => {
  it('cross-entropy shifts by the largest output, wherever it is: a 1000 in the second row stays finite', () => {
    // kills the log-sum-exp maximum search mutated away (the shift would be the first output, and exp(1000) = ∞)
    const v = evalLoss(floatBackend, crossEntropyLoss(), F([[0], [1000]]), F([[0], [1]]));
    expect(Number.isFinite(v.risk)).toBe(true);
    expect(v.risk).toBeCloseTo(0, 12);
    const w = evalLoss(floatBackend, crossEntropyLoss(), F([[0], [1000]]), F([[1], [0]]));
    expect(w.risk).toBeCloseTo(1000, 9);
    // and in the first row, ahead of a smaller one (kills: the comparison → `true`, which keeps the last output)
    const u = evalLoss(floatBackend, crossEntropyLoss(), F([[1000], [0], [-5]]), F([[1], [0], [0]]));
    expect(u.risk).toBeCloseTo(0, 12);
  });
  it('targets must match the outputs in rows and in columns, each on its own (|| → &&)', () => {
    expect(() =>
      evalLoss(
        floatBackend,
        squaredLoss(),
        F([[1, 2]]),
        F([
          [1, 2],
          [3, 4],
        ]),
      ),
    ).toThrow('targets are 2×2 but the network gives 1×2');
    expect(() => evalLoss(floatBackend, squaredLoss(), F([[1, 2]]), F([[1]]))).toThrow(
      'targets are 1×1 but the network gives 1×2',
    );
  });
  it('the exact cell gradient refuses cross-entropy', () => {
    const net = fcNetwork([1, 1], linear(), false);
    const d = dataset([[1]], [[1]]);
    const forced = forcedPiecesOf(net, activationPattern(net, [1], d));
    expect(() => cellGradient(net, crossEntropyLoss(), [1], d, forced)).toThrow(
      'the exact cell gradient needs the squared loss',
    );
  });
});

describe('networks and passes', () => {
  it('a spec that is not an object is refused in words, not by a TypeError', () => {
    for (const spec of [null, undefined, 3, 'net'])
      expect(() => buildNetwork(spec as never), String(spec)).toThrow(NetworkError);
    expect(() => buildNetwork({ layers: [] } as never)).toThrow('a network spec needs an "input" shape');
  });
  it('pieces can be forced only through piecewise-linear activations', () => {
    const net = fcNetwork([1, 2, 1], shiftedSquare(1), false);
    const d = dataset([[1]], [[0]]);
    const theta = paramTensor(floatBackend, net, [1, 1, 1, 1]);
    const { X } = dataTensors(floatBackend, net, d);
    expect(() => forward(floatBackend, net, theta, X, false, [Int32Array.from([0, 0]), null])).toThrow(
      'layer 1: pieces can be forced only for piecewise-linear activations',
    );
    const rnet = fcNetwork([1, 2, 1], relu(), false);
    expect(() => forward(floatBackend, rnet, theta, X, false, [Int32Array.from([0, 0, 0]), null])).toThrow(
      'layer 1: 3 forced pieces for 2 entries',
    );
  });
});

describe('activations', () => {
  it('(t − c)² is named with its shift: t − c, t + c, or t alone for c = 0', () => {
    expect(shiftedSquare('1/2').name).toBe('(t - 1/2)^2');
    expect(shiftedSquare(-2).name).toBe('(t + 2)^2');
    expect(shiftedSquare(0).name).toBe('(t)^2');
  });
});

describe('more edges (the third sample)', () => {
  it('the half squared loss is half the squared loss, in the risk and not in the gradient’s factor alone', () => {
    // kills: the ½ of `half` dropped from the risk (loss.half ? c·½ : c → c)
    const Yhat = F([[1, 3]]),
      Y = F([[0, 0]]);
    const full = evalLoss(floatBackend, squaredLoss(), Yhat, Y),
      half = evalLoss(floatBackend, squaredLoss({ half: true }), Yhat, Y);
    expect([full.risk, half.risk]).toEqual([5, 2.5]);
    expect(Array.from(half.grad.data)).toEqual(Array.from(full.grad.data).map((g) => g / 2));
  });
  it('cross-entropy with soft targets that do not sum to 1: the gradient is c·(Σy·p − y), checked by differences', () => {
    // kills: the scaling of p by Σy skipped (j < d → j >= d): invisible with one-hot targets
    const Y = F([[1], [1]]);
    const at = (a: number) => evalLoss(floatBackend, crossEntropyLoss(), F([[a], [0]]), Y).risk;
    const g = evalLoss(floatBackend, crossEntropyLoss(), F([[0.5], [0]]), Y).grad.data[0];
    const h = 1e-6;
    expect(g).toBeCloseTo((at(0.5 + h) - at(0.5 - h)) / (2 * h), 6);
    // Σy = 2, p₁ = σ(1/2): 2·σ(1/2) − 1
    expect(g).toBeCloseTo(2 / (1 + Math.exp(-0.5)) - 1, 12);
  });
  it("'same' padding refuses an even kernel on either axis of a 2-D convolution", () => {
    // kills: kh % 2 → kh * 2 (an even kernel height accepted)
    const spec = (kernel: [number, number]) => ({
      input: { channels: 1, height: 3, width: 3 },
      layers: [
        { kind: 'conv2d' as const, filters: 1, kernel, padding: 'same' as const, activation: relu() },
        { kind: 'dense' as const, units: 1, activation: linear() },
      ],
    });
    expect(() => buildNetwork(spec([2, 3]))).toThrow("'same' padding needs an odd kernel, got 2×3");
    expect(() => buildNetwork(spec([3, 2]))).toThrow("'same' padding needs an odd kernel, got 3×2");
    expect(buildNetwork(spec([3, 1])).paramCount).toBeGreaterThan(0);
  });
  it('fcNetwork counts the activations a list of hidden layers needs', () => {
    // kills: L − 1 → L + 1 in the message
    expect(() => fcNetwork([1, 2, 2, 1], [relu()])).toThrow('2 hidden layers need 2 activations, got 1');
  });
  it('a PWL activation without a name is named by its breakpoints and slopes', () => {
    // kills: the breakpoints' names mapped to undefined
    expect(pwl({ breakpoints: [0, '1/2'], slopes: [0, 1, 0] }).name).toBe('pwl(0,1/2 | 0,1,0)');
    // and breakpoints out of order are named in the refusal
    expect(() => pwl({ breakpoints: [1, '1/2'], slopes: [0, 1, 0] })).toThrow(
      'breakpoints must increase strictly; got 1, 1/2',
    );
  });
  it('a ragged dataset names the sample that differs and the first sample’s length', () => {
    // kills: the sample number i + 1 → i − 1
    expect(() => dataset([[1, 2], [3]], [[0], [0]])).toThrow('input of sample 2 has 1 entries, sample 1 has 2');
  });
  it('a Dataset written by hand with no samples is refused in words by the passes, not by a TypeError', () => {
    // kills: `inputs[0]?.length` and `targets[0]?.length` → `[0].length` in dataTensors (both are read
    // before the first check)
    const net = fcNetwork([1, 1], relu());
    const empty = { inputs: [], targets: [] };
    expect(() => dataTensors(floatBackend, net, empty)).toThrow(
      'samples have 0 input entries but the network expects 1',
    );
  });
});

describe('model argument checks, in words', () => {
  // kills: the messages swapped (`name === 'elu' ? … : …` → `true ? …`), `view`'s unknown-name guard dropped, and
  // networkFromJSON's shape guard `||` → `&&` (which reads `null.layers` and throws a TypeError)
  it('a parameter for a smooth activation other than elu, an unknown parameter block, a spec that is not one', () => {
    expect(() => smooth('tanh', 1)).toThrow('only elu takes a parameter; tanh got 1');
    expect(() => smooth('elu', Number.NaN)).toThrow("elu's alpha must be a finite number, got NaN");
    const net = fcNetwork([1, 1, 1], relu());
    expect(() => view(net, 'layer3.weight')).toThrow(
      'no parameter block "layer3.weight"; this network has layer1.weight, layer1.bias, layer2.weight, layer2.bias',
    );
    for (const bad of [null, {}, 5, { layers: 'x' }])
      expect(() => networkFromJSON(bad as never)).toThrow(
        new NetworkError('a network spec needs "input" and a "layers" array'),
      );
  });
});

describe('symmetry helpers', () => {
  // kills: applyRescaling moving θ in place (`theta.slice()` → `theta`)
  it('applyRescaling returns a new point and leaves its argument alone', () => {
    const net = fcNetwork([1, 1, 1], relu());
    const theta = toRats([2, 1, 3, 1]);
    const [sym] = rescalingSymmetries(net);
    const moved = applyRescaling(sym, theta, toRats([2])[0]);
    expect(moved.map((x) => x.toFraction())).toEqual(['4', '2', '3/2', '1']);
    expect(theta.map((x) => x.toFraction())).toEqual(['2', '1', '3', '1']);
  });
  // kills: the bias-transfer guard dropped (`L is a dense pwl layer with biases, next has biases` → `false`): with
  // no biases in the next layer nothing can absorb the shift
  it('nullReadDirections gives no bias transfer into a layer without biases', () => {
    const net = buildNetwork({
      input: { channels: 1, height: 1, width: 1 },
      layers: [
        { kind: 'dense', units: 1, activation: relu() },
        { kind: 'dense', units: 1, activation: linear(), bias: false },
      ],
    });
    const theta = toRats([2, 1, 3]);
    const d = dataset([[1], [2]], [[1], [2]]);
    expect(nullReadDirections(net, activationPattern(net, theta, d), theta)).toEqual([]);
    // with the next layer's bias it is there: b₁ += 1, b₂ −= 1·v = 3
    const withBias = fcNetwork([1, 1, 1], relu());
    const t2 = toRats([2, 1, 3, 0]);
    expect(
      nullReadDirections(withBias, activationPattern(withBias, t2, d), t2).map((v) => v.map((x) => x.toFraction())),
    ).toEqual([['0', '1', '0', '-3']]);
  });
});

describe('more argument checks, and names', () => {
  // kills: buildNetwork's layer-object guard `||` → `&&` (a null layer then fails with a TypeError), the
  // parameter-shape check of a pass dropped, isAffine always false, affineEmbedding's 1-based layer number
  it('a null layer, a θ of the wrong length, affine activations, a smooth layer in affineEmbedding', () => {
    expect(() => buildNetwork({ input: { channels: 1, height: 1, width: 1 }, layers: [null as never] })).toThrow(
      NetworkError,
    );
    expect(() => buildNetwork({ input: { channels: 1, height: 1, width: 1 }, layers: [null as never] })).toThrow(
      /a layer must be an object/,
    );
    const net = fcNetwork([1, 1, 1], relu());
    const X = floatBackend.fromNumbers(1, 1, [1]);
    expect(() => forward(floatBackend, net, floatBackend.fromNumbers(3, 1, [1, 2, 3]), X)).toThrow(
      new RangeError('θ must be 4×1 for this network, got 3×1'),
    );
    expect([isAffine(linear()), isAffine(relu()), isAffine(sigmoid())]).toEqual([true, false, false]);
    const smoothNet = fcNetwork([1, 1, 1], sigmoid());
    expect(() => affineEmbedding(smoothNet, [toRats([1, 0])], [toRats([1])])).toThrow(
      'affineEmbedding needs piecewise-linear activations; layer 1 uses sigmoid',
    );
  });
  // kills: a shear's name numbering its units from 0 (`i + 1` → `i − 1`)
  it('shears are named by their 1-based units', () => {
    const net = fcNetwork([1, 2, 1], relu());
    const theta = toRats([1, 1, 0, 0, 1, 1, 0]); // both units on at x = 1, 2 (slope 1, no intercept)
    const d = dataset([[1], [2]], [[1], [2]]);
    expect(shearSymmetries(net, activationPattern(net, theta, d)).map((s) => s.name)).toEqual([
      'layer 1, unit 1 += u·unit 2',
      'layer 1, unit 2 += u·unit 1',
    ]);
  });
});

describe('blocks, specs and activation facts', () => {
  // kills: setBlock emptied, assembleParams' unknown-block check dropped, the plural of the unknown-fields message
  it('setBlock replaces one block; assembleParams refuses unknown blocks; unknown fields are named', () => {
    const net = fcNetwork([1, 1, 1], relu());
    expect(setBlock(net, [1, 2, 3, 4], 'layer2.weight', [9])).toEqual([1, 2, 9, 4]);
    const blocks = { 'layer1.weight': [1], 'layer1.bias': [2], 'layer2.weight': [3], 'layer2.bias': [4] };
    expect(assembleParams(net, blocks)).toEqual([1, 2, 3, 4]);
    expect(() => assembleParams(net, { ...blocks, 'layer3.bias': [5] })).toThrow(
      new NetworkError('unknown parameter blocks layer3.bias'),
    );
    const spec = (extra: object) => ({
      input: { channels: 1, height: 1, width: 1 },
      layers: [{ kind: 'dense', units: 1, activation: relu(), ...extra }] as never,
    });
    expect(() => buildNetwork(spec({ size: 1 }))).toThrow(/unknown field "size" for a dense layer/);
    expect(() => buildNetwork(spec({ size: 1, stride: 2 }))).toThrow(
      /unknown fields "size", "stride" for a dense layer/,
    );
  });
  // kills: homogeneity needing only some breakpoint at 0 (`every` → `some`) or ignoring the intercepts
  it('a piecewise-linear activation is 1-homogeneous only with every breakpoint at 0 and no intercept', () => {
    expect(homogeneityDegree(relu())).toBe(1);
    expect(homogeneityDegree(pwl({ breakpoints: [0, 1], slopes: [0, 1, 2] }))).toBeNull();
    expect(homogeneityDegree(pwl({ breakpoints: [0], slopes: [0, 1], anchor: { x: 0, y: 1 } }))).toBeNull();
    expect(homogeneityDegree(linear())).toBe(1);
  });
  // kills: a smooth activation's JSON always carrying alpha
  it('activationToJSON writes alpha for elu only when it was given', () => {
    expect(activationToJSON(sigmoid())).toStrictEqual({ kind: 'smooth', name: 'sigmoid' });
    expect(activationToJSON(smooth('elu', 0.5))).toEqual({ kind: 'smooth', name: 'elu', alpha: 0.5 });
  });
});

describe('forced max-pooling positions', () => {
  // kills: the range check `k >= size` → `k > size` (position `size` is one past the window)
  it('must lie in 0..size − 1', () => {
    const net = buildNetwork({
      input: { channels: 1, height: 1, width: 2 },
      layers: [{ kind: 'maxpool1d', size: 2 }],
    });
    const theta = floatBackend.fromNumbers(0, 1, []);
    const X = floatBackend.fromNumbers(2, 1, [1, 2]);
    const ok = forward(floatBackend, net, theta, X, false, [Int32Array.from([0])]);
    expect(Array.from(ok.output.data)).toEqual([1]);
    for (const k of [2, -1])
      expect(() => forward(floatBackend, net, theta, X, false, [Int32Array.from([k])])).toThrow(
        'layer 1: a forced max-pooling position must be 0..1',
      );
  });
});

describe('the fourth sample (seed 8)', () => {
  // kills: dataTensors' target-width check `dy !== net.outputDim` → false
  it('targets of the wrong width are refused by the passes in words', () => {
    const net = fcNetwork([1, 2], linear());
    expect(() => dataTensors(floatBackend, net, dataset([[1]], [[1]]))).toThrow(
      'samples have 1 target entries but the network outputs 2',
    );
  });

  // kills: the running minimum margins `minMargin === null || m < minMargin` → `&&` (it stays null)
  it('activationPattern reports the smallest margin, of an activation and of a max pooling', () => {
    const net = fcNetwork([1, 1, 1], relu());
    const p = activationPattern(net, [1, 0, 1, 0], dataset([[3], [2]], [[0], [0]]));
    expect(p.minMargin?.toFraction()).toBe('2');
    // a max pooling's margin is half the gap to the runner-up: windows (1, 4) and (3, 2) give 3/2 and 1/2
    const pool = buildNetwork({
      input: { channels: 1, height: 1, width: 4 },
      layers: [
        { kind: 'maxpool1d', size: 2 },
        { kind: 'dense', units: 1, activation: linear() },
      ],
    });
    expect(activationPattern(pool, [1, 1, 0], dataset([[1, 4, 3, 2]], [[0]])).minMargin?.toFraction()).toBe('1/2');
  });

  // kills: exactGradient's loss check → false (riskGradient would run with cross-entropy)
  it('the exact gradient refuses cross-entropy in words', () => {
    const net = fcNetwork([1, 2], linear());
    expect(() => exactGradient(net, crossEntropyLoss(), [1, 1, 0, 0], dataset([[1]], [[1, 0]]))).toThrow(
      'the exact gradient needs the squared loss',
    );
  });

  // kills: the squared loss's Gauss–Newton block as the Gram matrix JJᵀ scaled once (`loss.kind === 'squared'` →
  // false: the general branch multiplies J by 2k·J, whose rounding is not symmetric in floats)
  it('the float Hessian of the mean squared loss of a 3-2-2 relu net is symmetric bit for bit', () => {
    const net = fcNetwork([3, 2, 2], relu());
    const theta = paramTensor(
      floatBackend,
      net,
      Array.from({ length: net.paramCount }, (_, k) => 0.1 + k / 7),
    );
    const rows = [
      [0.3, -1.7, 2.9],
      [1.1, 0.7, -0.3],
      [-2.3, 0.9, 1.3],
    ];
    const X = floatBackend.fromNumbers(3, 3, Float64Array.from([0, 1, 2].flatMap((j) => rows.map((r) => r[j]))));
    const Y = floatBackend.fromNumbers(2, 3, Float64Array.from([0.1, 0.2, 0.3, -0.4, 0.5, 0.6]));
    const H = hessian(floatBackend, net, squaredLoss(), theta, X, Y).hessian;
    H.forEach((row, q) => row.forEach((h, r) => expect(h, `H[${q}][${r}]`).toBe(H[r][q])));
  });

  // kills: samePatternClasses' exclusion of units on a piece with an intercept (`!exclusive || some(intercept) ||
  // every(slope 0)` → `(!exclusive || some(intercept)) && every(slope 0)`)
  it('units on a piece with a nonzero intercept form no class (their outputs do not scale with a direction)', () => {
    const lifted = pwl({ breakpoints: [0], slopes: [0, 1], anchor: { x: 0, y: 1 }, name: 'relu + 1' });
    const d = dataset([[1], [2]], [[0], [0]]);
    const theta = [1, 1, 0, 0, 1, 1, 0]; // both hidden units at z = x > 0, on the piece h = 1 + z
    expect(
      samePatternClasses(fcNetwork([1, 2, 1], lifted), activationPattern(fcNetwork([1, 2, 1], lifted), theta, d)),
    ).toEqual([]);
    const plain = fcNetwork([1, 2, 1], relu());
    expect(samePatternClasses(plain, activationPattern(plain, theta, d)).map((c) => c.units)).toEqual([[0, 1]]);
  });

  // kills: nullReadDirections' guard of the bias transfers (a piecewise-linear dense layer with biases read by
  // a layer with biases) → false: a max-pooling layer in the pattern has no biases
  it('nullReadDirections on a net with a max pooling: every direction leaves the outputs alone', () => {
    const net = buildNetwork({
      input: { channels: 1, height: 1, width: 4 },
      layers: [
        { kind: 'conv1d', filters: 1, kernel: 1, padding: 'valid', activation: relu() },
        { kind: 'maxpool1d', size: 2 },
        { kind: 'dense', units: 1, activation: linear() },
      ],
    });
    const theta = toRats([1, 0, 1, 1, 0]);
    const d = dataset([[1, 2, 4, 3]], [[0]]);
    const base = exactOutputs(net, theta, d);
    const dirs = nullReadDirections(net, activationPattern(net, theta, d), theta);
    for (const dir of dirs)
      expect(
        exactOutputs(
          net,
          theta.map((x, k) => x.add(dir[k])),
          d,
        ),
      ).toEqual(base);
  });
});

describe('the fifth sample (seed 9)', () => {
  // kills: kinkSlopes' right slope `slopes[k + 1]` → `slopes[k − 1]`
  it('kinkSlopes: the slopes on either side of each breakpoint, and whether it turns', () => {
    const a = pwl({ breakpoints: [0, 1, 2], slopes: [0, 1, 1, 3] });
    // pwl normalises away the breakpoint 1, where the slope does not change
    expect(kinkSlopes(a).map((k) => [k.at.toFraction(), k.left.toFraction(), k.right.toFraction(), k.turning])).toEqual(
      [
        ['0', '0', '1', true],
        ['2', '1', '3', true],
      ],
    );
  });

  // kills: affineEmbedding's input count in its message (`W[0].length − 1` → `+ 1`)
  it('affineEmbedding names the inputs the map needs', () => {
    expect(() => affineEmbedding(fcNetwork([2, 2, 1], relu()), [toRats([1, 0])], [toRats([1, 2])])).toThrow(
      'the map needs 1 inputs, the network has 2',
    );
  });

  // kills: samePatternClasses' skip of units dead on every sample (`every(slope 0)` → false)
  it('units off on every sample form no class', () => {
    const net = fcNetwork([1, 2, 1], relu());
    const theta = [-1, -1, 0, 0, 1, 1, 0]; // z = −x < 0 on x = 1, 2 for both units
    expect(samePatternClasses(net, activationPattern(net, theta, dataset([[1], [2]], [[0], [0]])))).toEqual([]);
  });

  // kills: the kink margin's distance |z − b| → |z + b| (relu's breakpoint 0 hides it)
  it('float32Bounds: a unit min(z, 1) at z = 3/4 is 1/4 from its breakpoint (and 7/4 from −1)', () => {
    const capped = pwl({ breakpoints: [1], slopes: [1, 0], name: 'min(z, 1)' });
    const net = buildNetwork({
      input: { channels: 1, height: 1, width: 1 },
      layers: [{ kind: 'dense', units: 1, activation: capped }],
    });
    const f = float32Bounds(net, squaredLoss(), [0.5, 0.25], { inputs: [[1]], targets: [[0]] });
    expect(f.kinkMargin).toBeGreaterThan(0.25 - 1e-6);
    expect(f.kinkMargin).toBeLessThan(0.25);
  });

  // kills: the gradient bound computed for a net that is not piecewise linear (`pwlOnly` → true)
  it('float32Bounds gives no gradient bound through a sigmoid', () => {
    const net = fcNetwork([1, 1, 1], sigmoid());
    expect(float32Bounds(net, squaredLoss(), [1, 0, 1, 0], { inputs: [[1]], targets: [[0]] }).grad).toBeNull();
  });
});
