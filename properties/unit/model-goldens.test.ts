// Exact goldens for the model layer, computed independently from the conventions
// (README "Conventions") by properties/goldens/compute_goldens.py in Python
// Fractions — back-propagation, hyper-dual numbers and exact polynomial
// interpolation, all agreeing exactly. Regenerate with
//   python3 properties/goldens/compute_goldens.py > properties/goldens/model-goldens.json
import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import {
  fcNetwork,
  buildNetwork,
  relu,
  leakyRelu,
  hardTanh,
  absolute,
  linear,
  squaredLoss,
  dataset,
  exactRisk,
  exactGradient,
  exactHessian,
  exactOutputs,
} from '../../src/model/index.js';

interface View {
  name: string;
  offset: number;
  size: number;
  shape: number[];
}
interface Golden {
  name: string;
  spec: any;
  minBreakpointDistance: string;
  paramCount: number;
  views: View[];
  theta: string[];
  inputs: string[][];
  targets: string[][];
  outputs: string[][];
  risk: string;
  gradient: string[];
  hessian?: string[][];
}

const goldens: { nets: Golden[] } = JSON.parse(
  readFileSync(new URL('../goldens/model-goldens.json', import.meta.url), 'utf8'),
);

function activation(name: string) {
  if (name === 'relu') return relu();
  if (name === 'hardTanh') return hardTanh();
  if (name === 'absolute') return absolute();
  if (name === 'linear') return linear();
  const m = /^leakyRelu\((.+)\)$/.exec(name);
  if (m) return leakyRelu(m[1]);
  throw new Error(`unknown activation ${name}`);
}

function build(spec: any) {
  if (spec.builder === 'fcNetwork') return fcNetwork(spec.widths, activation(spec.hidden), spec.bias);
  return buildNetwork({
    input: spec.input,
    layers: spec.layers.map((l: any) =>
      'activation' in l ? { ...l, activation: activation(l.activation) } : { ...l },
    ),
  });
}

const str = (x: { toFraction(): string }) => x.toFraction();

describe('model goldens (independent exact Python computation)', () => {
  it('covers the four nets', () => {
    expect(goldens.nets.map((g) => g.name)).toEqual([
      'fc-hardtanh-2-3-2',
      'cnn1d-leaky',
      'cnn2d-relu',
      'fc-abs-2-2-1-nobias',
    ]);
  });

  for (const g of goldens.nets) {
    describe(g.name, () => {
      const net = build(g.spec);
      const loss = squaredLoss();
      const data = dataset(g.inputs, g.targets);

      it('has the expected parameter count and views', () => {
        expect(net.paramCount).toBe(g.paramCount);
        expect(g.theta.length).toBe(g.paramCount);
        expect(net.views.map((v) => ({ name: v.name, offset: v.offset, size: v.size, shape: [...v.shape] }))).toEqual(
          g.views,
        );
      });

      it('outputs', () => {
        const out = exactOutputs(net, g.theta, data);
        expect(out.map((row) => row.map(str))).toEqual(g.outputs);
      });

      it('risk', () => {
        expect(str(exactRisk(net, loss, g.theta, data))).toBe(g.risk);
      });

      it('gradient', () => {
        const r = exactGradient(net, loss, g.theta, data);
        expect(r.kind).toBe('interior');
        if (r.kind !== 'interior') return;
        expect(str(r.risk)).toBe(g.risk);
        expect(r.value.length).toBe(g.paramCount);
        expect(r.value.map(str)).toEqual(g.gradient);
      });

      if (g.hessian) {
        const H = g.hessian;
        it('Hessian', () => {
          const r = exactHessian(net, loss, g.theta, data);
          expect(r.kind).toBe('interior');
          if (r.kind !== 'interior') return;
          expect(str(r.risk)).toBe(g.risk);
          expect(r.value.length).toBe(g.paramCount);
          expect(r.value.map((row) => row.map(str))).toEqual(H);
        });
      }
    });
  }
});
