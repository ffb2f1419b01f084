/**
 * Lemma 10 (eqs. 27/28; note §5d): the split (channel t, output k, η) with
 * G = Σ_i u_i D_i ≠ 0, the one L−2 bias of θ′ that is perturbed, and the exact
 * quadratic risk along it. With pooling (App. D) D and G are D̃ and G̃, with
 * w̃ = Poolᵀ·(FC weights) in place of the copy weights (`expandFc`).
 */
import type { Fraction } from 'fraction.js';
import type { Dataset } from '../../model/data.js';
import type { Network } from '../../model/network.js';
import { ONE, sum, toRat, ZERO } from '../../numeric/rational.js';
import { selectThreshold } from './split.js';
import { channelTable, minV, preActivations, relu0 } from './layer3.js';
import { copyWeights } from './lemma9.js';
import {
  cloneParams,
  convBlock,
  forwarded,
  PLAIN,
  shapeOf,
  type CnnParams,
  type CnnShape,
  type CnnVariant,
} from './network.js';
import { expandFc } from './pooling.js';
import { topMargin } from './top.js';

export interface Lemma10Plan {
  t: number;
  k: number;
  eta: Fraction;
  which: 1 | 2;
  /** case 1: β = η + b; case 2: b̃ */
  beta: Fraction;
  bTilde: Fraction;
  /** D_i = Σ_j w^j 1[v_i^j > η] (w̃ with pooling) */
  D: Fraction[];
  G: Fraction;
  /** min of the split's distance and, with FC layers above the first, `rhoTop` */
  rho: Fraction;
  /** with FC layers above the first: how far output k may move (by δb·D_i) with every forwarding unit active (`topMargin`) */
  rhoTop?: Fraction;
  /** 'selected': the corrected §5b.3 rule; 'searched': a gap with G ≠ 0 found by scanning */
  mode: 'selected' | 'searched';
  h?: number;
  groupSum?: Fraction;
}

/**
 * A (channel t, output k, η) with G = Σ_j w^j S_j(η) ≠ 0, η ∉ {v}, η ≠ −b_t:
 * first by the corrected biggest-threshold rule (selectThreshold), else by
 * scanning the gaps between the sorted v values of each channel (G is constant
 * on each gap; a second point per gap in case the first one hits −b_t). null if none.
 * With pooling it runs on the FC expanded to the L−3 locations, so D and G are D̃ and G̃.
 */
export function planLemma10(
  s: CnnShape,
  params: CnnParams,
  u: readonly (readonly Fraction[])[],
  data: Dataset,
  bTildeExtra: Fraction = ZERO,
  variant: CnnVariant = PLAIN,
): Lemma10Plan | null {
  const theta = expandFc(s, params, variant);
  const v = preActivations(s, theta.w1, data, theta.lower);
  const Tf = forwarded(s);
  const build = (
    t: number,
    k: number,
    eta: Fraction,
    mode: 'selected' | 'searched',
    h?: number,
    groupSum?: Fraction,
  ): Lemma10Plan | null => {
    const w = copyWeights(s, theta, t, k);
    const tab = channelTable(v, t);
    const D = tab.map((row) => sum(row.map((x, j) => (x.compare(eta) > 0 ? w[j] : ZERO))));
    const G = sum(D.map((d, i) => d.mul(u[k][i])));
    if (G.n === 0n) return null;
    const b = theta.b1[t];
    const which: 1 | 2 = eta.compare(b.neg()) > 0 ? 1 : 2;
    const beta = eta.add(b);
    const bTilde = minV(v, t).neg().add(bTildeExtra);
    const flat = tab.flat();
    const split =
      which === 1
        ? flat.map((x) => relu0(x.add(b)).sub(beta).abs()).reduce((m, x) => (x.compare(m) < 0 ? x : m))
        : flat.map((x) => x.sub(eta).abs()).reduce((m, x) => (x.compare(m) < 0 ? x : m));
    // with FC layers above the first, also before a forwarding unit of output k reaches its kink; the
    // outputs are u + y, which needs the squared loss (forwarding tops are built for squared-loss instances only)
    const top = params.top
      ? topMargin(
          params.top,
          u[k].map((x, i) => x.add(data.targets[i][k])),
          D,
        )
      : null;
    const rho = top && top.compare(split) < 0 ? top : split;
    return { t, k, eta, which, beta, bTilde, D, G, rho, mode, h, groupSum, ...(top ? { rhoTop: top } : {}) };
  };
  for (let k = 0; k < s.dy; k++)
    for (let t = 0; t < Tf; t++) {
      if (u[k].every((x) => x.n === 0n)) continue;
      const sel = selectThreshold(channelTable(v, t), u[k], [theta.b1[t].neg()]);
      if (sel.ok) {
        const pl = build(t, k, sel.eta, 'selected', sel.h, sel.groupSum);
        if (pl) return pl;
      }
    }
  for (let k = 0; k < s.dy; k++)
    for (let t = 0; t < Tf; t++) {
      const vals = [
        ...new Map(
          channelTable(v, t)
            .flat()
            .map((x) => [x.toFraction(), x]),
        ).values(),
      ].sort((a, b) => a.compare(b));
      const bad = [...vals, theta.b1[t].neg()];
      for (let g = 0; g + 1 < vals.length; g++)
        for (const frac of [toRat('1/2'), toRat('1/3')]) {
          const eta = vals[g].add(vals[g + 1].sub(vals[g]).mul(frac));
          if (bad.some((x) => x.equals(eta))) continue;
          const pl = build(t, k, eta, 'searched');
          if (pl) return pl;
        }
    }
  return null;
}

/** Lemma 10 (eqs. 27/28): the one bias that is perturbed, as a block name and index. */
export const lemma10Bias = (which: 1 | 2) => ({ block: 'the L−2 biases', map: which === 1 ? 1 : 0 });

/** θ′ with the Lemma 10 perturbation δb added (case 1: b_2^{L−2}; case 2: b_1^{L−2}). */
export function perturbLemma10(theta: CnnParams, which: 1 | 2, db: Fraction): CnnParams {
  const p = cloneParams(theta);
  const m = lemma10Bias(which).map;
  p.b2[m] = p.b2[m].add(db);
  return p;
}

/** The unit direction of the Lemma 10 perturbation in θ-space. */
export function lemma10Direction(net: Network, which: 1 | 2): Fraction[] {
  const d = new Array<Fraction>(net.paramCount).fill(ZERO);
  const v = net.views.find((x) => x.name === convBlock(shapeOf(net), 2, 'bias'))!;
  d[v.offset + lemma10Bias(which).map] = ONE;
  return d;
}

/** δb* = −sgn(G)·min(ρ/2, |G|/ΣD²) (note §5d). */
export function bestDeltaB(plan: Lemma10Plan): Fraction {
  const sD2 = sum(plan.D.map((d) => d.mul(d)));
  const m = plan.rho.div(2).compare(plan.G.abs().div(sD2)) < 0 ? plan.rho.div(2) : plan.G.abs().div(sD2);
  return plan.G.s < 0n ? m : m.neg();
}

/** R + (δb/N)G + (δb²/2N)ΣD² (note §5d). */
export function predictedLemma10Risk(R: Fraction, plan: Lemma10Plan, db: Fraction, N: number): Fraction {
  const sD2 = sum(plan.D.map((d) => d.mul(d)));
  return R.add(db.mul(plan.G).div(N)).add(
    db
      .mul(db)
      .mul(sD2)
      .div(2 * N),
  );
}
