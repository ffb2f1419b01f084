/**
 * Theorem 3 of "Spurious local minima provably exist for deep CNNs" with a
 * pooling layer (App. B after Theorem 3: "If pooling layers are used in CNNs,
 * we can adjust the parameters in Theorem 3 to reflect the effects of
 * parameter matrices of pooling layers. However, the adjusted (W^l, b^l) is
 * still a local minimum."). The paper does not say how to adjust; the reading
 * registered here (ADJUSTED) is ours, and each claim `X.pooled` is claim X of
 * ./theorem3.ts or ./theorem3-local-min.ts, decided by X's check on the pooled
 * network. Constructions: src/papers/cnn/theorem3.ts (`T3Arch.pool`) and
 * ./theorem3-sub.ts (the pooled expressive second subnetwork).
 */
import type { Claim } from '../types.js';
import { paper } from './parts.js';
import { compensation, outputFormula } from './theorem3.js';
import { c7WithLambda, HYP_ARCH, shapeReason, t3Values, valueArb, type T3Value } from './theorem3-instances.js';
import { localMinC7, localMinPrinted } from './theorem3-local-min.js';

const ADJUSTED =
  'Reading of "adjusted parameters" (ours; the paper gives none): a non-overlapping average pooling of size 2 within each map sits between the last conv layer and the dense layer. The dense weight of output o on the pooled window of channel 1 that contains position k is 2·λ_o (so a signal at position k alone reaches the output with weight λ_o, as eq. 21 intends), the other channel-1 windows get 0; the second subnetwork\'s dense weights read its pooled maps, W_2 is its ReLU-free map through the pooling, and the constants of eq. (22) are compensated through it. Under this reading the window\'s other position k′ passes σ(x^{k′} + c_p) too, so eq. (96) holds only where those are 0. Where the second subnetwork is the expressive one, channels 2c + 1 and 2c + 2 of conv layer 1 read input channel c through the centre and the right tap (T_l ≥ 2·C0 + 1), so its pooled maps determine x and W_2 is still the exact affine least squares on the samples ∉ I.';

const HYP_POOLED_ARCH =
  'a 1-D CNN: L − 1 conv layers (kernel 3, same zero padding, stride 1, ReLU, tied bias), T_l ≥ 2 filters, (T_l − 1)·P ≥ d_y, then a non-overlapping average pooling of size 2 within each map, then a dense linear output layer; P ∈ {2, 4}, C0 ∈ {1, 2}, d_y ∈ {1, 2}';

/** A hypothesis of the claim without pooling, as it reads with the pooling. */
function pooledHypothesis(h: string): string {
  if (h === HYP_ARCH) return HYP_POOLED_ARCH;
  if (h.startsWith('an expressive second subnetwork'))
    return 'an expressive second subnetwork (channels 2c + 1 and 2c + 2 of conv layer 1 read input channel c through the centre and the right tap, higher layers copy them; T_l ≥ 2·C0 + 1) whose W_2 is the exact unconstrained affine least-squares fit on the samples ∉ I (eq. 20, "optimized")';
  if (h.startsWith('L = 2 (')) return 'L = 2 (one conv layer, the pooling, then the dense layer)';
  return h;
}

/** Claim X with App. B's pooling: X's statement with the reading, its hypotheses with the pooled architecture, X's check. */
function pooled(
  base: Claim<T3Value>,
  instance: ReturnType<typeof t3Values>,
  o: { expected?: 'holds' | 'refuted'; correctedBy?: string; runs: number; extraHypotheses?: string[] },
): Claim<T3Value> {
  return paper.claim<T3Value>({
    id: `${base.id}.pooled`,
    section: `${base.section}; App. B after Theorem 3 ("if pooling layers are used … the adjusted (W^l, b^l) is still a local minimum")`,
    title: `${base.title} — with a pooling layer, parameters adjusted (our reading)`,
    statement: `${base.statement} ${ADJUSTED}`,
    instance,
    hypotheses: [...base.hypotheses.map(pooledHypothesis), ADJUSTED, ...(o.extraHypotheses ?? [])],
    check: base.check,
    ...(o.expected ? { expected: o.expected } : {}),
    ...(o.correctedBy ? { correctedBy: o.correctedBy } : {}),
    runs: o.runs,
  });
}

/** A random second subnetwork on the pooled network; `c7`: data whose channel-1 pixels other than k are below −c_p. */
const randomSub = (o: { extra2: boolean; c7: boolean }) =>
  t3Values(
    () =>
      valueArb({
        minL: 2,
        maxL: 3,
        c7: o.c7,
        randomSub: true,
        extra2: o.extra2,
        minN: o.c7 ? 3 : 2,
        maxN: 5,
        pooled: true,
      }),
    (v) => shapeReason(v, { c7: o.c7, randomSub: true }) ?? (o.extra2 && !v.extra2 ? 'no extra constants e_l' : null),
  );

/** Compensation checks eq. (96) too: on data where the window of k passes position k only. */
const LEAK_FREE =
  'on every sample every channel-1 input pixel other than position k is strictly below −c_p, and exactly one sample has the largest x^k (so the pooling window of k passes σ(x^k + c_p) only, and eq. 96, which the check also compares, can hold; without it eq. 96 fails: cnn.theorem3.output-formula.pooled)';

export const theorem3PooledClaims = [
  pooled(outputFormula, randomSub({ extra2: false, c7: false }), {
    expected: 'refuted',
    correctedBy: 'cnn.theorem3.local-min-c7.pooled',
    runs: 200,
  }),
  pooled(compensation, randomSub({ extra2: true, c7: true }), { runs: 200, extraHypotheses: [LEAK_FREE] }),
  pooled(
    localMinPrinted,
    t3Values(
      () => valueArb({ minL: 2, maxL: 3, c7: false, randomSub: false, minN: 2, maxN: 5, pooled: true }),
      (v) => shapeReason(v, { c7: false, randomSub: false }),
    ),
    { expected: 'refuted', correctedBy: 'cnn.theorem3.local-min-c7.pooled', runs: 60 },
  ),
  pooled(localMinC7, c7WithLambda([2, 2], true), { runs: 200 }),
];
