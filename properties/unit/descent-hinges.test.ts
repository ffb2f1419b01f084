/**
 * Hinge directions at every layer (issue 13, item 1). Each instance plants a
 * descent that only a hinge reaches: a network at a planted cell minimum gets
 * one more unit (a dense unit, or a conv feature map, possibly before a
 * pooling layer, possibly without bias) whose weights are all zero, so it sits
 * on its kink at every sample. Switching it on where one of its inputs exceeds
 * τ and moving one outgoing weight changes the risk at order t² by
 * (2/N)·Σ_i r_i·c_i, with c_i computed here by exact evaluation; instances
 * where that is 0 have no planted descent and are skipped by fc.pre (the
 * hypothesis). The test confirms the planted descent by the exact curve
 * analysis, then requires descentSearch to find a descent, re-checked.
 */
import { fc, test } from '@fast-check/vitest';
import { Fraction } from 'fraction.js';
import { describe, expect, it } from 'vitest';
import {
  analyseLocalMin,
  descentAlong,
  descentSearch,
  hingeCandidates,
  plantCellMinimum,
  rayCurve,
  recheck,
} from '../../src/landscape/index.js';
import {
  activationPattern,
  buildNetwork,
  dataset,
  exactOutputs,
  exactPreActivations,
  fcNetwork,
  linear,
  pwl,
  relu,
  squaredLoss,
  type Dataset,
  type LayerSpec,
  type Network,
} from '../../src/model/index.js';
import { unitParameters } from '../../src/model/symmetry.js';
import { toRats } from '../../src/numeric/index.js';
import { witnessLowers } from '../helpers/landscape.js';
import { liuG3 } from '../helpers/landscape.js';
import { rational } from '../../src/numeric/index.js';

const mse = squaredLoss();
const F = (x: number | string | bigint) => new Fraction(x as number);
const ZERO = F(0);

/** θ of `small` embedded in `big` (same parameter names; axes that grew are padded with zeros at their end). */
function embed(small: Network, big: Network, theta: readonly Fraction[]): Fraction[] {
  const out = new Array<Fraction>(big.paramCount).fill(ZERO);
  for (const v of small.views) {
    const w = big.views.find((x) => x.name === v.name)!;
    for (let k = 0; k < v.size; k++) {
      // unravel k in v.shape, ravel in w.shape
      let rem = k,
        flat = 0,
        stride = 1;
      const idx = v.shape.map(() => 0);
      for (let a = v.shape.length - 1; a >= 0; a--) {
        idx[a] = rem % v.shape[a];
        rem = Math.floor(rem / v.shape[a]);
      }
      for (let a = w.shape.length - 1; a >= 0; a--) {
        flat += idx[a] * stride;
        stride *= w.shape[a];
      }
      out[w.offset + flat] = theta[v.offset + k];
    }
  }
  return out;
}

interface Planted {
  net: Network;
  theta: Fraction[];
  data: Dataset;
  /** the planted hinge direction, with its predicted sign already chosen */
  hinge: Fraction[];
}

/**
 * Pad layer `at` (index into `layers`) of the net by one zero unit/map, plant a cell minimum of the
 * small net, and the hinge (tap `tap` of the new unit, threshold at gap `gap` of that input's values,
 * the first outgoing weight). A reason (string) when the planted t² coefficient is 0 or θ is not interior.
 */
function plant(
  input: { channels: number; height: number; width: number },
  layers: LayerSpec[],
  at: number,
  thetaInts: number[],
  inputs: Fraction[][],
  coeffs: Fraction[],
  tap: number,
  gap: number,
): Planted | string {
  const small = buildNetwork({ input, layers });
  const grown = layers.map((l, k) =>
    k !== at
      ? l
      : l.kind === 'dense'
        ? { ...l, units: l.units + 1 }
        : 'filters' in l
          ? { ...l, filters: l.filters + 1 }
          : l,
  );
  const net = buildNetwork({ input, layers: grown });
  // θ of the small net: k/2 values moved off the grid, so no pre-activation is exactly 0 (inputs are nonzero)
  const th = Array.from({ length: small.paramCount }, (_, p) =>
    F(thetaInts[p % thetaInts.length])
      .div(2)
      .add(new Fraction(1, 1009 + p)),
  );
  const probe = dataset(
    inputs,
    inputs.map(() => new Array(small.outputDim).fill(0)),
  );
  if (!activationPattern(small, th, probe).interior) return 'θ on a kink';
  const planted = plantCellMinimum(small, th, inputs, coeffs);
  // output 1 fitted exactly (residual 0), so with two outputs only the readers of output 2 can descend
  const fit = exactOutputs(small, th, planted);
  const data =
    small.outputDim > 1
      ? dataset(
          inputs,
          planted.targets.map((y, i) => y.map((v, o) => (o === 0 ? fit[i][0] : v))),
        )
      : planted;
  const theta = embed(small, net, th);
  // the new unit is the last channel of layer at + 1
  const u = unitParameters(net, { throughFixed: true }).find(
    (x) => x.layer === at + 1 && x.channel === net.layers[at].outShape.channels - 1,
  )!;
  const L = net.layers[at];
  const biasSet = new Set(L.biasIndex ?? []);
  const weights = u.incoming.filter((p) => !biasSet.has(p));
  const biases = u.incoming.filter((p) => biasSet.has(p));
  // a: one tap, or (bias-free) the difference of two taps
  const a = new Array<Fraction>(net.paramCount).fill(ZERO);
  a[weights[tap % weights.length]] = F(1);
  if (!biases.length && weights.length > 1) a[weights[(tap + 1) % weights.length]] = F(-1);
  const zs = exactPreActivations(
    net,
    theta.map((x, p) => (a[p].n !== 0n ? a[p] : biases.includes(p) ? ZERO : x)),
    data,
  );
  const vals = [...new Map(u.rows.flatMap((r) => zs[at][r]).map((v) => [v.toFraction(), v])).values()].sort((x, y) =>
    x.compare(y),
  );
  let tau = ZERO;
  if (biases.length) {
    if (vals.length < 2) return 'one input value';
    const g = gap % (vals.length - 1);
    tau = vals[g].add(vals[g + 1]).div(2);
  }
  // c_i = (ŷ_i(θ with the unit on at scale ε, outgoing weight 1) − ŷ_i(θ)) / ε, exact for ε small enough
  // that no other unit changes piece; the first outgoing weight with Σ r_i·c_i ≠ 0 is planted
  const base = exactOutputs(net, theta, data);
  const others = (th2: Fraction[]) =>
    activationPattern(net, th2, data)
      .layers.filter((lp) => lp.layer !== at + 1)
      .map((lp) => lp.piece.flat().join(','))
      .join('|');
  const ref = others(theta);
  for (const out of u.outgoing)
    for (let eps = new Fraction(1, 64); eps.compare(new Fraction(1, 2 ** 30)) > 0; eps = eps.div(8)) {
      const th2 = theta.map((x, p) => (a[p].n !== 0n ? a[p].mul(eps) : biases.includes(p) ? tau.neg().mul(eps) : x));
      th2[out] = F(1);
      if (others(th2) !== ref) continue;
      let Fsum = ZERO;
      exactOutputs(net, th2, data).forEach((row, i) =>
        row.forEach((y, o) => (Fsum = Fsum.add(base[i][o].sub(data.targets[i][o]).mul(y.sub(base[i][o]).div(eps))))),
      );
      if (Fsum.n === 0n) break;
      const hinge = a.slice();
      for (const p of biases) hinge[p] = tau.neg();
      hinge[out] = F(Fsum.s < 0n ? 1 : -1);
      return { net, theta, data, hinge };
    }
  return 'no outgoing weight with a nonzero planted coefficient';
}

const ints = (n: number, lo = -3, hi = 3) => fc.array(fc.integer({ min: lo, max: hi }), { minLength: n, maxLength: n });
const xsArb = (n: number, d: number) =>
  fc.uniqueArray(
    fc.array(
      fc.integer({ min: -9, max: 9 }).filter((x) => x !== 0),
      { minLength: d, maxLength: d },
    ),
    {
      minLength: n,
      maxLength: n,
      selector: (r) => r.join(','),
    },
  );

/** plant(...) on integer data; skips (fc.pre) instances without a planted descent, else expectFound. */
function plantAndFind(
  input: { channels: number; height: number; width: number },
  layers: LayerSpec[],
  at: number,
  th: number[],
  xs: number[][],
  cs: number[],
  tap: number,
  gap: number,
): void {
  const p = plant(
    input,
    layers,
    at,
    th.map((x) => (x === 0 ? 1 : x)),
    xs.map((r) => r.map((x) => F(x))),
    cs.map((x) => F(x)),
    tap,
    gap,
  );
  fc.pre(typeof p !== 'string');
  expectFound(p as Planted);
}

function expectFound(p: Planted): void {
  // the planted hinge descends (order 2), exactly
  const e = descentAlong(p.net, mse, p.data, rayCurve(p.theta, p.hinge));
  expect(e?.order).toBe(2);
  // and the hinge stage alone finds a descent (not necessarily the planted one), re-checked
  const v = descentSearch(p.net, mse, p.theta, p.data, { maxKinks: 0, randomDirections: 0, bilinearPerUnit: 0 });
  expect(v.strength, v.summary).toBe('refuted');
  expect(recheck(v, p.net, mse, p.theta, p.data)).toEqual([]);
  expect(witnessLowers(v, p.net, p.data)).toBe(true);
}

describe('descentSearch finds planted hinge descents at every layer', () => {
  // kills: hinges only at layer 1 (the deep cases), readers not followed through pooling, no bias-free
  // two-tap directions, outgoing moves not fitted to the residual (several outputs), the hinge stage removed
  test.prop(
    [
      fc.integer({ min: 2, max: 4 }), // hidden layers
      fc.integer({ min: 0, max: 3 }), // which one is padded (mod depth)
      fc.boolean(), // biases
      fc.integer({ min: 1, max: 2 }), // outputs
      ints(40),
      xsArb(12, 2),
      fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 6, maxLength: 6 }),
      fc.nat(8),
      fc.nat(8),
    ],
    { numRuns: 30, seed: 1301 },
  )('FC nets of depth 2–4, padded at any hidden layer', (depth, which, bias, dy, th, x2, cs, tap, gap) => {
    // 1-D inputs with biases; 2-D without (a bias-free net is homogeneous: on a line it has no hinge but 0)
    const xs = bias ? x2.map((r) => r.slice(0, 1)) : x2;
    const layers: LayerSpec[] = [
      ...Array.from({ length: depth }, () => ({ kind: 'dense' as const, units: 2, bias, activation: relu() })),
      { kind: 'dense', units: dy, bias, activation: linear() },
    ];
    plantAndFind({ channels: 1, height: 1, width: xs[0].length }, layers, which % depth, th, xs, cs, tap, gap);
  });

  // kills: bias-free layers without two-tap directions (on nonnegative inputs a single tap never bends)
  test.prop(
    [
      ints(30, 1, 3),
      fc.uniqueArray(fc.tuple(fc.integer({ min: 1, max: 9 }), fc.integer({ min: 1, max: 9 })), {
        minLength: 10,
        maxLength: 10,
        selector: (r) => r.join(','),
      }),
      ints(6, 1, 3),
      fc.nat(8),
    ],
    {
      numRuns: 10,
      seed: 1304,
    },
  )('bias-free: a zero unit in hidden layer 2 reading nonnegative inputs', (th, xs, cs, tap) => {
    const layers: LayerSpec[] = [
      { kind: 'dense', units: 3, bias: false, activation: relu() },
      { kind: 'dense', units: 2, bias: false, activation: relu() },
      { kind: 'dense', units: 1, bias: false, activation: linear() },
    ];
    plantAndFind({ channels: 1, height: 1, width: 2 }, layers, 1, th, xs, cs, tap, 0);
  });

  test.prop([fc.boolean(), fc.boolean(), fc.boolean(), ints(30), xsArb(16, 4), ints(6, 1, 3), fc.nat(8), fc.nat(8)], {
    numRuns: 15,
    seed: 1302,
  })('conv taps, through pooling, with and without bias', (pool, deep, bias, th, x4, cs, tap, gap) => {
    // width 3 (one conv) or 4 (two): valid kernels of 2 leave 2 positions, which a pool of 2 averages
    const width = deep ? 4 : 3;
    const xs = x4.map((r) => r.slice(0, width));
    const conv = (filters: number): LayerSpec => ({
      kind: 'conv1d',
      filters,
      kernel: 2,
      padding: 'valid',
      bias,
      activation: relu(),
    });
    const layers: LayerSpec[] = [
      conv(1),
      ...(deep ? [conv(1)] : []),
      ...(pool ? [{ kind: 'avgpool1d' as const, size: 2 }] : []),
      { kind: 'dense', units: 1, bias, activation: linear() },
    ];
    plantAndFind({ channels: 1, height: 1, width }, layers, deep ? 1 : 0, th, xs, cs, tap, gap);
  });

  // kills: the 1-2-2-1 case of issue 13 (a zero-bias unit in hidden layer 2) going inconclusive again
  it('the zero unit in hidden layer 2 of an FC 1-2-2-1 net (issue 13) is refuted by a hinge', () => {
    const net = buildNetwork({
      input: { channels: 1, height: 1, width: 1 },
      layers: [
        { kind: 'dense', units: 2, activation: relu() },
        { kind: 'dense', units: 2, activation: relu() },
        { kind: 'dense', units: 1, activation: linear() },
      ],
    });
    // unit 1 of each layer carries the least-squares line of y on x; unit 2 of layer 2 is all zero
    const theta = [1, 0, 0, -1, 1, 0, 0, 0, 0, 0, '9/10', 0, '-3/2'].map((x) => F(x));
    const data = dataset([[1], [2], [3], [4]], [[0], [0], [0], [3]]);
    const before = descentSearch(net, mse, theta, data, { maxKinks: 0, hinges: false });
    expect(before.strength).toBe('inconclusive');
    const v = descentSearch(net, mse, theta, data, { maxKinks: 0 });
    expect(v.strength).toBe('refuted');
    if (v.evidence.kind !== 'descent') throw new Error('expected a descent');
    expect(v.evidence.method).toBe('hinge');
    expect(v.evidence.order).toBe(2);
    expect(witnessLowers(v, net, data)).toBe(true);
  });
});

describe('review findings', () => {
  // kills: a float screen that compares R(θ + t·d) with R(θ) directly (its noise swamps a descent when
  // the residuals are ~1e−6, and every hinge was dropped)
  it('tiny residuals: the hinge descent survives the float screen', () => {
    const small = fcNetwork([2, 1, 1], relu());
    const net = fcNetwork([2, 2, 1], relu());
    const ts = [2, -1, 2, 3, 2].map((x, p) =>
      F(x)
        .div(2)
        .add(new Fraction(1, 1009 + p)),
    );
    const xs = [
      [2, -8],
      [-2, -6],
      [3, 2],
      [-4, 3],
      [-1, -2],
      [-8, 1],
    ].map((r) => r.map((x) => F(x)));
    const data = plantCellMinimum(
      small,
      ts,
      xs,
      [-3, -1, -2, 0].map((x) => F(x).div(1_000_000)),
    );
    const theta = [ts[0], ts[1], ZERO, ZERO, ts[2], ZERO, ts[3], ZERO, ts[4]];
    const v = descentSearch(net, mse, theta, data);
    expect(v.strength).toBe('refuted');
    expect(witnessLowers(v, net, data)).toBe(true);
  });
  // kills: kinks of a layer that only pooling reads dropped from the adjacent cells (nothing "reads" them)
  it('a conv layer read only by a final pooling layer keeps its kinks in the adjacent cells', () => {
    const net = buildNetwork({
      input: { channels: 5, height: 1, width: 2 },
      layers: [
        { kind: 'conv1d', filters: 1, kernel: 1, padding: 'valid', activation: relu() },
        { kind: 'avgpool1d', size: 2 },
      ],
    });
    const theta = new Array<Fraction>(net.paramCount).fill(ZERO);
    const xs = [
      [5, 2, 1, 4, 2, 5, 5, 4, -2, 4],
      [2, -3, 2, -4, 5, 3, 4, 1, 5, 0],
      [-1, -1, 1, -2, -4, 3, -4, -3, 2, -2],
      [5, 2, 3, 0, -3, -3, 2, 5, -1, -3],
    ];
    const data = dataset(xs, [[-5], [-4], [-4], [1]]);
    const v = descentSearch(net, mse, theta, data, { randomDirections: 0, bilinearPerUnit: 0 });
    expect(v.strength).toBe('refuted');
    expect(witnessLowers(v, net, data)).toBe(true);
  });
});

describe('no false witness at certified minima', () => {
  // kills: a screen or hinge that hands out a "descent" the exact analysis did not confirm
  test.prop([fc.integer({ min: 1, max: 3 }), ints(20), xsArb(8, 1), ints(6, -2, 2)], { numRuns: 12, seed: 1303 })(
    'a proved planted minimum gets no descent from the search',
    (depth, th, xs, cs) => {
      const layers: LayerSpec[] = [
        ...Array.from({ length: depth }, () => ({ kind: 'dense' as const, units: 2, activation: relu() })),
        { kind: 'dense', units: 1, activation: linear() },
      ];
      const net = buildNetwork({ input: { channels: 1, height: 1, width: 1 }, layers });
      const theta = Array.from({ length: net.paramCount }, (_, p) => F(th[p % th.length] || 1).div(2));
      for (const L of net.layers) for (const p of L.biasIndex ?? []) theta[p] = theta[p].add(new Fraction(1, 1009 + p));
      const inputs = xs.map((r) => r.map((x) => F(x)));
      const probe = dataset(
        inputs,
        inputs.map(() => [0]),
      );
      fc.pre(activationPattern(net, theta, probe).interior);
      const data = plantCellMinimum(
        net,
        theta,
        inputs,
        cs.map((x) => F(x)),
      );
      const a = analyseLocalMin(net, mse, theta, data, { noProbes: true });
      fc.pre(a.strength === 'proved');
      expect(descentSearch(net, mse, theta, data).strength).toBe('inconclusive');
    },
  );
});

describe('hingeCandidates with every breakpoint below an entry at 0', () => {
  // kills: the side-slope lookup taking an entry past the last breakpoint for a kink (`p < breakpoints.length &&`
  // → `true &&`): breakpoints[p] is then undefined, which fraction.js reads as 0, so an entry with z = 0 counted as
  // on a kink and its right slope slopes[p + 1] (undefined) was read: a TypeError
  it('reads the last piece’s slope for an entry above every breakpoint', () => {
    // σ = pwl with one breakpoint at −1 (slopes 0, 1); 1-1-1 net, θ = (w, b, v, c) = (1, 0, 1, 0), x = −1, 0:
    // z = −1 (on the kink) and z = 0 (on the last piece)
    const net = fcNetwork([1, 1, 1], pwl({ breakpoints: [-1], slopes: [0, 1] }));
    const data = dataset([['-1'], ['0']], [['2'], ['0']]);
    const h = hingeCandidates(net, squaredLoss(), toRats(['1', '0', '1', '0']), data);
    expect(h.map((c) => c.direction.map((x) => x.toFraction()).join(', '))).toEqual([
      '1, 2, 8, 0',
      '-1, 0, 8, 0',
      '1, 2, 8, 0',
    ]);
    for (const c of h) expect(c.predicted).toBeLessThan(0);
  });
});

describe('hingeCandidates, the noise threshold on the outgoing gradient', () => {
  // kills: the threshold 1e-12·(1 + |R|) made absolute or smaller (`1 + |R|` → `1 − |R|`, `·` → `/`, |R|
  // dropped) and its test negated (`!(gmax > …)` → `(gmax > …)`)
  it('drops a hinge whose outgoing gradient is below 1e-12·(1 + R), keeps it above', () => {
    // 1-1-1 ReLU, θ = (w, b, v, c) = (1, 0, 1, 0): the output is 0 on x = 0 (z = 0, on the kink) and on x = −1
    // (z = −1, off). Switched on, the unit’s value is nonzero only at x = 0, so G = ∂R/∂out(x = 0)·g with
    // ∂R/∂out(x = 0) = 0 − y₀ (g = 1 at the lowest τ). With y₀ = 2⁻³⁰ and y₋₁ = 1000, R ≈ 5·10⁵: |G| ≈ 10⁻⁹
    // is below the threshold 5·10⁻⁷, so every candidate is dropped; with y₀ = 1 it is kept.
    const net = fcNetwork([1, 1, 1], relu());
    const theta = toRats(['1', '0', '1', '0']);
    const at = (y0: string) => hingeCandidates(net, squaredLoss(), theta, dataset([['0'], ['-1']], [[y0], ['1000']]));
    expect(at('1/1073741824')).toEqual([]);
    const kept = at('1');
    expect(kept.length).toBeGreaterThan(0);
    for (const c of kept) expect(c.predicted).toBeLessThan(0);
  });
});

describe('descentSearch at a strict boundary minimum: both sides of its kink', () => {
  // kills: the kinks ranked for the adjacent cells, `filter((k) => k.kind !== 'maxpool')` → `() => undefined` (no
  // kink would be enumerated: one cell examined, the kink counted as unread)
  it("Liu's G3: two adjacent cells, both sides of its one kink entry", () => {
    // θ = (3/10, 6/5, 1): w·x₂ = 0 on the second sample only, one kink entry read by z = 1 ≠ 0
    const { net, theta, data } = liuG3();
    const v = descentSearch(net, mse, theta, data);
    expect(v.strength).toBe('inconclusive');
    expect(v.evidence.kind === 'descent-search' && v.evidence.cells).toBe(2);
    expect(v.evidence.kind === 'descent-search' && v.evidence.note).toBe(
      '2 adjacent cell(s) examined: both sides of 1 kink entries',
    );
  });
});

describe('hingeCandidates, an outgoing gradient exactly at the noise threshold', () => {
  // kills: the noise test `gmax > 1e-12·(1 + |R|)` → `>=` (a gradient equal to the threshold kept)
  it('drops a hinge whose |G| equals 1e-12·(1 + R) in floats, keeps it one ulp above', () => {
    // the net and θ of the test above: G = −y₀ (∂R/∂out(x = 0) = 2/N·(0 − y₀), N = 2, g = 1 at the lowest τ).
    // With y₋₁ = 1000, R = (y₀² + 10⁶)/2 = 5·10⁵ in floats (y₀² ≈ 2.5·10⁻¹³ is below half an ulp of 10⁶), so the
    // threshold is T = 1e-12·500001 in floats; y₀ = T exactly (a double, read exactly by rational.fromNumber)
    const net = fcNetwork([1, 1, 1], relu());
    const theta = toRats(['1', '0', '1', '0']);
    const at = (y0: number) =>
      hingeCandidates(net, squaredLoss(), theta, dataset([[0], [-1]], [[rational.fromNumber(y0)], [1000]]));
    const T = 1e-12 * (1 + 500000);
    const ulp = 2 ** (Math.floor(Math.log2(T)) - 52);
    expect(at(T)).toEqual([]);
    const kept = at(T + ulp);
    expect(kept.length).toBeGreaterThan(0);
    for (const c of kept) expect(c.predicted).toBeLessThan(0);
  });
});

describe('hinge descriptions, the units nothing reads, and the float curvature of wide nets', () => {
  // kills: hinges.ts, the description's `u.rows.length > 1 ? 'map' : 'unit'` → `false`
  it('a conv feature map with two positions is described as a map', () => {
    // 1×1 ReLU conv over width 2, then a linear dense unit; θ = 0 puts every entry on the kink, and the residual
    // (−y ≠ 0) gives the readers a gradient
    const net = buildNetwork({
      input: { channels: 1, height: 1, width: 2 },
      layers: [
        { kind: 'conv1d', filters: 1, kernel: 1, padding: 'valid', activation: relu() },
        { kind: 'dense', units: 1, activation: linear() },
      ],
    });
    const theta = new Array<Fraction>(net.paramCount).fill(new Fraction(0));
    const hs = hingeCandidates(
      net,
      mse,
      theta,
      dataset(
        [
          [1, 2],
          [2, 1],
        ],
        [[1], [2]],
      ),
    );
    expect(hs.length).toBeGreaterThan(0);
    for (const h of hs) expect(h.how).toMatch(/^layer 1, map 1 switched on where /);
  });

  // kills: descent.ts, a unit read when some outgoing weight is nonzero (`outgoing.some(…)` → `every`)
  it('a kinked unit with outgoing weights (1, 0) is read: both sides of its kink are examined', () => {
    // 1-1-2 ReLU, θ = (w, b, W₂, b₂) = (1, 0, (1, 0), (0, 0)); x = 0 is on the kink; the targets are the outputs,
    // so R = 0 is the global minimum and the search ends inconclusive, with its counts
    const net = fcNetwork([1, 1, 2], relu());
    const theta = toRats([1, 0, 1, 0, 0, 0]);
    const v = descentSearch(
      net,
      mse,
      theta,
      dataset(
        [[0], [1]],
        [
          [0, 0],
          [1, 0],
        ],
      ),
    );
    expect(v.strength).toBe('inconclusive');
    if (v.evidence.kind !== 'descent-search') throw new Error('expected the search evidence');
    expect(v.evidence.cells).toBe(2);
    expect(v.evidence.note).toBe('2 adjacent cell(s) examined: both sides of 1 kink entries');
  });

  // kills: descent.ts, the float eigenvector of a net of more than 64 parameters lost (`(row) => new Fraction(row[0])`
  // → `() => undefined`)
  it('a 1-32-1 linear net at θ = 0 (97 parameters) is refuted along a float negative-curvature direction', () => {
    // x = ±1, y = x: ∇R(0) = 0, and ∂²R/∂w₁ⱼ∂w₂ⱼ = −c·Σ xᵢyᵢ < 0 with the diagonal 0, so H is indefinite
    const net = fcNetwork([1, 32, 1], linear());
    expect(net.paramCount).toBe(97);
    const theta = new Array<Fraction>(net.paramCount).fill(new Fraction(0));
    const data = dataset([[1], [-1]], [[1], [-1]]);
    const v = descentSearch(net, mse, theta, data, { randomDirections: 0, bilinearPerUnit: 0, hinges: false });
    expect(v.strength).toBe('refuted');
    if (v.evidence.kind !== 'descent') throw new Error('expected a descent');
    expect(v.evidence.method).toBe('negative-curvature');
    expect(witnessLowers(v, net, data)).toBe(true);
  });
});

describe('cell directions at a max-pooling tie', () => {
  // kills: descent.ts, a cell curve with no corrections (the ray itself) decided again (`c.corrections === 0` →
  // `false`): it is counted as a 'cell-curve' direction
  it('a ray that leaves the tied selection is not tried again as a cell curve', () => {
    // linear 1×1 conv (w, b) over width 2, max pooling of 2, dense (v, c); θ = (0, 0, 1, 0). Both samples tie:
    // x = (−2, 2) gives m = 2|w| + b, x = (0, 0) gives m = b. With y = −1, 1 the residuals are ±1 and
    // min over (b, v, c) of R is (y₂ − y₁ + 2v|w|)²/2, so θ is a local minimum. The cell of θ's selection (the first
    // entry, m = −2w + b) has ∂R/∂w ≠ 0, but its rays leave that selection; with no activation kinks the cell curve
    // is the ray (0 corrections), so only 1 gradient and 2 negative-curvature directions are checked.
    const net = buildNetwork({
      input: { channels: 1, height: 1, width: 2 },
      layers: [
        { kind: 'conv1d', filters: 1, kernel: 1, padding: 'valid', activation: linear() },
        { kind: 'maxpool1d', size: 2 },
        { kind: 'dense', units: 1, activation: linear() },
      ],
    });
    const v = descentSearch(
      net,
      mse,
      toRats([0, 0, 1, 0]),
      dataset(
        [
          [-2, 2],
          [0, 0],
        ],
        [[-1], [1]],
      ),
    );
    expect(v.strength).toBe('inconclusive');
    if (v.evidence.kind !== 'descent-search') throw new Error('expected the search evidence');
    expect(v.evidence.tried).toEqual({
      gradient: 1,
      'negative-curvature': 2,
      'cell-curve': 0,
      hinge: 0,
      random: 0,
      bilinear: 0,
    });
  });
});
