// planeCells: the activation cells of a PWL net cut by a plane of one layer's parameters, as
// polygons. They tile the box, and every point strictly inside a polygon has that polygon's pieces
// (checked against a plain forward pass at the point), also for planes in a first layer of a deep net,
// where the later layers' cells are cut inside the earlier ones'.
import { test, fc } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { planeCells, type Vertex } from '../../src/landscape/plane-cells.js';
import { dataset, dataTensors, fcNetwork, forward, hardTanh, leakyRelu, relu, view } from '../../src/model/index.js';
import { floatBackend } from '../../src/numeric/index.js';

const area = (p: Vertex[]) =>
  p.reduce((s, v, i) => s + v[0] * p[(i + 1) % p.length][1] - p[(i + 1) % p.length][0] * v[1], 0) / 2;
/** strictly inside a counter-clockwise convex polygon, by margin `eps` */
const inside = (p: Vertex[], q: Vertex, eps: number) =>
  p.every((v, i) => {
    const w = p[(i + 1) % p.length];
    const len = Math.hypot(w[0] - v[0], w[1] - v[1]);
    return len === 0 || ((w[0] - v[0]) * (q[1] - v[1]) - (w[1] - v[1]) * (q[0] - v[0])) / len > eps;
  });

const small = fc.integer({ min: -3, max: 3 });
const instance = fc.record({
  widths: fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 2, maxLength: 2 }),
  d0: fc.integer({ min: 1, max: 2 }),
  act: fc.constantFrom(relu(), hardTanh(), leakyRelu('1/2')),
  theta: fc.array(small, { minLength: 40, maxLength: 40 }),
  xs: fc.array(fc.array(small, { minLength: 2, maxLength: 2 }), { minLength: 1, maxLength: 4 }),
  layer: fc.nat(),
  pick: fc.array(fc.nat(), { minLength: 2, maxLength: 2 }),
  probes: fc.array(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true })), {
    minLength: 40,
    maxLength: 40,
  }),
});

/** Compare the pieces of the polygon holding q with a plain forward pass at q; false when q is next to a boundary. */
function agrees(
  net: ReturnType<typeof fcNetwork>,
  theta: number[],
  d1: number[],
  d2: number[],
  data: ReturnType<typeof dataset>,
  cells: ReturnType<typeof planeCells>,
  q: Vertex,
): boolean {
  const home = cells.filter((c) => inside(c.polygon, q, 1e-7));
  if (home.length === 0) return false;
  expect(home).toHaveLength(1);
  const be = floatBackend;
  const { X } = dataTensors(be, net, data);
  const tr = forward(
    be,
    net,
    be.fromNumbers(
      net.paramCount,
      1,
      theta.map((x, i) => x + q[0] * d1[i] + q[1] * d2[i]),
    ),
    X,
  );
  tr.layers.forEach((lt, k) => {
    if (lt.layer.identity || lt.layer.activation.kind !== 'pwl') return;
    const bps = lt.layer.activation.breakpoints.map((b) => b.valueOf());
    const got = [...be.toNumbers(lt.pre)].map((z) => bps.filter((b) => z > b).length);
    expect([...home[0].pieces[k]!], `layer ${k + 1} at (${q})`).toEqual(got);
  });
  return true;
}

describe('planeCells', () => {
  // kills: evaluating a later layer's pre-activations without forcing the earlier layers' pieces to the
  // polygon's own (its affine formula then belongs to another cell)
  it('a plane in the first layer of a 1-2-2-1 ReLU net: layer-2 cells are cut inside layer-1 cells', () => {
    const net = fcNetwork([1, 2, 2, 1], relu());
    const theta = [1, -1, 0.5, 0.5, 1, -1, 1, 1, 0, -0.5, 1, 1, 0];
    const data = dataset([[1], [-1], [2]], [[0], [0], [0]]);
    const d1 = new Array(13).fill(0),
      d2 = new Array(13).fill(0);
    d1[0] = 1;
    d2[2] = 1;
    const cells = planeCells(net, theta, d1, d2, data, { a: [-3, 3], b: [-3, 3] });
    let compared = 0;
    for (let i = 0; i < 30; i++)
      for (let j = 0; j < 30; j++)
        if (agrees(net, theta, d1, d2, data, cells, [-3 + (i + 0.5) / 5, -3 + (j + 0.5) / 5])) compared++;
    expect(compared).toBeGreaterThan(800);
  });

  // kills: not forcing the earlier layers' pieces (deep nets), cutting on the wrong side, a wrong piece index,
  // dropping a part of the box
  test.prop([instance], { numRuns: 60 })('the polygons tile the box and carry the pieces of their points', (v) => {
    const net = fcNetwork([v.d0, ...v.widths, 1], v.act);
    const theta = v.theta.slice(0, net.paramCount).map((x) => x / 2);
    const data = dataset(
      v.xs.map((x) => x.slice(0, v.d0)),
      v.xs.map(() => [0]),
    );
    // a plane in the weights and bias of one hidden layer
    const l = 1 + (v.layer % v.widths.length);
    const own = [view(net, `layer${l}.weight`), view(net, `layer${l}.bias`)].flatMap((w) =>
      Array.from({ length: w.size }, (_, i) => w.offset + i),
    );
    const [i1, i2] = [
      own[v.pick[0] % own.length],
      own[(v.pick[0] + 1 + (v.pick[1] % (own.length - 1 || 1))) % own.length],
    ];
    const d1 = new Array(net.paramCount).fill(0),
      d2 = new Array(net.paramCount).fill(0);
    d1[i1] = 1;
    d2[i2] = i2 === i1 ? 0 : 1;
    if (i2 === i1) d2[i1] = 0.5; // one parameter: a degenerate but valid plane
    const box = { a: [-3, 3] as [number, number], b: [-2, 4] as [number, number] };
    const cells = planeCells(net, theta, d1, d2, data, box);
    const total = cells.reduce((s, c) => s + area(c.polygon), 0);
    expect(total).toBeCloseTo(36, 6);
    for (const c of cells) expect(area(c.polygon)).toBeGreaterThan(0); // counter-clockwise
    for (const [s, t] of v.probes) agrees(net, theta, d1, d2, data, cells, [box.a[0] + 6 * s, box.b[0] + 6 * t]);
  });

  it('refuses a plane across two layers (its cells are not polygons)', () => {
    const net = fcNetwork([1, 2, 1], relu());
    const d = dataset([[0], [1]], [[0], [1]]);
    const d1 = [1, 0, 0, 0, 0, 0, 0],
      d2 = [0, 0, 0, 0, 1, 0, 0];
    expect(() => planeCells(net, new Array(7).fill(0.5), d1, d2, d, { a: [-1, 1], b: [-1, 1] })).toThrow(
      /one layer only/,
    );
  });

  // kills: the length check of θ and the directions dropped, and a layer's bias read when it has none
  // (`if (l.biasIndex)` → `true` iterates null)
  it('refuses directions of the wrong length, and cuts the plane of a net without biases', () => {
    const net = fcNetwork([1, 2, 1], relu(), false); // θ = (W¹₁, W¹₂, W²₁, W²₂)
    const d = dataset([[1], [-1]], [[1], [0]]);
    expect(() => planeCells(net, [1, 1, 1, 1], [1, 0, 0], [0, 1, 0, 0], d, { a: [-1, 1], b: [-1, 1] })).toThrow(
      new RangeError('θ and both directions need 4 entries'),
    );
    // the plane of the two first-layer weights: each unit's kink w = 0 cuts the box [−1, 1]² into 4 quadrants
    const cells = planeCells(net, [0, 0, 1, 1], [1, 0, 0, 0], [0, 1, 0, 0], d, { a: [-1, 1], b: [-1, 1] });
    expect(cells).toHaveLength(4);
    for (const c of cells) expect(area(c.polygon)).toBeCloseTo(1, 12);
  });
});
