/**
 * Experiment `training-spurious`: how often training lands in a spurious
 * local minimum. Small ReLU nets (one hidden layer of width 2–8, and two
 * hidden layers of equal width), trained by TensorFlow.js's Adam from seeded
 * Glorot-uniform starts on eight 1-D points that no affine map fits; every end
 * point snapped, certified and searched below by the toolkit
 * (classifyEndpoint). The table counts the classes per network; the plot draws
 * the fraction that ended in a certified spurious minimum as the width grows.
 */
import { EXACT_CLASSES, classifyEndpoint, type EndpointClass } from '../landscape/classify-endpoint.js';
import { glorotStart } from '../landscape/optimise.js';
import { relu } from '../model/activation.js';
import { affineFit } from '../model/affine.js';
import { dataset } from '../model/data.js';
import { squaredLoss } from '../model/loss.js';
import { fcNetwork } from '../model/network.js';
import { floatData, loadTf, tfAdam, tfBackendLine } from '../model/tf.js';
import type { Experiment, ExperimentOptions, ExperimentResult } from './types.js';

const XS = [-3, -2, -1, 0, 1, 2, 3, 4];
const YS = [2, 0, -1, 1, 0, -2, 1, 3];

const SIZES = {
  default: { widths: [2, 3, 4, 6, 8], deepWidths: [2, 3, 4], restarts: 6, steps: 1000 },
  small: { widths: [2, 4], deepWidths: [2], restarts: 2, steps: 300 },
};
const LEARNING_RATE = 0.02;

export const trainingSpurious: Experiment = {
  name: 'training-spurious',
  title: 'How often Adam ends in a spurious local minimum (small ReLU nets, data no affine map fits)',
  async run(opts: ExperimentOptions): Promise<ExperimentResult> {
    const t0 = performance.now();
    const rt = await loadTf();
    const size = SIZES[opts.size];
    const data = dataset(
      XS.map((x) => [x]),
      YS.map((y) => [y]),
    );
    const loss = squaredLoss();
    const affine = affineFit(data, loss).risk;
    if (affine.n === 0n) throw new Error('internal: the experiment data are fitted by an affine map');
    const configs = [
      ...size.widths.map((w) => ({ depth: 1, width: w, widths: [1, w, 1] })),
      ...size.deepWidths.map((w) => ({ depth: 2, width: w, widths: [1, w, w, 1] })),
    ];
    const runs: Record<string, unknown>[] = [];
    const rows: (string | number)[][] = [];
    let k = 0;
    for (const c of configs) {
      const net = fcNetwork(c.widths, relu());
      const counts = Object.fromEntries(EXACT_CLASSES.map((x) => [x, 0])) as Record<EndpointClass, number>;
      for (let r = 0; r < size.restarts; r++) {
        const seed = opts.seed + 1000 * k++ + r;
        const theta = tfAdam(rt, net, loss, glorotStart(net, seed), floatData(data), {
          steps: size.steps,
          learningRate: LEARNING_RATE,
        });
        const e = classifyEndpoint(net, loss, data, theta, { seed });
        counts[e.class]++;
        runs.push({ network: c.widths.join('-'), seed, ...e });
      }
      rows.push([
        c.widths.join('-'),
        c.depth,
        c.width,
        ...EXACT_CLASSES.map((x) => counts[x]),
        `${Math.round((100 * counts.spurious) / size.restarts)} %`,
      ]);
    }
    const frac = (depth: number) => {
      const rs = rows.filter((r) => r[1] === depth);
      return { x: rs.map((r) => r[2] as number), y: rs.map((r) => (r[3] as number) / size.restarts) };
    };
    const spuriousTotal = rows.reduce((s, r) => s + (r[3] as number), 0);
    const total = configs.length * size.restarts;
    return {
      name: this.name,
      title: this.title,
      what: `Data: the eight points x = ${XS.join(', ')} with y = ${YS.join(', ')} (the best affine fit has risk ${affine.toFraction()} > 0). Networks: ReLU, one hidden layer of width ${size.widths.join(', ')} and two hidden layers of width ${size.deepWidths.join(', ')}, linear output. Training: TensorFlow.js Adam (learning rate ${LEARNING_RATE}, ${size.steps} full-batch steps, float32) from ${size.restarts} Glorot-uniform starts per network (seed = ${opts.seed} + 1000·network + restart, recorded per run). Risk: squared loss, mean over samples. Each end point is classified by the toolkit: not converged (‖∇R‖ ≥ 1e-3 or the snap moved it by more than 1e-3·(1 + ‖θ‖)); else snapped to an exact point of its cell (one hidden layer: the cell's exact least-squares optimum; two: the last layer refitted) and certified: exact descent (one that lowers the risk by more than 1e-9·max(1, R); a smaller one is float32's leftover and counts as not converged), undecided, or a certified local minimum, which is spurious when an exact, re-checked point of lower risk is found (else "minimum, no lower point found").`,
      seed: opts.seed,
      size: opts.size,
      backend: tfBackendLine(rt),
      table: {
        columns: ['network', 'hidden layers', 'width', ...EXACT_CLASSES, 'spurious share'],
        rows,
      },
      plot: {
        title: 'Share of Adam runs ending in a certified spurious local minimum',
        x: 'hidden-layer width',
        y: 'share of runs',
        series: [
          { name: 'one hidden layer', ...frac(1) },
          { name: 'two hidden layers', ...frac(2) },
        ].filter((s) => s.x.length),
        caption: `Each point is the share of ${size.restarts} runs of one network whose end point the toolkit certified as a local minimum with an exact lower point. It counts only what was certified: runs that ended undecided or not converged are not in it (the table has every class). For two hidden layers the snap refits only the last layer, so most runs there stay \"not converged\" and their share is a lower bound, not comparable with one hidden layer.`,
      },
      summary: `${spuriousTotal} of ${total} runs ended in a certified spurious local minimum.`,
      runs,
      ms: Math.round(performance.now() - t0),
    };
  },
};
