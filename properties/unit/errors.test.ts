/**
 * Bad input gives a clear one-line error naming the problem, never a silent
 * wrong answer, NaN, or a crash from deep inside. Each case here was once
 * wrong (found by review) and stays as a regression test.
 */
import { describe, expect, it } from 'vitest';
import { Fraction } from 'fraction.js';
import {
  activationFromJSON,
  buildNetwork,
  dataset,
  dataTensors,
  exactGradient,
  exactRisk,
  fcNetwork,
  linear,
  networkFromJSON,
  paramTensor,
  pwl,
  relu,
  risk,
  smooth,
  squaredLoss,
  type Loss,
} from '../../src/model/index.js';
import { decimalField, floatBackend, rational, scalarBackend } from '../../src/numeric/index.js';
import { floatDefiniteness, floatRank } from '../../src/linalg/index.js';

const mse = squaredLoss();

describe('clear errors for bad input', () => {
  it('NaN or Infinity in θ on the float path', () => {
    const net = fcNetwork([1, 1], []);
    expect(() => paramTensor(floatBackend, net, [NaN, 0])).toThrow(/θ\[0\] is NaN; parameters must be finite/);
    expect(() => paramTensor(floatBackend, net, [0, Infinity])).toThrow(/θ\[1\] is Infinity/);
  });

  it('misspelt losses (as read from JSON) and zero samples', () => {
    const net = fcNetwork([1, 1], []);
    const d = dataset([[1]], [[1]]);
    const { X, Y } = dataTensors(floatBackend, net, d);
    const th = paramTensor(floatBackend, net, [0, 0]);
    expect(() => risk(floatBackend, net, { kind: 'squared', reduction: 'avg' } as unknown as Loss, th, X, Y)).toThrow(
      /unknown reduction "avg"; use 'mean' or 'sum'/,
    );
    expect(() => risk(floatBackend, net, { kind: 'mse' } as unknown as Loss, th, X, Y)).toThrow(
      /unknown loss kind "mse"/,
    );
    expect(() => exactRisk(net, { kind: 'squard' } as unknown as Loss, ['0', '0'], d)).toThrow(
      /unknown loss kind "squard"/,
    );
    expect(() => risk(floatBackend, net, mse, th, floatBackend.zeros(1, 0), floatBackend.zeros(1, 0))).toThrow(
      /zero samples/,
    );
  });

  it('unknown smooth activations, bad ELU parameters, and fromInt of a non-integer', () => {
    expect(() => smooth('foo' as never)).toThrow(/unknown smooth activation "foo"; known: sigmoid/);
    expect(() => activationFromJSON({ kind: 'smooth', name: 'relu6' as never })).toThrow(
      /unknown smooth activation "relu6"/,
    );
    expect(() => smooth('elu', NaN)).toThrow(/alpha must be a finite number/);
    expect(() => rational.fromInt(1.5)).toThrow(/fromInt needs an integer, got 1.5/);
  });

  it('network specs from JSON: missing input, unknown fields, non-boolean flags, unknown kinds', () => {
    expect(() => buildNetwork({ layers: [] } as never)).toThrow(/needs an "input" shape/);
    const ok = {
      input: { channels: 1, height: 1, width: 4 },
      layers: [
        {
          kind: 'conv1d',
          filters: 1,
          kernel: 3,
          activation: { kind: 'pwl', name: 'relu', breakpoints: ['0'], slopes: ['0', '1'], anchor: { x: '0', y: '0' } },
        },
      ],
    };
    expect(() => networkFromJSON(ok as never)).not.toThrow();
    expect(() => networkFromJSON({ ...ok, layers: [{ ...ok.layers[0], bias: 'false' }] } as never)).toThrow(
      /"bias" must be true or false, got "false"/,
    );
    expect(() => networkFromJSON({ ...ok, layers: [{ ...ok.layers[0], strides: 2 }] } as never)).toThrow(
      /unknown field "strides" for a conv1d layer/,
    );
    expect(() => networkFromJSON({ ...ok, layers: [{ kind: 'minpool1d', size: 2 }] } as never)).toThrow(
      /unknown layer kind "minpool1d"/,
    );
    expect(() =>
      buildNetwork({ input: { channels: 1, height: 1, width: 1 }, layers: [{ kind: 'dense', units: 1 }] } as never),
    ).toThrow(/missing activation/);
  });

  it('rows that are not arrays', () => {
    expect(() => dataset([1, 2] as never, [0, 1] as never)).toThrow(/input of sample 1 is not an array/);
  });

  it('NaN in float linear algebra', () => {
    expect(() =>
      floatRank([
        [NaN, 1],
        [1, 1],
      ]),
    ).toThrow(/entry \(0, 0\) is NaN/);
    expect(() =>
      floatDefiniteness([
        [1, NaN],
        [NaN, 1],
      ]),
    ).toThrow(/is NaN/);
  });
});

describe('fixed wrong answers', () => {
  it('large (but finite) floats: eigenvalue classification of a 433×433 matrix', () => {
    const n = 433;
    const A = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 + i : 0)));
    expect(floatDefiniteness(A).kind).toBe('positive-definite');
  });

  it('pooling matrices are cached per backend object, not per name (two decimal precisions)', () => {
    const net = buildNetwork({ input: { channels: 1, height: 1, width: 3 }, layers: [{ kind: 'avgpool1d', size: 3 }] });
    const d = dataset([[1, 0, 0]], [['1/3']]);
    const lo = scalarBackend(decimalField(20), 'decimal'),
      hi = scalarBackend(decimalField(60), 'decimal');
    for (const be of [lo, hi]) {
      const { X, Y } = dataTensors(be, net, d);
      const r = risk(be, net, mse, paramTensor(be, net, []), X, Y);
      // (1/3 − 1/3)² = 0 only if the pool weight 1/3 has the backend's full precision
      expect(be.field.isZero(r)).toBe(true);
    }
  });

  it('float activations with huge rational breakpoints (both parts beyond 1e308)', () => {
    const big = 10n ** 400n;
    const act = pwl({ breakpoints: [new Fraction(big + 1n, big)], slopes: [0, 1], name: 'shifted relu' });
    const net = buildNetwork({
      input: { channels: 1, height: 1, width: 1 },
      layers: [
        { kind: 'dense', units: 1, activation: act },
        { kind: 'dense', units: 1, activation: linear() },
      ],
    });
    const d = dataset([[2]], [[0]]);
    const { X } = dataTensors(floatBackend, net, d);
    // h(2) = 2 − (1 + 10^-400) ≈ 1; with unit weights and zero biases the risk is h(2)² ≈ 1
    const th = paramTensor(floatBackend, net, [1, 0, 1, 0]);
    expect(risk(floatBackend, net, mse, th, X, floatBackend.zeros(1, 1))).toBeCloseTo(1, 12);
  });

  it('a breakpoint with equal slopes on both sides is no kink: merged away, and the gradient exists there', () => {
    const a = pwl({ breakpoints: [0, 1], slopes: [1, 1, 2] });
    expect(a.breakpoints.map((b) => b.toFraction())).toEqual(['1']);
    const net = fcNetwork([1, 1, 1], pwl({ breakpoints: [0], slopes: [1, 1] }));
    expect(exactGradient(net, mse, ['1', '0', '1', '0'], dataset([[0]], [[1]])).kind).toBe('interior');
    void relu;
  });
});
