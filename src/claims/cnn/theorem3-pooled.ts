/**
 * Theorem 3 of "Spurious local minima provably exist for deep CNNs" with a
 * pooling layer (App. B after Theorem 3: "If pooling layers are used in CNNs,
 * we can adjust the parameters in Theorem 3 to reflect the effects of
 * parameter matrices of pooling layers. However, the adjusted (W^l, b^l) is
 * still a local minimum."). The paper does not say how to adjust: the reading
 * registered here (ADJUSTED) is ours, and each claim `X.pooled` states X of
 * ./theorem3.ts or ./theorem3-local-min.ts for it and is decided by X's check
 * on the pooled network. Constructions: src/papers/cnn/theorem3.ts
 * (`T3Arch.pool`, `splitValue`, `firstTerm`, `lambdaOf`) and ./theorem3-sub.ts
 * (the pooled expressive second subnetwork).
 */
import type { Claim } from '../types.js';
import { paper } from './parts.js';
import { compensation, outputFormula } from './theorem3.js';
import { c7WithLambda, HYP_ARCH, shapeReason, t3Values, valueArb, type T3Value } from './theorem3-instances.js';
import { localMinC7, localMinPrinted } from './theorem3-local-min.js';

const ADJUSTED =
  "Our reading of \"adjusted parameters\" (the paper gives none): a non-overlapping average pooling of size 2 within each map sits between the last conv layer and the dense layer. By weight sharing, channel 1 passes σ(x^p + c_p) at every position p, and the pooling averages k with its window neighbour k′, so the adjustment is made on the window: the split of eq. (9) is on m_i = max(x_i^k, x_i^{k′}) (c_p = −½(m_{i*} + m_{j*}), I = the samples with the largest m_i), so the window is on exactly for i ∈ I; the dense weight of output o on channel 1's window of k is 2·λ_o, so the first subnetwork adds z_i·λ with z_i = σ(x_i^k + c_p) + σ(x_i^{k′} + c_p) (eq. 96 with z_i for σ(x_i^k + c_p)); λ is eq. (15)/(16)'s least squares over I with these z_i (λ = Σ z_i r_i / Σ z_i²); the second subnetwork's dense weights read its pooled maps, W_2 is its ReLU-free map through the pooling, and the constants of eq. (22) are compensated through it. Without pooling every piece of this is Theorem 3 as printed.";

const HYP_POOLED_ARCH =
  'a 1-D CNN: L − 1 conv layers (kernel 3, same zero padding, stride 1, ReLU, tied bias), T_l ≥ 2 filters, (T_l − 1)·P/2 ≥ d_y (the dense layer reads P/2 pooled positions per map), then a non-overlapping average pooling of size 2 within each map, then a dense linear output layer; P ∈ {2, 4}, C0 ∈ {1, 2}, d_y ∈ {1, 2}';

/** A hypothesis of the claim without pooling, as it reads with the pooling. */
function pooledHypothesis(h: string): string {
  if (h === HYP_ARCH) return HYP_POOLED_ARCH;
  if (h.startsWith('an expressive second subnetwork'))
    return 'an expressive second subnetwork (channels 2c + 1 and 2c + 2 of conv layer 1 read input channel c through the centre and the right tap, higher layers copy them; T_l ≥ 2·C0 + 1), so its pooled maps determine x and its W_2 is the exact unconstrained affine least-squares fit on the samples ∉ I (eq. 20, "optimized")';
  if (h.startsWith('L = 2 (')) return 'L = 2 (one conv layer, the pooling, then the dense layer)';
  if (h.startsWith('extra conditions (not in the paper)'))
    return `${h}; with the pooling, read "position k" as the window of k: the pixels outside it are below −c_p`;
  return h;
}

/** Claim X for our reading: its statement, X's hypotheses with the pooled architecture, X's check. */
function pooled(
  base: Claim<T3Value>,
  instance: ReturnType<typeof t3Values>,
  o: { title: string; statement: string; expected?: 'holds' | 'refuted'; correctedBy?: string; runs: number },
): Claim<T3Value> {
  return paper.claim<T3Value>({
    id: `${base.id}.pooled`,
    section: `${base.section}; App. B after Theorem 3 ("if pooling layers are used … the adjusted (W^l, b^l) is still a local minimum")`,
    title: o.title,
    statement: `${o.statement} ${ADJUSTED}`,
    instance,
    hypotheses: [...base.hypotheses.map(pooledHypothesis), ADJUSTED],
    check: base.check,
    ...(o.expected ? { expected: o.expected } : {}),
    ...(o.correctedBy ? { correctedBy: o.correctedBy } : {}),
    runs: o.runs,
  });
}

/** A random second subnetwork on the pooled network. */
const randomSub = (extra2: boolean) =>
  t3Values(
    () => valueArb({ minL: 2, maxL: 3, c7: false, randomSub: true, extra2, minN: 2, maxN: 5, pooled: true }),
    (v) => shapeReason(v, { c7: false, randomSub: true }) ?? (extra2 && !v.extra2 ? 'no extra constants e_l' : null),
  );

export const theorem3PooledClaims = [
  pooled(outputFormula, randomSub(false), {
    title:
      'With a pooling layer (our reading of "adjusted"): θ₁ computes o(x_i) = W_2 x̂_i + z_i·λ, z_i = Σ over the window of k of σ(x_i^p + c_p), on for i ∈ I only, and zero loss on i* when |I| = 1',
    statement:
      'With c_p = −½(m_{i*} + m_{j*}) on the window maxima m_i, m_i + c_p > 0 exactly for i ∈ I, with margin z = m_{i*} + c_p on both sides. The pooled CNN with the adjusted parameters outputs o(x_i) = W_2 x̂_i + z_i·λ for every sample (eq. 96 adjusted), W_2 being the ReLU-free map of the second subnetwork through the pooling. If |I| = 1, λ gives zero loss on i* (eq. 98); if |I| ≥ 2, λ minimises the loss over I (Σ_{i∈I} z_i(o_i − y_i) = 0). Checked exactly on a random second subnetwork.',
    runs: 200,
  }),
  pooled(compensation, randomSub(true), {
    title:
      'With a pooling layer (our reading of "adjusted"): the constants c_l and b^L − Δo^L (eq. 22, through the pooling) leave every output unchanged',
    statement:
      "For a second subnetwork made all-active by constants c_l added to its biases, the shift propagates linearly through the conv layers and the window averages, and Δo^L of the recursion (22), averaged over each window before the dense layer, cancels it at the output: the outputs equal W_2 x̂ + z_i·λ for the just-sufficient constants, for larger ones c_l, and for larger still c_l + e_l, exactly; and Δo^L equals the change of the ReLU-free output map's constant term.",
    runs: 200,
  }),
  pooled(
    localMinPrinted,
    t3Values(
      () => valueArb({ minL: 2, maxL: 3, c7: false, randomSub: false, minN: 2, maxN: 5, pooled: true }),
      (v) => shapeReason(v, { c7: false, randomSub: false }),
    ),
    {
      title:
        'With a pooling layer (our reading of "adjusted"), under the stated hypotheses only: the adjusted θ₁ is a local minimum ("the adjusted (W^l, b^l) is still a local minimum")',
      statement:
        'App. B: with pooling layers, the adjusted parameters of Theorem 3 are still a local minimum, under T_l ≥ 2 and n_l − P_{l−1} ≥ d_y and nothing else. Decided by the landscape toolkit (exact certificates and exact descent search); a counterexample is an exact lower point next to θ₁.',
      expected: 'refuted',
      correctedBy: 'cnn.theorem3.local-min-c7.pooled',
      runs: 60,
    },
  ),
  pooled(localMinC7, c7WithLambda([2, 2], true), {
    title:
      'With a pooling layer (our reading of "adjusted") at depth L = 2, under the extra conditions: θ₁ is a local minimum, non-trivial',
    statement:
      "Under the extra conditions that make Theorem 3 hold at L = 2 without pooling (one sample i* with the largest m, every channel-1 pixel outside the window of k strictly below −c_p, the expressive second subnetwork with W_2 the exact affine least squares on the other samples, squared loss), the adjusted θ₁ on the pooled network is strictly inside an activation cell and R(θ₁) equals the exact pattern-class lower bound of that cell, so it is a local minimum (certificate); it is non-trivial: i*'s activation pattern differs from the other samples', and (λ ≠ 0) the predictor is not affine on the segment from x_{i*} to x_{j*}.",
    runs: 200,
  }),
];
