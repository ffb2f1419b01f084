/**
 * `npm run bench`: throughput of the model code on the reference network
 * (FC, 2 hidden layers of width 16, ReLU, N = 64 samples of dimension 8,
 * data and weights rationals k/8), all measured in one run and reported as
 * JSON with ratios, so numbers from different machines compare.
 *
 * rawLoop is a hand-written Float64Array forward+backward for exactly this
 * network, with no abstraction: the practical single-thread limit.
 */
import {
  fcNetwork,
  relu,
  squaredLoss,
  dataset,
  dataTensors,
  paramTensor,
  risk,
  riskGradient,
  hessian,
  hessianByHvp,
  hessianTensor,
} from '../model/index.js';
import { exactBackend, floatBackend } from '../numeric/index.js';
import { buildNetwork } from '../model/network.js';
import { linear } from '../model/activation.js';
import { certifyTimes } from './certify.js';
import { tfjsTimes } from './tfjs.js';
import { searchTimes } from './search.js';
import { verifyTimes } from './verify.js';

const D0 = 8,
  H = 16,
  N = 64;
/** Total time per path, split over the rounds (env BENCH_MS). */
const minMs = Number(process.env.BENCH_MS ?? 3000);

// Deterministic k/8 values with k in [-8, 8] (a small LCG, so runs are comparable).
let seed = 12345;
const k8 = () => {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return `${(seed % 17) - 8}/8`;
};

const net = fcNetwork([D0, H, H, 1], relu());
const data = dataset(
  Array.from({ length: N }, () => Array.from({ length: D0 }, k8)),
  Array.from({ length: N }, () => [k8()]),
);
const theta = Array.from({ length: net.paramCount }, k8);
const loss = squaredLoss();

function rate(fn: () => unknown, ms: number): number {
  for (let i = 0; i < 3; i++) fn(); // warm-up
  let n = 0;
  const t0 = performance.now();
  let t = t0;
  while (t - t0 < ms) {
    fn();
    n++;
    t = performance.now();
  }
  return (n * 1000) / (t - t0);
}

const ex = { ...dataTensors(exactBackend, net, data), th: paramTensor(exactBackend, net, theta) };
const fl = { ...dataTensors(floatBackend, net, data), th: paramTensor(floatBackend, net, theta) };

// --- raw loop: same network, same data, plain arrays -------------------------
const Xr = fl.X.data,
  Yr = fl.Y.data,
  P = fl.th.data;
const oW1 = 0,
  ob1 = H * D0,
  oW2 = ob1 + H,
  ob2 = oW2 + H * H,
  oW3 = ob2 + H,
  ob3 = oW3 + H;
const z1 = new Float64Array(H * N),
  a1 = new Float64Array(H * N),
  z2 = new Float64Array(H * N),
  a2 = new Float64Array(H * N);
const out = new Float64Array(N),
  d2 = new Float64Array(H * N),
  d1 = new Float64Array(H * N),
  g = new Float64Array(P.length);
// Written out by hand on purpose (the two hidden layers alike): the bench compares the suite's float path with a plain loop.
function rawRiskGrad(): number {
  g.fill(0);
  for (let u = 0; u < H; u++)
    for (let i = 0; i < N; i++) {
      let s = P[ob1 + u];
      for (let j = 0; j < D0; j++) s += P[oW1 + u * D0 + j] * Xr[j * N + i];
      z1[u * N + i] = s;
      a1[u * N + i] = s > 0 ? s : 0;
    }
  for (let u = 0; u < H; u++)
    for (let i = 0; i < N; i++) {
      let s = P[ob2 + u];
      for (let j = 0; j < H; j++) s += P[oW2 + u * H + j] * a1[j * N + i];
      z2[u * N + i] = s;
      a2[u * N + i] = s > 0 ? s : 0;
    }
  let r = 0;
  for (let i = 0; i < N; i++) {
    let s = P[ob3];
    for (let j = 0; j < H; j++) s += P[oW3 + j] * a2[j * N + i];
    const e = s - Yr[i];
    out[i] = (2 / N) * e;
    r += e * e;
  }
  for (let i = 0; i < N; i++) {
    g[ob3] += out[i];
    for (let j = 0; j < H; j++) {
      g[oW3 + j] += out[i] * a2[j * N + i];
      d2[j * N + i] = z2[j * N + i] > 0 ? out[i] * P[oW3 + j] : 0;
    }
  }
  for (let u = 0; u < H; u++)
    for (let i = 0; i < N; i++) {
      const d = d2[u * N + i];
      if (d === 0) continue;
      g[ob2 + u] += d;
      for (let j = 0; j < H; j++) g[oW2 + u * H + j] += d * a1[j * N + i];
    }
  d1.fill(0);
  for (let u = 0; u < H; u++)
    for (let i = 0; i < N; i++) {
      const d = d2[u * N + i];
      if (d === 0) continue;
      for (let j = 0; j < H; j++) d1[j * N + i] += d * P[oW2 + u * H + j];
    }
  for (let j = 0; j < H; j++)
    for (let i = 0; i < N; i++) {
      const d = z1[j * N + i] > 0 ? d1[j * N + i] : 0;
      if (d === 0) continue;
      g[ob1 + j] += d;
      for (let k = 0; k < D0; k++) g[oW1 + j * D0 + k] += d * Xr[k * N + i];
    }
  return r / N;
}

// Sanity: the three paths compute the same risk and gradient.
const exactR = exactBackend.field.toNumber(risk(exactBackend, net, loss, ex.th, ex.X, ex.Y));
const floatRG = riskGradient(floatBackend, net, loss, fl.th, fl.X, fl.Y);
const rawR = rawRiskGrad();
const gradDiff = g.reduce((m, x, k) => Math.max(m, Math.abs(x - floatRG.grad.data[k])), 0);
if (
  Math.abs(exactR - floatRG.risk) > 1e-9 * Math.max(1, exactR) ||
  Math.abs(rawR - floatRG.risk) > 1e-9 * Math.max(1, rawR) ||
  gradDiff > 1e-9
) {
  throw new Error(
    `bench paths disagree: exact ${exactR}, float ${floatRG.risk}, raw ${rawR}, max gradient difference ${gradDiff}`,
  );
}

// Interleaved rounds: every round times each path for roundMs; a ratio is
// taken within a round (same machine load for both sides), and the medians
// over rounds are reported. This keeps the ratios stable when the machine is
// shared.
const paths = {
  exactRisk: () => risk(exactBackend, net, loss, ex.th, ex.X, ex.Y),
  floatRisk: () => risk(floatBackend, net, loss, fl.th, fl.X, fl.Y),
  floatRiskGrad: () => riskGradient(floatBackend, net, loss, fl.th, fl.X, fl.Y),
  rawLoopRiskGrad: rawRiskGrad,
  exactRiskGrad: () => riskGradient(exactBackend, net, loss, ex.th, ex.X, ex.Y),
  // the float Hessian as callers get it (number[][]), and both Hessians as one P×P tensor
  floatHessian: () => hessian(floatBackend, net, loss, fl.th, fl.X, fl.Y),
  floatHessianTensor: () => hessianTensor(floatBackend, net, loss, fl.th, fl.X, fl.Y),
  exactHessianTensor: () => hessianTensor(exactBackend, net, loss, ex.th, ex.X, ex.Y),
};
type PathName = keyof typeof paths;
const rounds = 7;
const perRound: Record<PathName, number[]> = {
  exactRisk: [],
  floatRisk: [],
  floatRiskGrad: [],
  rawLoopRiskGrad: [],
  exactRiskGrad: [],
  floatHessian: [],
  floatHessianTensor: [],
  exactHessianTensor: [],
};
for (let r = 0; r < rounds; r++)
  for (const k of Object.keys(paths) as PathName[]) perRound[k].push(rate(paths[k], minMs / rounds));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const med = (k: PathName) => median(perRound[k]);
const ratio = (a: PathName, b: PathName) => median(perRound[a].map((x, i) => x / perRound[b][i]));
const exactRiskPerSec = med('exactRisk');
const floatRiskPerSec = med('floatRisk');
const floatRiskGradPerSec = med('floatRiskGrad');
const rawLoopRiskGradPerSec = med('rawLoopRiskGrad');
const exactRiskGradPerSec = med('exactRiskGrad');

const hessianRatio = ratio('floatHessianTensor', 'exactHessianTensor'); // exact time / float time
const floatHessianMs = 1000 / med('floatHessian');
const exactHessianMs = 1000 / med('exactHessianTensor');
// Once each, outside the rounds (slow): the exact Hessian as P² rationals, and the reference per-HVP Hessians.
const onceMs = (fn: () => unknown) => {
  const t0 = performance.now();
  fn();
  return performance.now() - t0;
};
const exactHessianFractionsMs = onceMs(() => hessian(exactBackend, net, loss, ex.th, ex.X, ex.Y));
const floatHessianByHvpMs = onceMs(() => hessianByHvp(floatBackend, net, loss, fl.th, fl.X, fl.Y));
const exactHessianByHvpMs = onceMs(() => hessianByHvp(exactBackend, net, loss, ex.th, ex.X, ex.Y));
const certify = certifyTimes();
const secondOrderMs = (certify.secondOrder as { cell: { ms: number } }).cell.ms;
const search = searchTimes();
// TensorFlow.js (issue 19): the reference net and a 2-D CNN on 8 × 8 images (318 parameters)
const cnn = buildNetwork({
  input: { channels: 1, height: 8, width: 8 },
  layers: [
    { kind: 'conv2d', filters: 4, kernel: 3, padding: 'same', activation: relu() },
    { kind: 'avgpool2d', size: 2 },
    { kind: 'conv2d', filters: 4, kernel: 3, padding: 'same', activation: relu() },
    { kind: 'dense', units: 2, activation: linear() },
  ],
});
const cnnData = dataset(
  Array.from({ length: 32 }, () => Array.from({ length: 64 }, k8)),
  Array.from({ length: 32 }, () => [k8(), k8()]),
);
const tfjs = await tfjsTimes(
  [
    { name: 'reference', net, data, theta, loss },
    { name: 'cnn8x8', net: cnn, data: cnnData, theta: Array.from({ length: cnn.paramCount }, k8), loss },
  ],
  rate,
  minMs,
  rounds,
);
// issue 21: the whole quick suite on one worker and on two (minutes; BENCH_VERIFY=0 skips it)
const verifyRuns = process.env.BENCH_VERIFY === '0' ? null : verifyTimes();
const tfjsRatio = (k: string) => (tfjs[k] as { suiteOverTfjsRatio: number }).suiteOverTfjsRatio;

const round = (x: number) => Math.round(x * 100) / 100;
console.log(
  JSON.stringify(
    {
      network: { widths: [D0, H, H, 1], activation: 'relu', samples: N, params: net.paramCount, values: 'k/8' },
      exactRiskPerSec: round(exactRiskPerSec),
      floatRiskPerSec: round(floatRiskPerSec),
      exactOverFloatRatio: round(ratio('floatRisk', 'exactRisk')),
      floatRiskGradPerSec: round(floatRiskGradPerSec),
      rawLoopRiskGradPerSec: round(rawLoopRiskGradPerSec),
      floatOverRawLoopRatio: round(ratio('floatRiskGrad', 'rawLoopRiskGrad')),
      exactRiskGradPerSec: round(exactRiskGradPerSec),
      hessian: {
        params: net.paramCount,
        floatMs: round(floatHessianMs),
        floatTensorMs: round(1000 / med('floatHessianTensor')),
        exactMs: round(exactHessianMs),
        exactOverFloatRatio: round(hessianRatio),
        note: 'structured products (src/model/hessian.ts); floatMs: the float Hessian as rows of numbers; exactMs and the ratio: the exact and float Hessians each as one P×P tensor (the exact one an integer matrix over one denominator, what secondOrder uses); the once-measured figures below are single runs',
        exactAsFractionsMs: round(exactHessianFractionsMs),
        floatByHvpMs: round(floatHessianByHvpMs),
        exactByHvpMs: round(exactHessianByHvpMs),
      },
      targets: {
        exactOverFloatRatio: '<= 20',
        floatOverRawLoopRatio: '>= 0.5',
        floatHessianMs: '<= 40',
        exactOverFloatHessianRatio: '<= 3',
        secondOrderMs: '<= 2000 (FC 2-16-16-1, N = 64, planted cell minimum)',
        descentSearchMs: '<= 5000 each (FC 2-16-16-1, N = 64; see descentSearch)',
        suiteOverTfjsRatio: ">= 10 (float64 risk + gradient against tfjs's backend, nets under 1 000 parameters)",
        verifyWorkersSpeedup:
          '>= 1.7 (verify, quick profile, all claims: 1 worker over 2; for a machine of 2 cores or more)',
        thoroughMs: '< 3 600 000 (verify, thorough profile, all workers)',
      },
      targetsMet: {
        exactOverFloatRatio: ratio('floatRisk', 'exactRisk') <= 20,
        floatOverRawLoopRatio: ratio('floatRiskGrad', 'rawLoopRiskGrad') >= 0.5,
        floatHessianMs: floatHessianMs <= 40,
        exactOverFloatHessianRatio: hessianRatio <= 3,
        secondOrderMs: secondOrderMs <= 2000,
        descentSearchMs: search.targetMet as boolean,
        suiteOverTfjsRatio: tfjsRatio('reference') >= 10 && tfjsRatio('cnn8x8') >= 10,
        verifyWorkersSpeedup: !verifyRuns
          ? 'not measured'
          : (verifyRuns.cores as number) < 2
            ? 'not applicable (one core)'
            : (verifyRuns.verifyWorkersSpeedup as number) >= 1.7,
        thoroughMs:
          verifyRuns && typeof verifyRuns.thorough === 'object'
            ? (verifyRuns.thorough as { ms: number }).ms < 3_600_000
            : 'not measured',
      },
      certifyPlantedMinimum: certify,
      descentSearch: search,
      tfjs,
      verify: verifyRuns ?? 'not measured (BENCH_VERIFY=0)',
      measureMsEach: minMs,
      rounds,
      node: process.version,
    },
    null,
    2,
  ),
);
