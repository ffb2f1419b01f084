// paramName: every parameter of any network in plain words, from the network's own structure.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { buildNetwork, fcNetwork, linear, paramName, relu, type Network } from '../../src/model/index.js';
import { cnnArch, fcArch } from '../../src/gen/index.js';

const names = (net: Network) => Array.from({ length: net.paramCount }, (_, p) => paramName(net, p));

describe('paramName', () => {
  it('dense layers: W^l(output, input) and b^l(output), 1-based', () => {
    const net = fcNetwork([2, 3, 1], relu());
    expect(names(net)).toEqual([
      ...['W¹(1,1)', 'W¹(1,2)', 'W¹(2,1)', 'W¹(2,2)', 'W¹(3,1)', 'W¹(3,2)'],
      ...['b¹(1)', 'b¹(2)', 'b¹(3)'],
      ...['W²(1,1)', 'W²(1,2)', 'W²(1,3)', 'b²(1)'],
    ]);
  });

  it('conv layers: map, input channel and tap; the dense layer after feature maps says where its input unit sits', () => {
    const net = buildNetwork({
      input: { channels: 2, height: 1, width: 4 },
      layers: [
        { kind: 'conv1d', filters: 2, kernel: 3, padding: 'same', activation: relu() },
        { kind: 'avgpool1d', size: 2 },
        { kind: 'dense', units: 1, activation: linear() },
      ],
    });
    const all = names(net);
    expect(all.slice(0, 7)).toEqual([
      'layer 1, map 1, tap (channel 1, left)',
      'layer 1, map 1, tap (channel 1, centre)',
      'layer 1, map 1, tap (channel 1, right)',
      'layer 1, map 1, tap (channel 2, left)',
      'layer 1, map 1, tap (channel 2, centre)',
      'layer 1, map 1, tap (channel 2, right)',
      'layer 1, map 2, tap (channel 1, left)',
    ]);
    expect(all.slice(12)).toEqual([
      'layer 1, map 1, bias',
      'layer 1, map 2, bias',
      'W³(1,1) (map 1, position 1)',
      'W³(1,2) (map 1, position 2)',
      'W³(1,3) (map 2, position 1)',
      'W³(1,4) (map 2, position 2)',
      'b³(1)',
    ]);
    const img = buildNetwork({
      input: { channels: 1, height: 2, width: 2 },
      layers: [
        { kind: 'conv2d', filters: 1, kernel: [1, 2], padding: 'valid', activation: relu() },
        { kind: 'dense', units: 1, activation: linear() },
      ],
    });
    expect(names(img)).toEqual([
      'layer 1, map 1, tap (channel 1, row 1, column 1)',
      'layer 1, map 1, tap (channel 1, row 1, column 2)',
      'layer 1, map 1, bias',
      'W²(1,1) (map 1, row 1, column 1)',
      'W²(1,2) (map 1, row 2, column 1)',
      'b²(1)',
    ]);
    expect(() => paramName(img, img.paramCount)).toThrow(RangeError);
  });

  it('every index of a generated network gets a distinct name, and a conv tap name agrees with the index map', () => {
    fc.assert(
      fc.property(fc.oneof(fcArch(), cnnArch({ dims: 1 }), cnnArch({ dims: 2 })), (net) => {
        const all = names(net);
        expect(new Set(all).size).toBe(net.paramCount);
        for (const layer of net.layers) {
          if (!layer.weightIndex || layer.spec.kind === 'dense') continue;
          const area = layer.outShape.height * layer.outShape.width;
          const inArea = layer.inShape.height * layer.inShape.width;
          layer.weightIndex.forEach((p, e) => {
            if (p < 0) return;
            const row = Math.floor(e / layer.inDim),
              col = e % layer.inDim;
            expect(all[p]).toContain(
              `layer ${layer.number}, map ${Math.floor(row / area) + 1}, tap (channel ${Math.floor(col / inArea) + 1}, `,
            );
          });
        }
      }),
      { numRuns: 100 },
    );
  });
});
