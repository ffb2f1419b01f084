/**
 * `npm run bench`, TensorFlow.js part (issue 19): the suite's float64 risk +
 * gradient against tfjs (float32, its autodiff) on the reference FC network
 * and on a small 2-D CNN, the forward risk on tfjs's cpu and wasm backends
 * (which is faster, for the backend choice in src/model/tf.ts), and one
 * training step (gradient + Adam update) in each. Ratios are taken within
 * interleaved rounds, as in ./bench.ts.
 */
import type { Dataset } from '../model/data.js';
import { dataTensors, paramTensor } from '../model/data.js';
import type { Loss } from '../model/loss.js';
import type { Network } from '../model/network.js';
import { riskGradient } from '../model/passes.js';
import { floatData, loadTf, tfBackendLine, tfRisk, tfRiskGradient } from '../model/tf.js';
import { floatBackend } from '../numeric/float-backend.js';

type Rate = (fn: () => unknown, ms: number) => number;

/** One Adam step on θ (β₁ = 0.9, β₂ = 0.999, ε = 1e-8), in place: what a training loop does per gradient. */
function adamStep(theta: Float64Array, g: ArrayLike<number>, m: Float64Array, v: Float64Array, t: number, lr = 1e-3) {
  for (let j = 0; j < theta.length; j++) {
    m[j] = 0.9 * m[j] + 0.1 * g[j];
    v[j] = 0.999 * v[j] + 0.001 * g[j] * g[j];
    theta[j] -= (lr * (m[j] / (1 - 0.9 ** t))) / (Math.sqrt(v[j] / (1 - 0.999 ** t)) + 1e-8);
  }
}

export async function tfjsTimes(
  nets: { name: string; net: Network; data: Dataset; theta: string[] | number[]; loss: Loss }[],
  rate: Rate,
  ms: number,
  rounds: number,
) {
  const rt = await loadTf();
  const { tf } = rt;
  let wasm = false;
  try {
    await import('@tensorflow/tfjs-backend-wasm');
    wasm = true;
  } catch {
    wasm = false;
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const out: Record<string, unknown> = { backend: tfBackendLine(rt) };
  for (const { name, net, data, theta, loss } of nets) {
    const fl = { ...dataTensors(floatBackend, net, data), th: paramTensor(floatBackend, net, theta) };
    const th = Array.from(fl.th.data);
    const fd = floatData(data);
    const m = new Float64Array(th.length),
      v = new Float64Array(th.length);
    const suiteTheta = Float64Array.from(th);
    let step = 0;
    const paths: Record<string, () => unknown> = {
      suiteRiskGrad: () => riskGradient(floatBackend, net, loss, fl.th, fl.X, fl.Y),
      tfjsRiskGrad: () => tfRiskGradient(rt, net, loss, th, fd),
      suiteTrainStep: () => {
        const t = floatBackend.fromNumbers(th.length, 1, Array.from(suiteTheta));
        const g = riskGradient(floatBackend, net, loss, t, fl.X, fl.Y).grad.data;
        adamStep(suiteTheta, g, m, v, ++step);
      },
      tfjsTrainStep: () => {
        const g = tfRiskGradient(rt, net, loss, th, fd).grad;
        adamStep(suiteTheta, g, m, v, ++step);
      },
    };
    const per: Record<string, number[]> = Object.fromEntries(Object.keys(paths).map((k) => [k, []]));
    for (let r = 0; r < rounds; r++) for (const k of Object.keys(paths)) per[k].push(rate(paths[k], ms / rounds));
    const ratio = (a: string, b: string) => median(per[a].map((x, i) => x / per[b][i]));
    // the forward risk per tfjs backend available (wasm has no conv backprop kernels, so no gradient there)
    const forwardRates: Record<string, number> = {};
    for (const backend of ['cpu', ...(wasm ? ['wasm'] : [])]) {
      if (!(await tf.setBackend(backend))) continue;
      await tf.ready();
      forwardRates[backend] = rate(() => tfRisk(rt, net, loss, th, fd), ms / rounds);
    }
    await tf.setBackend(rt.backend === 'tensorflow' ? 'tensorflow' : 'cpu');
    out[name] = {
      params: net.paramCount,
      samples: data.inputs.length,
      suiteRiskGradPerSec: Math.round(median(per.suiteRiskGrad)),
      tfjsRiskGradPerSec: Math.round(median(per.tfjsRiskGrad)),
      suiteOverTfjsRatio: Math.round(ratio('suiteRiskGrad', 'tfjsRiskGrad') * 100) / 100,
      trainStep: {
        suitePerSec: Math.round(median(per.suiteTrainStep)),
        tfjsPerSec: Math.round(median(per.tfjsTrainStep)),
        suiteOverTfjsRatio: Math.round(ratio('suiteTrainStep', 'tfjsTrainStep') * 100) / 100,
      },
      tfjsRiskPerSecByBackend: Object.fromEntries(Object.entries(forwardRates).map(([k, x]) => [k, Math.round(x)])),
    };
  }
  return out;
}
