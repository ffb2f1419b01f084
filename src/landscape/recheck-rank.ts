/**
 * Independent re-check of a rank-limited pattern group (GroupFit.rank; the proof is
 * in ./rank-limited.ts), from the stored numbers and the network alone:
 *  - the rank limit, recomputed here from the pattern key and the activation slopes
 *    (units with nonzero slope per layer; a layer without breakpoints counts its width),
 *    is the stored one;
 *  - the stored free map satisfies the group's normal equations, so its fitted values
 *    give M = FᵀF (F centred when the net has constants) and the free residual ssr;
 *  - with c the separator and P the projection, Z = P(M − cI)P ⪰ 0 and Z − (M − cI) ⪰ 0
 *    by exact LDLᵀ, so the group bound is ssr + tr M − limit·c − tr Z (Ky Fan, Weyl);
 *  - the stored group map has a linear part of rank ≤ limit and attains that bound
 *    on the group's samples, and the stored risk is the bound scaled like the risk.
 */
import { Fraction } from 'fraction.js';
import { definiteness, fromRows, matMul, rank, transpose, type Mat } from '../linalg/matrix.js';
import type { Dataset } from '../model/data.js';
import { squaredRiskFactor, type Loss } from '../model/loss.js';
import type { Network } from '../model/network.js';
import { rational } from '../numeric/rational.js';
import type { GroupFit } from './verdict.js';

const q = (x: string) => rational.fromString(x);
const O = () => new Fraction(0);

/** rank A ≤ this on the pattern: per layer, the units whose piece has nonzero slope (or the width). */
function liveUnits(net: Network, pattern: string): number | string {
  const byLayer = new Map<number, string[]>();
  for (const part of pattern.split('|')) {
    const colon = part.indexOf(':');
    byLayer.set(Number(part.slice(1, colon)), part.slice(colon + 1).split(','));
  }
  let fewest = Number.POSITIVE_INFINITY;
  for (const layer of net.layers) {
    const act = layer.activation;
    const pieces = byLayer.get(layer.number);
    let live = layer.outDim;
    if (act.kind === 'pwl' && act.breakpoints.length > 0) {
      if (!pieces || pieces.length !== layer.outDim)
        return `the pattern does not give every unit of layer ${layer.number}`;
      live = 0;
      for (const p of pieces) {
        const slope = act.slopes[Number(p)];
        if (slope === undefined) return `the pattern names piece ${p} of layer ${layer.number}, which has none`;
        if (!slope.equals(0)) live++;
      }
    } else if (act.kind === 'pwl' && act.slopes.every((a) => a.equals(0))) live = 0;
    fewest = Math.min(fewest, live);
  }
  return fewest;
}

/** Σ_{i∈group} ‖map·x̃_i − y_i‖², and whether Σ r_i x̃_iᵀ = 0 (normal equations), from a map [A | c]. */
function residuals(map: Fraction[][], data: Dataset, samples: number[], affine: boolean) {
  let ss = O();
  const dX = data.inputs[0].length;
  const normal = map.map(() => new Array<Fraction>(dX + (affine ? 1 : 0)).fill(O()));
  const fitted: Fraction[][] = [];
  for (const i of samples) {
    const x = affine ? [...data.inputs[i], new Fraction(1)] : [...data.inputs[i]];
    const f = map.map((row) => row.reduce((a, w, j) => a.add(w.mul(x[j])), O()));
    fitted.push(f);
    f.forEach((v, o) => {
      const r = v.sub(data.targets[i][o]);
      ss = ss.add(r.mul(r));
      normal[o] = normal[o].map((acc, j) => acc.add(r.mul(x[j])));
    });
  }
  return { ss, fitted, normalHolds: normal.every((row) => row.every((v) => v.equals(0))) };
}

const psd = (A: Mat<Fraction>) => definiteness(rational, A).inertia.negative === 0;

export function recheckRankGroup(
  net: Network,
  loss: Loss,
  data: Dataset,
  g: GroupFit,
  affine: boolean,
): { errors: string[]; risk: Fraction } {
  const errs: string[] = [];
  const c = g.rank!;
  const dX = data.inputs[0].length,
    dY = data.targets[0].length;
  const fail = (m: string) => ({ errors: [...errs, `group ${g.pattern}: ${m}`], risk: O() });
  const live = liveUnits(net, g.pattern);
  if (typeof live === 'string') return fail(live);
  if (live !== c.limit) return fail(`the rank limit is ${live} on this pattern, not the stored ${c.limit}`);
  // the bound ssr + tr M − r·c − tr Z needs r ≤ d_Y (with r > d_Y and c < 0 it overshoots)
  if (c.limit > dY) return fail(`the rank limit ${c.limit} exceeds the ${dY} outputs`);
  const width = dX + (affine ? 1 : 0);
  const ols = c.ols.map((row) => row.map(q));
  const P = c.projection.map((row) => row.map(q));
  if (ols.length !== dY || ols.some((row) => row.length !== width)) return fail(`the free map must be ${dY}×${width}`);
  if (P.length !== dY || P.some((row) => row.length !== dY)) return fail(`the projection must be ${dY}×${dY}`);
  if (P.some((row, a) => row.some((v, b) => !v.equals(P[b][a])))) return fail('the projection is not symmetric');
  const free = residuals(ols, data, g.samples, affine);
  if (!free.normalHolds) errs.push(`group ${g.pattern}: the free map does not satisfy the normal equations`);
  // F: centred fitted values (the fitted mean is ȳ by the normal equation of the constant column)
  const n = g.samples.length;
  const yBar = Array.from({ length: dY }, (_, o) =>
    affine ? g.samples.reduce((a, i) => a.add(data.targets[i][o]), O()).div(n) : O(),
  );
  const Fm = fromRows(
    free.fitted.map((f) => f.map((v, o) => v.sub(yBar[o]))),
    dY,
  );
  const M = matMul(rational, transpose(Fm), Fm);
  const sep = q(c.separator);
  const shifted = fromRows(
    Array.from({ length: dY }, (_, a) =>
      Array.from({ length: dY }, (_, b) => M.data[a * dY + b].sub(a === b ? sep : 0)),
    ),
  );
  const Pm = fromRows(P);
  const Z = matMul(rational, matMul(rational, Pm, shifted), Pm);
  if (!psd(Z)) errs.push(`group ${g.pattern}: P(M − cI)P is not positive semidefinite`);
  const gap = fromRows(
    Array.from({ length: dY }, (_, a) =>
      Array.from({ length: dY }, (_, b) => Z.data[a * dY + b].sub(shifted.data[a * dY + b])),
    ),
  );
  if (!psd(gap)) errs.push(`group ${g.pattern}: P(M − cI)P − (M − cI) is not positive semidefinite`);
  let trM = O(),
    trZ = O();
  for (let a = 0; a < dY; a++) {
    trM = trM.add(M.data[a * dY + a]);
    trZ = trZ.add(Z.data[a * dY + a]);
  }
  const bound = free.ss.add(trM).sub(sep.mul(c.limit)).sub(trZ);
  // the stored map: rank ≤ limit, and it attains the bound (so the bound is the exact optimum)
  const map = g.map.map((row) => row.map(q));
  if (
    rank(
      rational,
      fromRows(
        map.map((row) => row.slice(0, dX)),
        dX,
      ),
    ) > c.limit
  )
    errs.push(`group ${g.pattern}: the stored map's linear part has rank above ${c.limit}`);
  const own = residuals(map, data, g.samples, affine);
  if (!own.ss.equals(bound))
    errs.push(`group ${g.pattern}: the stored map leaves ${own.ss.toFraction()}, not the bound ${bound.toFraction()}`);
  const risk = bound.mul(squaredRiskFactor(rational, loss, data.inputs.length));
  if (!risk.equals(q(g.risk))) errs.push(`group ${g.pattern}: risk is ${risk.toFraction()}, not the stored ${g.risk}`);
  return { errors: errs, risk };
}
