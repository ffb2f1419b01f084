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
} from '../../src/model/index.js';

const F = (rows: number[][]) => floatBackend.fromNumbers(rows.length, rows[0].length, Float64Array.from(rows.flat()));

describe('losses', () => {
  it('cross-entropy shifts by the largest output, wherever it is: a 1000 in the second row stays finite', () => {
    // kills the log-sum-exp maximum search mutated away (the shift would be the first output, and exp(1000) = ∞)
    const v = evalLoss(floatBackend, crossEntropyLoss(), F([[0], [1000]]), F([[0], [1]]));
    expect(Number.isFinite(v.risk)).toBe(true);
    expect(v.risk).toBeCloseTo(0, 12);
    const w = evalLoss(floatBackend, crossEntropyLoss(), F([[0], [1000]]), F([[1], [0]]));
    expect(w.risk).toBeCloseTo(1000, 9);
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
