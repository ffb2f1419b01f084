/** Negative control: "every local minimum of a one-hidden-layer ReLU network is global". */
import fc from 'fast-check';
import { Fraction } from 'fraction.js';
import { z } from 'zod';
import { detectDistinct } from '../../gen/data.js';
import { smallRational } from '../../gen/arbitraries.js';
import { patternClassBound } from '../../landscape/certificates.js';
import { planeCells } from '../../landscape/plane-cells.js';
import { plantCellMinimum } from '../../landscape/plant.js';
import { relu } from '../../model/activation.js';
import { dataset, type Dataset } from '../../model/data.js';
import { activationPattern, exactRisk } from '../../model/exact.js';
import { fcNetwork, view, type Network } from '../../model/network.js';
import { encQ, encQs, paramTable } from '../codec.js';
import { claimsOf, encodeWith, instanceKind, refuted, supported } from '../define.js';
import { datasetCodec, networkCodec, rationals } from '../schema.js';
import type { PlotSpec } from '../types.js';
import { lowerPoint, MAX_P, mse, netAndData, segmentPlot } from './shared.js';

const controls = claimsOf({ paper: 'control' });

export interface LocalMinValue {
  net: Network;
  theta: Fraction[];
  data: Dataset;
}

const codec = z.object({ net: networkCodec, theta: rationals, data: datasetCodec });

/** Shift first-layer biases off kinks (deterministically) so the point is inside a cell. */
function offKinks(net: Network, theta: Fraction[], inputs: Fraction[][]): Fraction[] {
  let th = theta.slice();
  const probe = dataset(
    inputs,
    inputs.map(() => [0]),
  );
  for (let attempt = 0; attempt < 4; attempt++) {
    const pat = activationPattern(net, th, probe);
    if (pat.interior) break;
    th = th.slice();
    for (const k of pat.kinks) {
      const p = net.layers[k.layer - 1].biasIndex![k.unit];
      th[p] = th[p].add(new Fraction(1, 3 + attempt));
    }
  }
  return th;
}

const certifiedLocalMinima = instanceKind<LocalMinValue>({
  // Draw everything at its largest size, then slice to the drawn shape: shrinking
  // the width or input dimension then keeps the other values (with chain() it
  // would regenerate them and lose the failure).
  generate: () =>
    fc
      .record({
        d0: fc.integer({ min: 1, max: 2 }),
        K: fc.integer({ min: 1, max: 3 }),
        theta: fc.array(smallRational(4, 2), { minLength: MAX_P, maxLength: MAX_P }),
        // distinct first coordinates: the inputs stay distinct when sliced to d0 = 1
        inputs: fc.uniqueArray(fc.array(smallRational(4, 1), { minLength: 2, maxLength: 2 }), {
          minLength: 3,
          maxLength: 7,
          selector: (r) => r[0].toFraction(),
        }),
        coeffs: fc.array(smallRational(4, 1), { minLength: 1, maxLength: 4 }),
      })
      .map(({ d0, K, theta, inputs, coeffs }) => {
        const net = fcNetwork([d0, K, 1], relu());
        const xs = inputs.map((x) => x.slice(0, d0));
        const th = offKinks(net, theta.slice(0, net.paramCount), xs);
        const probe = dataset(
          xs,
          xs.map(() => [0]),
        );
        // plant targets that make θ a cell minimum (only possible inside a cell; the detector rejects the rest)
        const data = activationPattern(net, th, probe).interior ? plantCellMinimum(net, th, xs, coeffs) : probe;
        return { net, theta: th, data };
      }),
  detect: (v) =>
    detectDistinct(v.data) ??
    (patternClassBound(v.net, mse, v.theta, v.data).strength === 'proved'
      ? null
      : 'θ is not a certified local minimum'),
  codec,
  describe: (v) =>
    `${netAndData(v.net, v.data)}\nθ:\n${paramTable(v.net, v.theta)}\nR(θ) = ${encQ(exactRisk(v.net, mse, v.theta, v.data))}`,
  hypotheses: [
    'one hidden ReLU layer with biases, linear output with bias, squared loss (mean)',
    'distinct inputs',
    'θ is a local minimum, certified exactly by the pattern-class lower bound of its cell',
  ],
});

const lowerOf = (v: LocalMinValue) =>
  lowerPoint(v.net, v.data, exactRisk(v.net, mse, v.theta, v.data), encodeWith(codec, v), v.theta);

export const localMinIsGlobal = controls.claim({
  id: 'control.relu1.local-min-is-global',
  section: 'negative control',
  title: 'Every local minimum of a one-hidden-layer ReLU network is global (false)',
  statement:
    'For a one-hidden-layer ReLU network with squared loss, every local minimum of the empirical risk is a global minimum. Deliberately false: the suite must find a certified local minimum and an exactly lower point.',
  expected: 'refuted',
  generatorVersion: 3,
  runs: 60,
  instance: certifiedLocalMinima,
  check: (v) => {
    const r0 = exactRisk(v.net, mse, v.theta, v.data);
    const lower = lowerOf(v);
    if (!lower) return supported();
    return refuted(
      `θ is a local minimum (certified exactly: R(θ) = ${encQ(r0)} equals the pattern-class lower bound of its cell), so no parameter point should have lower risk.`,
      `θ′ = (${encQs(lower.theta).join(', ')}) has R(θ′) = ${encQ(lower.risk)} < R(θ) = ${encQ(r0)}, both computed exactly; found by: ${lower.how} (tried: ${lower.effort}).`,
      { risk: encQ(r0), lowerTheta: encQs(lower.theta), lowerRisk: encQ(lower.risk) },
    );
  },
  plots: (v) => {
    const lower = lowerOf(v);
    if (!lower) return [];
    return [
      segmentPlot(
        v.net,
        v.data,
        v.theta,
        lower.theta,
        'Risk from a certified local minimum θ (t = 0) to a lower point θ′ (t = 1)',
        'R rises away from θ (a local minimum, certified exactly) before falling to R(θ′) < R(θ): the local minimum is not global. The curve is computed in floats along one segment; it illustrates, the exact numbers decide.',
        ['θ', 'θ′'],
      ),
      cellPlanePlot(v, lower.theta, exactRisk(v.net, mse, v.theta, v.data), lower.risk),
    ];
  },
  plotInstances: { saved: 2, generated: 1 },
});

/**
 * The activation cells of hidden unit 1 in the plane of its first weight and
 * its bias (every other parameter at θ), with θ and the (w, b) of θ′ marked.
 */
function cellPlanePlot(v: LocalMinValue, lowerTheta: Fraction[], r0: Fraction, r1: Fraction): PlotSpec {
  const iw = view(v.net, 'layer1.weight').offset,
    ib = view(v.net, 'layer1.bias').offset;
  const P = v.net.paramCount,
    N = v.data.inputs.length;
  const e = (i: number) => Array.from({ length: P }, (_, k) => (k === i ? 1 : 0));
  const at = (th: Fraction[]): [number, number] => [th[iw].valueOf(), th[ib].valueOf()];
  const [w0, b0] = at(v.theta),
    [w1, b1] = at(lowerTheta);
  // a box holding both points, at least 3 wide each way, in offsets from θ
  const half = (d: number) => Math.max(1.5, Math.abs(d) * 0.75 + 0.5);
  const ca = (w1 - w0) / 2,
    cb = (b1 - b0) / 2;
  const box = {
    a: [ca - half(w1 - w0), ca + half(w1 - w0)] as [number, number],
    b: [cb - half(b1 - b0), cb + half(b1 - b0)] as [number, number],
  };
  const cells = planeCells(v.net, v.theta, e(iw), e(ib), v.data, box);
  const regions = cells.map((c) => {
    const on = [...c.pieces[0]!.subarray(0, N)].flatMap((p, i) => (p > 0 ? [i + 1] : []));
    const name = on.length
      ? `unit 1 active on sample${on.length > 1 ? 's' : ''} ${on.join(', ')}`
      : 'unit 1 off on every sample';
    return { name, polygon: c.polygon.map(([a, b]): [number, number] => [w0 + a, b0 + b]) };
  });
  return {
    title: 'Activation cells of hidden unit 1 in the plane of its first weight and its bias',
    x: 'first weight of hidden unit 1',
    y: 'bias of hidden unit 1',
    series: [],
    regions,
    points: [
      { name: 'θ (certified local minimum)', x: [w0], y: [b0], labels: [`θ, R = ${encQ(r0)}`] },
      { name: 'θ′ (lower risk)', x: [w1], y: [b1], labels: [`θ′, R = ${encQ(r1)}`] },
    ],
    equalAspect: true,
    caption:
      'Each shaded region is one activation cell of hidden unit 1 (the samples it is active on) as its first weight and bias vary with every other parameter at θ. θ, a certified local minimum, lies inside its cell; θ′ has exactly lower risk and is marked by the same two coordinates — it also differs in other parameters, so it is not in this plane. The cells are computed in float64 for the picture (planeCells); the exact numbers decide. What it cannot show: the other directions of the parameter space.',
  };
}
