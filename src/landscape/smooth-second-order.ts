/**
 * Second-order evidence for networks the exact tools cannot take (smooth
 * activations such as exp, softplus, tanh): gradient, Hessian and risk
 * differences computed in high-precision decimals (decimal.js), the Hessian's
 * eigenvalues in float64 (ml-matrix). Floats and decimals only: the verdict is
 * `evidence`, never a proof.
 *  - gradient: ‖∇R(θ)‖ ≤ gradientTolerance = 10^(12 − precision)·(1 + R);
 *  - Hessian: eigenvalues with |λ| ≤ 1e-9·max|λ| count as zero (the
 *    eigen-solver's rounding is about P·2⁻⁵²·‖H‖, far below), λ < −1e-9·max|λ|
 *    as negative;
 *  - a known flat subspace (`flat`: directions along which R is constant, e.g.
 *    rescalings): the Hessian restricted to its orthogonal complement must be
 *    positive definite with the same threshold;
 *  - probes: θ + ε·d for random unit d and radii ε = radius·`scale`, with
 *    R(θ′) − R(θ) computed from the output change Δŷ as
 *    2⟨ŷ − y, Δŷ⟩ + ‖Δŷ‖² (times the loss's reduction factor), which avoids the
 *    cancellation of subtracting two nearly equal risks; below
 *    −probeTolerance = −10^(12 − precision)·max(1, R) counts as lower.
 * Squared loss only (the identity above is the square loss's).
 */
import { Fraction } from 'fraction.js';
import type { Decimal } from 'decimal.js';
import { nullspace, fromRows } from '../linalg/matrix.js';
import { symmetricEigen } from '../linalg/float.js';
import { dataTensors, type Dataset } from '../model/data.js';
import { hessian } from '../model/hessian.js';
import { squaredRiskFactor, type Loss } from '../model/loss.js';
import type { Network } from '../model/network.js';
import { predict, riskGradient } from '../model/passes.js';
import { decimalField } from '../numeric/decimal.js';
import { rational } from '../numeric/rational.js';
import { scalarBackend } from '../numeric/scalar-backend.js';
import { randomUnitDirections } from './probes.js';
import { verdict, type Verdict } from './verdict.js';
import type { Inertia } from './second-order.js';

export interface SmoothSecondOrderEvidence {
  kind: 'smooth-second-order';
  /** significant decimal digits of the computation */
  precision: number;
  risk: string;
  gradientNorm: string;
  gradientTolerance: string;
  /** the Hessian's eigenvalues (float64 of the decimal Hessian), ascending */
  eigenvalues: number[];
  /** |λ| ≤ zeroTolerance counts as zero: 1e-9·max|λ| */
  zeroTolerance: number;
  inertia: Inertia;
  /** with a known flat subspace: its dimension and the smallest eigenvalue of H on its orthogonal complement */
  flat?: { dimension: number; complementMin: number };
  probes: { directions: number; radii: number[]; scale: number; minDelta: string; tolerance: string };
}

export interface SmoothSecondOrderOptions {
  /** decimal digits (default 50) */
  precision?: number;
  /** rational directions spanning a subspace along which R is known to be constant */
  flat?: readonly (readonly Fraction[])[];
  /** probe radii, multiplied by `scale` (default 1e-2, 1e-3, 1e-4) */
  radii?: readonly number[];
  scale?: number;
  directions?: number;
  seed?: number;
}

const ZERO_REL = 1e-9;

/** Is θ a local minimum? Decimal/float second-order evidence, as described above. */
export function smoothSecondOrder(
  net: Network,
  loss: Loss,
  theta: readonly Fraction[],
  data: Dataset,
  opts: SmoothSecondOrderOptions = {},
): Verdict<SmoothSecondOrderEvidence> {
  if (loss.kind !== 'squared') throw new RangeError('smoothSecondOrder: squared loss only');
  const precision = opts.precision ?? 50;
  const F = decimalField(precision);
  const be = scalarBackend(F, 'decimal');
  const P = net.paramCount;
  const { X, Y } = dataTensors(be, net, data);
  const th = be.fromScalars(
    P,
    1,
    theta.map((t) => F.fromRatio(t.s * t.n, t.d)),
  );
  const g = riskGradient(be, net, loss, th, X, Y);
  const R = g.risk;
  const gradNorm = be
    .toScalars(g.grad)
    .reduce((s, x) => s.add(x.mul(x)), F.zero)
    .sqrt();
  const tiny = new F.D(10).pow(12 - precision);
  const gradTol = tiny.mul(R.add(1));
  const H = hessian(be, net, loss, th, X, Y).hessian.map((r) => r.map((x) => x.toNumber()));
  const { values } = symmetricEigen(H);
  const zeroTolerance = ZERO_REL * Math.max(0, ...values.map(Math.abs));
  const inertia = { positive: 0, negative: 0, zero: 0 };
  values.forEach((v) => inertia[v > zeroTolerance ? 'positive' : v < -zeroTolerance ? 'negative' : 'zero']++);

  let flat: SmoothSecondOrderEvidence['flat'];
  if (opts.flat && opts.flat.length) {
    // an orthonormal basis of the complement (exact kernel of the flat directions, then Gram–Schmidt)
    const K = nullspace(rational, fromRows(opts.flat, P));
    const basis: number[][] = [];
    for (let c = 0; c < K.cols; c++) {
      let v = Array.from({ length: P }, (_, r) => K.data[r * K.cols + c].valueOf());
      for (const b of basis) {
        const d = v.reduce((s, x, i) => s + x * b[i], 0);
        v = v.map((x, i) => x - d * b[i]);
      }
      const n = Math.hypot(...v);
      basis.push(v.map((x) => x / n));
    }
    const HB = basis.map((b) => H.map((row) => row.reduce((s, x, j) => s + x * b[j], 0)));
    const C = basis.map((a) => HB.map((hb) => a.reduce((s, x, i) => s + x * hb[i], 0)));
    const restricted = symmetricEigen(C.map((r, i) => r.map((x, j) => (x + C[j][i]) / 2))).values;
    flat = { dimension: opts.flat.length, complementMin: restricted.length ? restricted[0] : Infinity };
  }

  // probes: R(θ + εd) − R(θ) = factor·Σ (2(ŷ − y)Δŷ + Δŷ²)
  const factor = squaredRiskFactor(F, loss, data.inputs.length);
  const yhat = be.toScalars(predict(be, net, th, X));
  const y = be.toScalars(Y);
  const radii = [...(opts.radii ?? [1e-2, 1e-3, 1e-4])];
  const scale = opts.scale ?? 1;
  const count = opts.directions ?? 24;
  let minDelta: Decimal | null = null;
  radii.forEach((radius, ri) => {
    for (const d of randomUnitDirections(P, count, (opts.seed ?? 1) + ri)) {
      const eps = F.fromNumber(radius * scale);
      const moved = be.toScalars(th).map((t, k) => t.add(eps.mul(F.fromNumber(d[k]))));
      const out = be.toScalars(predict(be, net, be.fromScalars(P, 1, moved), X));
      const delta = out
        .reduce((s, o, i) => {
          const dy = o.sub(yhat[i]);
          return s.add(yhat[i].sub(y[i]).mul(dy).mul(2)).add(dy.mul(dy));
        }, F.zero)
        .mul(factor);
      if (!minDelta || delta.lt(minDelta)) minDelta = delta;
    }
  });
  const min = (minDelta as Decimal | null) ?? F.zero;
  const probeTol = tiny.mul(R.abs().gt(1) ? R.abs() : 1);

  const evidence: SmoothSecondOrderEvidence = {
    kind: 'smooth-second-order',
    precision,
    risk: R.toSignificantDigits(20).toString(),
    gradientNorm: gradNorm.toSignificantDigits(6).toString(),
    gradientTolerance: gradTol.toSignificantDigits(6).toString(),
    eigenvalues: values,
    zeroTolerance,
    inertia,
    ...(flat ? { flat } : {}),
    probes: {
      directions: count,
      radii,
      scale,
      minDelta: min.toSignificantDigits(6).toString(),
      tolerance: probeTol.toSignificantDigits(6).toString(),
    },
  };
  const fails: string[] = [];
  if (gradNorm.gt(gradTol)) fails.push(`‖∇R‖ = ${evidence.gradientNorm} > ${evidence.gradientTolerance}`);
  if (inertia.negative > 0) fails.push(`the Hessian has ${inertia.negative} negative eigenvalue(s), min ${values[0]}`);
  if (flat && !(flat.complementMin > zeroTolerance))
    fails.push(
      `off the ${flat.dimension} known flat direction(s) the Hessian is not positive definite (min eigenvalue ${flat.complementMin})`,
    );
  if (min.lt(probeTol.neg())) fails.push(`a probe lowers the risk by ${evidence.probes.minDelta}`);
  const where = `${precision}-digit decimals; Hessian eigenvalues ${inertia.positive} positive, ${inertia.zero} zero, ${inertia.negative} negative (|λ| ≤ ${zeroTolerance.toPrecision(3)} is zero)`;
  return fails.length
    ? verdict(
        'evidence',
        'is θ a local minimum?',
        `not a local minimum by float/decimal evidence: ${fails.join('; ')} (${where})`,
        evidence,
        undefined,
        'no',
      )
    : verdict(
        'evidence',
        'is θ a local minimum?',
        `a local minimum by float/decimal evidence: ‖∇R‖ = ${evidence.gradientNorm}, ${where}${flat ? `, positive definite off the ${flat.dimension} flat direction(s) (min ${flat.complementMin.toPrecision(4)})` : ''}, no probe lower (min ΔR ${evidence.probes.minDelta})`,
        evidence,
        undefined,
        'yes',
      );
}
