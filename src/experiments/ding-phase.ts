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
/** The classes that are a local minimum with nonzero loss. */
const BAD: readonly EndpointClass[] = ['spurious', 'minimum, no lower point found', 'minimum (float evidence)'];

/** N distinct nonzero inputs in ±{1/2, 1, …, 3} and targets in −2..2 (in halves), from the seed. */
function dataFor(N: number, seed: number) {
  let s = seed | 0;
  const next = () => {
    s = (Math.imul(s, 1103515245) + 12345) | 0;
    return (s >>> 8) / 16777216;
  };
  const xs: number[] = [];
  while (xs.length < N) {
    const x = (Math.floor(next() * 12) - 6) / 2;
    if (x !== 0 && !xs.includes(x)) xs.push(x);
  }
  const ys = xs.map(() => (Math.floor(next() * 9) - 4) / 2);
  return dataset(
    xs.map((x) => [String(x)]),
    ys.map((y) => [String(y)]),
  );
}

export const dingPhase: Experiment = {
  name: 'ding-phase',
  title:
    'Ding et al.’s phase transition from training: how often Adam ends at a local minimum with nonzero loss, m = N units',
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
        let bad = 0,
          decided = 0,
          spurious = 0;
        for (let r = 0; r < size.restarts; r++) {
          const seed = opts.seed + 10_000 * ri + 100 * N + r;
          const data = dataFor(N, opts.seed + 100 * N + r);
          const theta = tfAdam(rt, net, loss, glorotStart(net, seed), floatData(data), {
            steps: size.steps,
            learningRate: LEARNING_RATE,
          });
          const e = classifyEndpoint(net, loss, data, theta, { seed });
          // a local minimum with nonzero loss (a certified zero-loss minimum is global, not bad)
          const positive = e.exactRisk !== undefined ? e.exactRisk !== '0' : e.floatRisk > 1e-10;
          if (BAD.includes(e.class) && positive) bad++;
          if (e.class === 'spurious') spurious++;
          if (e.class !== 'not converged' && e.class !== 'undecided') decided++;
          runs.push({ activation: row.name, N, seed, x: data.inputs.map((x) => x[0].toFraction()), ...e });
        }
        const notes = [
          ...(net.layers.every((L) => L.activation.kind === 'pwl') ? [`${spurious} certified spurious`] : []),
          ...(decided < size.restarts ? [`${size.restarts - decided} not decided`] : []),
        ];
        cells.push(`${bad}/${size.restarts}${notes.length ? ` (${notes.join(', ')})` : ''}`);
        share[row.name].push(bad / size.restarts);
      }
      rows.push([row.name, ...cells]);
    }
    const totalBad = Object.values(share).reduce((s, v) => s + v.reduce((a, b) => a + b, 0) * size.restarts, 0);
    return {
      name: this.name,
      title: this.title,
      what: `The shallow net ŷ = Σ_{i≤m} v_i σ(w_i x) (no biases, Ding et al. eq. 12) with m = N hidden units, for N = ${size.Ns.join(', ')} samples: distinct nonzero inputs in ±{1/2, …, 3} and targets in −2..2 in halves, drawn per run from the seed. ${size.restarts} runs per activation and N: TensorFlow.js Adam (learning rate ${LEARNING_RATE}, ${size.steps} full-batch steps, float32) from Glorot-uniform starts (seed recorded per run). Each end point is classified by the toolkit: for ReLU and leaky ReLU exactly (snapped, certified, searched below); for the others after a float64 damped-Newton polish by float evidence (gradient below 1e-8 and no Hessian eigenvalue below −1e-8 is "minimum (float evidence)"). A cell counts the runs that ended at a local minimum with nonzero loss (certified, or float evidence for the smooth and polynomial rows). Such a minimum is bad (not global) when a lower point exists: for ReLU and leaky ReLU the cell also says how many were certified spurious (an exact, re-checked lower point); when no net of this form fits the data, a nonzero-loss minimum may be global. "Not decided" runs did not converge or could not be decided. Compare the claims' table "The phase transition" above, which decides whether such a minimum exists at all; training shows how often it is found.`,
      seed: opts.seed,
      size: opts.size,
      backend: tfBackendLine(rt),
      table: { columns: ['σ', ...size.Ns.map((N) => `N = m = ${N}`)], rows },
      plot: {
        title: 'Share of Adam runs ending at a local minimum with nonzero loss (m = N)',
        x: 'N = m',
        y: 'share of runs',
        series: ROWS.map((r) => ({ name: r.name, x: [...size.Ns], y: share[r.name] })),
        caption: `Each point is the share of ${size.restarts} runs whose end point the toolkit classified as a local minimum with nonzero loss (certified for ReLU and leaky ReLU, float evidence otherwise). Runs that did not converge count as not bad; the table says how many.`,
      },
      summary: `${totalBad} of ${ROWS.length * size.Ns.length * size.restarts} runs ended at a local minimum with nonzero loss.`,
      runs,
      ms: Math.round(performance.now() - t0),
    };
  },
};
