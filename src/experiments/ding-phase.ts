/**
 * Experiment `ding-phase`: the empirical side of Ding, Li & Sun's phase
 * transition (the report's table "The phase transition"). The shallow net
 * ŷ = Σ v_i σ(w_i x) (no biases) with m = N hidden units, N = 1..5 samples of
 * distinct nonzero inputs and random targets, for the activations of that
 * table; Adam (TensorFlow.js) from seeded starts; each end point classified
 * by the toolkit (exactly for ReLU and leaky ReLU, by float evidence after a
 * float64 polish for the others). The table and plot give, per activation and
 * N, the share of runs that ended at a local minimum with nonzero loss.
 */
import { classifyEndpoint, type EndpointClass } from '../landscape/classify-endpoint.js';
import { expActivation, leakyRelu, quadratic, relu, softplus, tanh, type Activation } from '../model/activation.js';
import { dataset } from '../model/data.js';
import { squaredLoss } from '../model/loss.js';
import { fcNetwork } from '../model/network.js';
import { floatData, loadTf, tfAdam, tfBackendLine } from '../model/tf.js';
import { glorotStart } from '../landscape/optimise.js';
import { prng } from '../landscape/scan.js';
import { toRat } from '../numeric/rational.js';
import type { Experiment, ExperimentOptions, ExperimentResult } from './types.js';

const ROWS: { name: string; act: () => Activation }[] = [
  { name: '1 + t + t²', act: () => quadratic(1, 1, 1) },
  { name: 'exp', act: () => expActivation() },
  { name: 'softplus', act: () => softplus() },
  { name: 'leaky ReLU (1/4)', act: () => leakyRelu('1/4') },
  { name: 'ReLU', act: () => relu() },
  { name: 'tanh', act: () => tanh() },
];
const SIZES = {
  default: { Ns: [1, 2, 3, 4, 5], restarts: 4, steps: 600 },
  small: { Ns: [1, 3], restarts: 2, steps: 200 },
};
const LEARNING_RATE = 0.02;
/** The classes that are a local minimum (certified, or float evidence). */
const MINIMA: readonly EndpointClass[] = ['spurious', 'minimum, no lower point found', 'minimum (float evidence)'];

/**
 * N distinct nonzero inputs in ±{1/2, 1, …, 3}, no two opposite (an odd σ such as tanh cannot fit
 * y ≠ −y' at x' = −x, which would make every minimum of such data trivially nonzero), and targets in
 * −2..2 in halves, from the seed.
 */
function dataFor(N: number, seed: number) {
  const next = prng(seed);
  const xs: number[] = [];
  while (xs.length < N) {
    const x = (Math.floor(next() * 12) - 6) / 2;
    if (x !== 0 && !xs.includes(x) && !xs.includes(-x)) xs.push(x);
  }
  const ys = xs.map(() => (Math.floor(next() * 9) - 4) / 2);
  return dataset(
    xs.map((x) => [String(x)]),
    ys.map((y) => [String(y)]),
  );
}

export const dingPhase: Experiment = {
  name: 'ding-phase',
  title: 'Ding et al.’s phase transition from training: how often Adam ends at a bad local minimum, m = N units',
  async run(opts: ExperimentOptions): Promise<ExperimentResult> {
    const t0 = performance.now();
    const rt = await loadTf();
    const size = SIZES[opts.size];
    const loss = squaredLoss();
    const runs: Record<string, unknown>[] = [];
    const rows: (string | number)[][] = [];
    const share: Record<string, number[]> = {};
    for (const [ri, row] of ROWS.entries()) {
      const cells: string[] = [];
      share[row.name] = [];
      for (const N of size.Ns) {
        const net = fcNetwork([1, N, 1], row.act(), false);
        // every restart of a cell trains on the same data, so a lower end point of one run shows another's is not global
        const data = dataFor(N, opts.seed + 100 * N);
        const ends = Array.from({ length: size.restarts }, (_, r) => {
          const seed = opts.seed + 10_000 * ri + 100 * N + r;
          const theta = tfAdam(rt, net, loss, glorotStart(net, seed), floatData(data), {
            steps: size.steps,
            learningRate: LEARNING_RATE,
          });
          return { seed, e: classifyEndpoint(net, loss, data, theta, { seed }) };
        });
        const riskOf = (e: (typeof ends)[number]['e']) =>
          e.exactRisk !== undefined ? toRat(e.exactRisk).valueOf() : e.floatRisk;
        const lowest = Math.min(...ends.map(({ e }) => riskOf(e)));
        let nonzero = 0,
          bad = 0,
          decided = 0;
        for (const { seed, e } of ends) {
          // a local minimum with nonzero loss; bad when a lower point is known: an exact one from the search
          // ('spurious'), or another run's end point on the same data (lower by more than 1e-6 relative)
          const minimum = MINIMA.includes(e.class) && riskOf(e) > 1e-10;
          const lower = e.class === 'spurious' || riskOf(e) > lowest + 1e-6 * Math.max(1, lowest);
          if (minimum) nonzero++;
          if (minimum && lower) bad++;
          if (e.class !== 'not converged' && e.class !== 'undecided') decided++;
          runs.push({
            activation: row.name,
            N,
            seed,
            x: data.inputs.map((x) => x[0].toFraction()),
            y: data.targets.map((y) => y[0].toFraction()),
            nonzeroLossMinimum: minimum,
            bad: minimum && lower,
            ...e,
          });
        }
        cells.push(
          `${bad} bad of ${nonzero} nonzero-loss minima, ${size.restarts} runs${decided < size.restarts ? ` (${size.restarts - decided} not decided)` : ''}`,
        );
        share[row.name].push(bad / size.restarts);
      }
      rows.push([row.name, ...cells]);
    }
    const totalBad = Object.values(share).reduce((s, v) => s + v.reduce((a, b) => a + b, 0) * size.restarts, 0);
    return {
      name: this.name,
      title: this.title,
      what: `The shallow net ŷ = Σ_{i≤m} v_i σ(w_i x) (no biases, Ding et al. eq. 12) with m = N hidden units, for N = ${size.Ns.join(', ')} samples: one data set per N (distinct nonzero inputs in ±{1/2, …, 3}, no two opposite, and targets in −2..2 in halves, from the seed; recorded per run), the same for every activation and run. ${size.restarts} runs per activation and N: TensorFlow.js Adam (learning rate ${LEARNING_RATE}, ${size.steps} full-batch steps, float32) from Glorot-uniform starts (seed recorded per run). Each end point is classified by the toolkit: for ReLU and leaky ReLU exactly (snapped, certified, searched below); for the others after a float64 damped-Newton polish by float evidence (gradient below 1e-8 and no Hessian eigenvalue below −1e-8: "minimum (float evidence)", a second-order stationary point). A local minimum with nonzero loss is counted as bad (not global) only when a lower point is known: an exact, re-checked one from the search, or the end point of another run on the same data that is lower by more than 1e-6 relative. A nonzero-loss minimum without one may well be global: no net of this form need fit the data (ReLU and leaky ReLU without biases give two slopes through the origin; 1 + t + t² gives a quadratic). "Not decided" runs did not converge or could not be decided. Compare the claims' table "The phase transition" above, which decides whether a bad minimum exists at all; training shows how often runs end in one.`,
      seed: opts.seed,
      size: opts.size,
      backend: tfBackendLine(rt),
      table: { columns: ['σ', ...size.Ns.map((N) => `N = m = ${N}`)], rows },
      plot: {
        title: 'Share of Adam runs ending at a bad local minimum, a lower point known (m = N)',
        x: 'N = m',
        y: 'share of runs',
        series: ROWS.map((r) => ({ name: r.name, x: [...size.Ns], y: share[r.name] })),
        caption: `Each point is the share of ${size.restarts} runs whose end point the toolkit classified as a local minimum with nonzero loss and for which a lower point is known (certified for ReLU and leaky ReLU, float evidence otherwise). A run at a nonzero-loss minimum with no lower point known is not counted: it may be global.`,
      },
      summary: `${Math.round(totalBad)} of ${ROWS.length * size.Ns.length * size.restarts} runs ended at a bad local minimum (a lower point known); ${runs.filter((x) => x.nonzeroLossMinimum).length} at a local minimum with nonzero loss.`,
      runs,
      ms: Math.round(performance.now() - t0),
    };
  },
};
