/**
 * He et al. 2020, Corollary 2 (§4.2; Appendix B.5): with a linear activation
 * the loss surface is one smooth multilinear cell (exact), and every local
 * minimum found from a random start is global (floats, note P25): its risk is
 * the no-intercept linear least-squares risk.
 */
import fc from 'fast-check';
import type { Fraction } from 'fraction.js';
import { z } from 'zod';
import { smallRational } from '../../gen/arbitraries.js';
import { distinctInputs } from '../../gen/data.js';
import { floatLeastSquares } from '../../linalg/float.js';
import { twoPiece } from '../../model/activation.js';
import { dataset, type Dataset } from '../../model/data.js';
import { exactGradient, exactRisk } from '../../model/exact.js';
import { fcNetwork } from '../../model/network.js';
import { dotOf } from '../../numeric/field.js';
import { rational, sum, toRat } from '../../numeric/rational.js';
import { mse } from '../../papers/he2020/index.js';
import { dataTable, encQ, encQs } from '../codec.js';
import { instanceKind, proved, refuted, supported, unsupported } from '../define.js';
import { datasetCodec, rationalCodec, rationals } from '../schema.js';
import { converge, GRAD_TOL, type FloatStart } from './newton.js';
import { he2020 } from './paper.js';
import { noBiasDraws } from './theorem2-instances.js';

interface LinearValue {
  d1: number;
  s: Fraction;
  theta: Fraction[];
  data: Dataset;
}

const linearNets = instanceKind({
  generate: () =>
    fc
      .record({
        dX: fc.integer({ min: 1, max: 2 }),
        d1: fc.integer({ min: 1, max: 3 }),
        s: fc.constantFrom(1, 2, '1/2', -1).map(toRat),
      })
      .chain(({ dX, d1, s }) =>
        noBiasDraws(dX, d1, smallRational(4, 2)).map(({ theta, data }): LinearValue => ({ d1, s, theta, data })),
      ),
  detect: (v) => (v.s.n === 0n ? 's = 0' : null),
  codec: z.object({ d1: z.number().int(), s: rationalCodec, theta: rationals, data: datasetCodec }),
  describe: (v) =>
    `linear activation h(x) = ${encQ(v.s)}·x, hidden width ${v.d1}, no biases\ndata:\n${dataTable(v.data)}\nθ = ${encQs(v.theta).join(', ')}`,
  hypotheses: [
    'one hidden layer, d_Y = 1, no biases (the Theorem 2 setting)',
    'a linear activation h(x) = s·x with s ≠ 0 (a two-piece activation with s− = s+)',
  ],
});

export const corollary2LinearCollapse = he2020.claim({
  id: 'he2020.corollary2.linear-collapse',
  section: '§4.2 Corollary 2; Appendix B.5',
  title: 'Corollary 2: with a linear activation the surface is one smooth multilinear cell',
  statement:
    'If the activation is linear (h(x) = s·x), there are no cell boundaries: the risk is R(W1, W2) = (1/n)‖y − s·W2W1X‖² everywhere, a polynomial, with an exact gradient at every point.',
  instance: linearNets,
  check: (v) => {
    const dX = v.data.inputs[0].length;
    const net = fcNetwork([dX, v.d1, 1], twoPiece(v.s, v.s), false);
    if (net.layers[0].activation.kind !== 'pwl' || net.layers[0].activation.breakpoints.length !== 0)
      return refuted('a linear activation has no kinks', 'the activation kept a breakpoint');
    // W2·W1 (1 × d_X)
    const W2 = v.theta.slice(v.d1 * dX);
    const prod = Array.from({ length: dX }, (_, j) =>
      dotOf(
        rational,
        W2,
        W2.map((_, k) => v.theta[k * dX + j]),
      ),
    );
    const direct = sum(
      v.data.inputs.map((x, i) => {
        const r = v.data.targets[i][0].sub(v.s.mul(dotOf(rational, prod, x)));
        return r.mul(r);
      }),
    ).div(v.data.inputs.length);
    const R = exactRisk(net, mse, v.theta, v.data);
    if (!R.equals(direct))
      return refuted('R = (1/n)‖y − s·W2W1X‖²', `R = ${encQ(R)}, the product formula gives ${encQ(direct)}`, {
        R: encQ(R),
        direct: encQ(direct),
      });
    if (exactGradient(net, mse, v.theta, v.data).kind !== 'interior')
      return refuted('no cell boundaries', 'a kink was reported');
    return proved();
  },
});

// ---------------------------------------------------------------------------
// In floats (note P25): with a linear activation every local minimum found
// from a random start is global.

const linearStarts = instanceKind({
  generate: () =>
    fc
      .record({
        dX: fc.integer({ min: 1, max: 2 }),
        d1: fc.integer({ min: 1, max: 3 }),
        s: fc.constantFrom(1, 2, '1/2', -1, -2).map(toRat),
        xs: distinctInputs(2, { minN: 2, maxN: 7 }),
        ys: fc.array(smallRational(4, 1), { minLength: 7, maxLength: 7 }),
        start: fc.array(
          fc.integer({ min: -2000, max: 2000 }).map((k) => k / 1000),
          { minLength: 9, maxLength: 9 },
        ),
      })
      .map(({ dX, d1, s, xs, ys, start }): FloatStart => ({
        d1,
        sMinus: s,
        sPlus: s,
        data: dataset(
          xs.map((x) => x.slice(0, dX)),
          xs.map((_, i) => [ys[i]]),
        ),
        start: start.slice(0, d1 * dX + d1),
      })),
  detect: (v) => {
    if (!v.sMinus.equals(v.sPlus) || v.sPlus.n === 0n) return 'the activation is not linear with s ≠ 0';
    const c = converge(v);
    if (!(c.gradNorm < GRAD_TOL)) return 'the optimiser did not converge (‖∇R‖ ≥ 1e-10)';
    if (!(c.minEig >= -1e-9)) return 'the optimiser ended at a saddle (negative Hessian eigenvalue)';
    return null;
  },
  // one slope s for both pieces: { d1, s, data, start }
  codec: z.codec(
    z.object({ d1: z.number().int(), s: rationalCodec, data: datasetCodec, start: z.array(z.number()) }),
    z.custom<FloatStart>(),
    {
      decode: ({ d1, s, data, start }) => ({ d1, sMinus: s, sPlus: s, data, start }),
      encode: ({ d1, sPlus, data, start }) => ({ d1, s: sPlus, data, start }),
    },
  ),
  describe: (v) =>
    `h(x) = ${encQ(v.sPlus)}·x, one hidden layer of ${v.d1}, no biases\ndata:\n${dataTable(v.data)}\nstart: ${v.start.join(', ')}`,
  hypotheses: [
    'one hidden layer, d_Y = 1, no biases, h(x) = s·x with s ≠ 0',
    'distinct inputs, arbitrary targets, squared loss',
    'precondition: converged (‖∇R‖ < 1e-10) with Hessian eigenvalues ≥ −1e-9 (runs stopping at the saddle W = 0 are rejected and counted)',
  ],
});

export const corollary2FloatGlobal = he2020.claim({
  id: 'he2020.corollary2.float-local-minima-global',
  section: '§4.2 Corollary 2 ("all local minima are global"); Appendix B.5',
  title: 'Corollary 2 in floats: with a linear activation, local minima from random starts are global',
  statement:
    'With h(x) = s·x the risk depends only on W2·W1, and every local minimum is global. A damped Newton optimiser (float64) from random starts, where it converges to a point with ‖∇R‖ < 1e-10 and a positive semi-definite Hessian, must reach the least-squares risk of regressing y on s·x without intercept, within 1e-8·max(1, R).',
  instance: linearStarts,
  arithmetic: 'float',
  check: (v) => {
    const c = converge(v);
    const s = v.sPlus.valueOf();
    const rows = v.data.inputs.map((x) => x.map((xj) => s * xj.valueOf()));
    const best =
      floatLeastSquares(
        rows,
        v.data.targets.map((t) => t[0].valueOf()),
      ).risk / v.data.inputs.length;
    if (Math.abs(c.risk - best) <= 1e-8 * Math.max(1, c.risk)) return supported();
    return unsupported(
      'every local minimum of the linear network is global',
      `a converged point (‖∇R‖ = ${c.gradNorm.toExponential(2)}, smallest Hessian eigenvalue ${c.minEig.toExponential(2)}) has R = ${c.risk}, the global minimum is ${best}`,
      { theta: Array.from(c.theta), risk: c.risk, global: best },
    );
  },
});
