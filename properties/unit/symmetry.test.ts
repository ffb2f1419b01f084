// The symmetries of src/model/symmetry.ts, checked for *which* parameters they move, not only that they keep
// the outputs (a symmetry that moves nothing keeps every output too). The expected parameters are written as
// plain names (W²(3,1), b¹(2)) and compared with paramName's, a second description of the layout that does not
// share symmetry.ts's index arithmetic; the invariances are checked exactly on the polynomial of θ's cell (pieces
// forced), where they hold for every factor, not only near θ.
import { test, fc } from '@fast-check/vitest';
import { Fraction } from 'fraction.js';
import { afterAll, describe, expect, it } from 'vitest';
import {
  absolute,
  activationPattern,
  cellGradient,
  buildNetwork,
  cube,
  dataset,
  fcNetwork,
  forcedPiecesOf,
  hardTanh,
  homogeneityDegree,
  inertParameters,
  leakyRelu,
  linear,
  nullReadDirections,
  paramName,
  polynomial,
  pwl,
  relu,
  rescalingSymmetries,
  shearSymmetries,
  shearTangent,
  square,
  squaredLoss,
  type Dataset,
  type Network,
} from '../../src/model/index.js';
import { datasetFor, fcArch, paramsFor, smallRational } from '../../src/gen/index.js';
import { notInert, rescalingError, shearError } from '../../src/landscape/recheck-flat.js';

const mse = squaredLoss();
/** min(max(t, 0), 1): a unit on its two flat pieces is dead (slope 0) but not silent (it outputs 1 on some samples) */
const cappedRelu = () => pwl({ breakpoints: [0, 1], slopes: [0, 1, 0], name: 'capped relu' });
const names = (net: Network, ps: readonly number[]) => ps.map((p) => paramName(net, p)).sort();
const sup = (l: number) => '⁰¹²³⁴⁵⁶⁷⁸⁹'[l];
const cellRisk = (net: Network, theta: Fraction[], d: Dataset, at: Fraction[]) =>
  cellGradient(net, mse, at, d, forcedPiecesOf(net, activationPattern(net, theta, d))).risk.toFraction();

const instance = (activation: fc.Arbitrary<ReturnType<typeof relu> | ReturnType<typeof square>>, maxN = 4) =>
  fcArch({ activation, maxDepth: 3, maxInput: 3, maxWidth: 3 }).chain((net) =>
    fc.tuple(fc.constant(net), paramsFor(net), datasetFor(net, { minN: 1, maxN })),
  );
/**
 * What the shear and null-read properties met, checked after them (a property that meets no shear checks
 * nothing); only when they ran, so that a run filtered to other tests (-t) does not fail here.
 */
const seen = { shearRuns: 0, shears: 0, readRuns: 0, reads: 0 };
afterAll(() => {
  if (seen.shearRuns) expect(seen.shears, 'shears of layers with more than one input').toBeGreaterThan(0);
  if (seen.readRuns) expect(seen.reads, 'null-read directions and bias transfers').toBeGreaterThan(0);
});

describe('which parameters a symmetry moves', () => {
  // kills: the sort of `powers` dropped, a bias left out, an outgoing weight of another unit included, the
  // exponent of the readers (−p) wrong
  test.prop([fcArch({ activation: fc.constantFrom(relu(), leakyRelu('1/3'), square(), cube()), maxDepth: 3 })])(
    'a rescaling of unit u of dense layer l scales row u of layer l (weights, bias) by s and column u of layer l + 1 by s^−p',
    (net) => {
      for (const sym of rescalingSymmetries(net)) {
        expect(sym.powers.map(([p]) => p)).toEqual([...sym.powers.map(([p]) => p)].sort((a, b) => a - b));
        const [u] = sym.units;
        const l = sym.layer;
        const L = net.layers[l - 1],
          next = net.layers[l];
        const inc = [
          ...Array.from({ length: L.inDim }, (_, c) => `W${sup(l)}(${u + 1},${c + 1})`),
          ...(L.biasIndex ? [`b${sup(l)}(${u + 1})`] : []),
        ];
        const out = Array.from({ length: next.outDim }, (_, o) => `W${sup(l + 1)}(${o + 1},${u + 1})`);
        const bare = (n: string) => n.replace(/ \(.*\)$/, '');
        expect(
          names(
            net,
            sym.powers.filter(([, e]) => e === 1).map(([p]) => p),
          ).map(bare),
        ).toEqual(inc.sort());
        expect(
          names(
            net,
            sym.powers.filter(([, e]) => e === -sym.degree).map(([p]) => p),
          ).map(bare),
        ).toEqual(out.sort());
        expect(sym.powers.length).toBe(inc.length + out.length);
      }
    },
  );

  // kills: the row offset of the shear's weights (i·inDim, j·inDim: invisible with one input), the columns of the
  // next layer swapped, the bias left out, the tangent's sign
  // (a linear hidden layer is an identity layer, with no symmetries: the units that share a pattern come from
  // ReLU-type activations on few samples)
  test.prop([instance(fc.constantFrom(relu(), leakyRelu('1/2'), absolute()), 2), smallRational(6, 3)])(
    'a shear adds u·row j to row i of layer l and takes u·column i from column j of layer l + 1; the cell is unchanged for every u',
    ([net, theta, d], u) => {
      seen.shearRuns++;
      const R = cellRisk(net, theta, d, theta);
      for (const sh of shearSymmetries(net, activationPattern(net, theta, d))) {
        if (net.layers[sh.layer - 1].inDim > 1) seen.shears++;
        const l = sh.layer;
        const L = net.layers[l - 1];
        // (dense layers of a dense net: their inputs are plain vectors, named without a place)
        expect(sh.into.map(([p, q]) => [paramName(net, p), paramName(net, q)])).toEqual([
          ...Array.from({ length: L.inDim }, (_, c) => [
            `W${sup(l)}(${sh.target + 1},${c + 1})`,
            `W${sup(l)}(${sh.source + 1},${c + 1})`,
          ]),
          ...(L.biasIndex ? [[`b${sup(l)}(${sh.target + 1})`, `b${sup(l)}(${sh.source + 1})`]] : []),
        ]);
        for (const [p, q] of sh.into) {
          expect(paramName(net, p)).toMatch(new RegExp(`^[Wb]${sup(l)}\\(${sh.target + 1}[,)]`));
          expect(paramName(net, q)).toMatch(new RegExp(`^[Wb]${sup(l)}\\(${sh.source + 1}[,)]`));
        }
        for (const [p, q] of sh.outOf) {
          expect(paramName(net, p)).toMatch(new RegExp(`^W${sup(l + 1)}\\(\\d+,${sh.source + 1}\\)`));
          expect(paramName(net, q)).toMatch(new RegExp(`^W${sup(l + 1)}\\(\\d+,${sh.target + 1}\\)`));
        }
        const moved = theta.slice();
        for (const [p, q] of sh.into) moved[p] = moved[p].add(u.mul(theta[q]));
        for (const [p, q] of sh.outOf) moved[p] = moved[p].sub(u.mul(theta[q]));
        expect(cellRisk(net, theta, d, moved), sh.name).toBe(R);
        // the shear is linear in u: its tangent times u is the move
        const t = shearTangent(sh, theta);
        expect(t.map((x, k) => x.mul(u).add(theta[k]).toFraction())).toEqual(moved.map((x) => x.toFraction()));
      }
    },
  );

  // kills: a unit with two slopes over the samples taken for a bias transfer, the null-space rows mapped to the
  // wrong weights (g·inDim), directions that change the cell's polynomial
  test.prop([instance(fc.constantFrom(relu(), leakyRelu('1/2'), absolute(), cappedRelu()))])(
    "every null-read direction and bias transfer leaves the cell's polynomial unchanged",
    ([net, theta, d]) => {
      const R = cellRisk(net, theta, d, theta);
      seen.readRuns++;
      for (const dir of nullReadDirections(net, activationPattern(net, theta, d), theta)) {
        seen.reads++;
        expect(dir.some((x) => x.n !== 0n)).toBe(true);
        expect(
          cellRisk(
            net,
            theta,
            d,
            theta.map((x, k) => x.add(dir[k])),
          ),
        ).toBe(R);
      }
    },
  );

  // kills: a dead unit whose outputs are not all 0 taken as silent (its readers declared inert), a zero input
  // coordinate not recognised, a live unit's parameters declared inert
  test.prop([
    instance(fc.constantFrom(relu(), cappedRelu(), hardTanh())),
    fc.integer({ min: 0, max: 2 }),
    smallRational(6, 3),
  ])('changing an inert parameter leaves the cell’s risk and gradient unchanged', ([net, theta, d0], zeroCol, step) => {
    // a zero input coordinate on every sample when the input has one
    const d = dataset(
      d0.inputs.map((x) => x.map((v, c) => (c === zeroCol ? new Fraction(0) : v))),
      d0.targets,
    );
    const pat = activationPattern(net, theta, d);
    const forced = forcedPiecesOf(net, pat);
    const at = (th: Fraction[]) => {
      const g = cellGradient(net, mse, th, d, forced);
      return [g.risk, ...g.gradient].map((x) => x.toFraction());
    };
    const base = at(theta);
    const inert = inertParameters(net, pat, d.inputs);
    for (const p of inert) {
      const moved = theta.slice();
      moved[p] = moved[p].add(step);
      expect(at(moved), paramName(net, p)).toEqual(base);
    }
    if (zeroCol < net.inputDim) {
      // every first-layer weight reading the zero coordinate is inert
      const L = net.layers[0];
      for (let r = 0; r < L.outDim; r++) expect(inert).toContain(L.weightIndex![r * L.inDim + zeroCol]);
    }
  });

  it('a capped ReLU unit stuck on its flat pieces 0 and 1 is dead, but its reader is not inert; a ReLU dead at 0 is silent', () => {
    // 1-1-1, w = 0, b = 2: z = 2 on every sample, the unit outputs 1 (flat piece, intercept 1); v reads it
    const net = fcNetwork([1, 1, 1], cappedRelu());
    const d = dataset([[1], [-1]], [[0], [3]]);
    const theta = [0, 2, 1, 0].map((v) => new Fraction(v));
    const inert = inertParameters(net, activationPattern(net, theta, d), d.inputs);
    expect(names(net, inert)).toEqual(['W¹(1,1)', 'b¹(1)']);
    // at b = −2 it outputs 0 on every sample: then v reads a silent unit
    const off = [0, -2, 1, 0].map((v) => new Fraction(v));
    expect(names(net, inertParameters(net, activationPattern(net, off, d), d.inputs))).toEqual(
      ['W²(1,1)', 'W¹(1,1)', 'b¹(1)'].sort(),
    );
  });
});

describe('symmetries of a convolution', () => {
  // kills: the sort of a rescaling's powers removed (a map's taps are met first at the centre and right, since
  // with 'same' padding the left tap reads padding at the first position)
  it("a feature map's rescaling lists its taps, its bias and its readers in increasing order", () => {
    const net = buildNetwork({
      input: { channels: 1, height: 1, width: 3 },
      layers: [
        { kind: 'conv1d', filters: 1, kernel: 3, padding: 'same', activation: relu() },
        { kind: 'dense', units: 1, activation: linear() },
      ],
    });
    const [sym] = rescalingSymmetries(net);
    expect(sym.powers.map(([p]) => p)).toEqual([...sym.powers.map(([p]) => p)].sort((a, b) => a - b));
    expect(sym.powers.map(([p, e]) => `${paramName(net, p)}: ${e}`)).toEqual([
      'layer 1, map 1, tap (channel 1, left): 1',
      'layer 1, map 1, tap (channel 1, centre): 1',
      'layer 1, map 1, tap (channel 1, right): 1',
      'layer 1, map 1, bias: 1',
      'W²(1,1) (map 1, position 1): -1',
      'W²(1,2) (map 1, position 2): -1',
      'W²(1,3) (map 1, position 3): -1',
    ]);
  });

  // kills: the final sort of inertParameters removed (first use order: with 'same' padding the left tap of a
  // kernel is first used at the second position, after the centre and right taps)
  it('inert parameters come sorted: the taps of a convolution reading an input channel that is zero everywhere', () => {
    const net = buildNetwork({
      input: { channels: 2, height: 1, width: 3 },
      layers: [
        { kind: 'conv1d', filters: 1, kernel: 3, padding: 'same', activation: relu(), bias: false },
        { kind: 'dense', units: 1, activation: linear() },
      ],
    });
    const d = dataset([[1, 2, 3, 0, 0, 0]], [[0]]);
    const theta = new Array(net.paramCount).fill(new Fraction(1));
    const inert = inertParameters(net, activationPattern(net, theta, d), d.inputs);
    expect(inert.map((p) => paramName(net, p))).toEqual([
      'layer 1, map 1, tap (channel 2, left)',
      'layer 1, map 1, tap (channel 2, centre)',
      'layer 1, map 1, tap (channel 2, right)',
    ]);
    expect(inert).toEqual([...inert].sort((a, b) => a - b));
  });
});

describe('homogeneity degree', () => {
  // kills: a sum of powers taken
  // as homogeneous, a PWL activation with a kink away from 0 or an intercept taken as homogeneous
  it('a single power c·t^p has degree p; a sum of powers and a PWL function with a kink away from 0 have none', () => {
    expect(homogeneityDegree(square())).toBe(2);
    expect(homogeneityDegree(cube())).toBe(3);
    expect(homogeneityDegree(polynomial([0, -2]))).toBe(1);
    // (a constant is not a polynomial activation: polynomial([3]) is refused)
    expect(homogeneityDegree(polynomial([0, 1, 1]))).toBeNull();
    expect(homogeneityDegree(polynomial([1, 0, 1]))).toBeNull();
    expect(homogeneityDegree(relu())).toBe(1);
    expect(homogeneityDegree(absolute())).toBe(1);
    expect(homogeneityDegree(hardTanh())).toBeNull();
    expect(homogeneityDegree(pwl({ breakpoints: [0], slopes: [0, 1], anchor: { x: 0, y: 1 } }))).toBeNull();
  });
});

// The degenerate-minimum certificate's re-check (src/landscape/recheck-flat.ts) decides the same three questions
// again, written independently of the generators above: they must agree on every instance.
describe('the re-checks of a flat family agree with the generators', () => {
  const acts = fc.constantFrom(relu(), leakyRelu('1/2'), linear(), cappedRelu(), hardTanh());

  // kills: notInert's zero-input and silent-unit rules (l = 1 vs l > 1), a live use overlooked; and the same
  // rules in inertParameters
  test.prop([instance(acts), fc.integer({ min: 0, max: 2 })])(
    'a parameter is inert exactly when the re-check finds no live use of it',
    ([net, theta, d0], zeroCol) => {
      const d = dataset(
        d0.inputs.map((x) => x.map((v, c) => (c === zeroCol ? new Fraction(0) : v))),
        d0.targets,
      );
      const pat = activationPattern(net, theta, d);
      const inert = new Set(inertParameters(net, pat, d.inputs));
      for (let p = 0; p < net.paramCount; p++)
        expect(notInert(net, pat, d, p) === null, `${paramName(net, p)}: ${notInert(net, pat, d, p)}`).toBe(
          inert.has(p),
        );
    },
  );

  // kills: a rescaling's re-check that misses an unscaled weight (any index, not only the first), an unscaled
  // bias, a reader left out or given the wrong exponent
  test.prop([fcArch({ activation: fc.constantFrom(relu(), square(), leakyRelu('1/3')), maxDepth: 3, maxInput: 3 })])(
    'every generated rescaling passes its re-check, and dropping any one of its parameters or changing an exponent fails it',
    (net) => {
      for (const sym of rescalingSymmetries(net)) {
        expect(rescalingError(net, sym.powers), sym.name).toBeNull();
        sym.powers.forEach(([p, e], k) => {
          const without = sym.powers.filter((_, j) => j !== k);
          expect(rescalingError(net, without), `${sym.name} without ${paramName(net, p)}`).not.toBeNull();
          const bent = sym.powers.map(([q, f], j) => [q, j === k ? (e === 1 ? -sym.degree - 1 : e - 1) : f] as const);
          expect(rescalingError(net, bent), `${sym.name}, ${paramName(net, p)} to another power`).not.toBeNull();
        });
      }
    },
  );

  // kills: shearError accepting units of different slopes or with intercepts, shearSymmetries grouping them
  test.prop([instance(acts)])(
    'a pair of units of one layer is a generated shear exactly when the re-check accepts it and they are not both dead',
    ([net, theta, d]) => {
      const pat = activationPattern(net, theta, d);
      const shears = new Set(shearSymmetries(net, pat).map((sh) => `${sh.layer}:${sh.target}:${sh.source}`));
      for (const lp of pat.layers) {
        const L = net.layers[lp.layer - 1];
        if (L.activation.kind !== 'pwl' || !net.layers[lp.layer]?.weightIndex) continue;
        const t = L.activation.fn.table;
        const dead = (u: number) => lp.piece[u].every((p) => t.slopes[p].n === 0n);
        for (let i = 0; i < L.outDim; i++)
          for (let j = 0; j < L.outDim; j++) {
            if (i === j) continue;
            const ok = shearError(net, pat, { layer: lp.layer, target: i, source: j }) === null;
            expect(shears.has(`${lp.layer}:${i}:${j}`), `layer ${lp.layer}, ${i} += u·${j}`).toBe(
              ok && !(dead(i) && dead(j)),
            );
          }
      }
    },
  );

  // kills: `next?.weightIndex` without the `?` (the output layer has no next layer: a TypeError, not a reason)
  it('a shear of the output layer is refused with a reason', () => {
    const net = fcNetwork([1, 2, 2], relu());
    const d = dataset([[1]], [[0, 0]]);
    const pat = activationPattern(net, new Array(net.paramCount).fill(new Fraction(1)), d);
    expect(shearError(net, pat, { layer: 2, target: 0, source: 1 })).toMatch(/not a dense piecewise-linear layer/);
    expect(shearError(net, pat, { layer: 1, target: 0, source: 0 })).toBe('bad unit indices');
    expect(shearError(net, pat, { layer: 1, target: 0, source: 2 })).toBe('bad unit indices');
  });
});
