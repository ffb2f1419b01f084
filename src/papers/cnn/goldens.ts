/** The tiny instances of the note's goldens (§6.2), for tests and a Fig. 3 reproduction. */
import type { Fraction } from 'fraction.js';
import { dataset, type Dataset } from '../../model/data.js';
import { exactRisk } from '../../model/exact.js';
import type { Network } from '../../model/network.js';
import { toRat, type RatLike } from '../../numeric/rational.js';
import { lemma6Point, residuals, type Subnet } from './lemma6.js';
import { thetaPrimeOf } from './lemma9.js';
import { bestDeltaB, lemma10Direction, planLemma10 } from './lemma10.js';
import { E, halfMse, toTheta, type CnnShape } from './network.js';
import { findReservedDescent } from './reserved.js';

/** G1–G3 setup: P = 3, C0 = 1, T3 = 1, T2 = T1 = 3, d_y = 1, filter E, bias b, FC weights w on map 3. */
export function goldenSubnet(b: RatLike, w: readonly RatLike[], bL: RatLike, P = 3): Subnet {
  return {
    shape: { C0: 1, P, T3: 1, T2: 3, T1: 3, dy: 1 },
    filter: [E(0, 1)],
    bias: [toRat(b)],
    fc: [w.map(toRat)],
    bL: [toRat(bL)],
  };
}

/** Golden G2 (note §6.2): a genuine subnetwork local minimum with R(θ) = 1 that is a saddle. */
export function goldenG2(): { sub: Subnet; data: Dataset } {
  const data = dataset(
    [
      [1, 1, 1],
      [2, 2, 1],
      [2, 1, 4],
      [4, 3, 4],
      [2, 2, 4],
    ],
    [[-1], [3], [6], [4], [4]],
  );
  return { sub: goldenSubnet(0, [1, -1, 1], 0), data };
}

export interface Fig3Instance {
  net: Network;
  data: Dataset;
  shape: CnnShape;
  /** θ (Lemma 6), θ′ (Lemma 9, case 1) */
  theta: Fraction[];
  thetaPrime: Fraction[];
  /** the Lemma 10 direction at θ′ (unit vector on the perturbed bias) and its best step δb* */
  lemma10Direction: Fraction[];
  deltaB: Fraction;
  /** the §5h descent direction at θ (ray; R = R(θ) − (|F|/N)ε² + …) */
  saddleDirection: Fraction[];
  risk: Fraction;
}

/** Everything a Fig. 3 reproduction needs for the tiny CNN of golden G2 (or any subnet + data). */
export function fig3Instance(sub: Subnet = goldenG2().sub, data: Dataset = goldenG2().data): Fig3Instance {
  const s = sub.shape;
  const { net, params: p, theta } = lemma6Point(sub);
  const u = residuals(net, theta, data);
  const plan = planLemma10(s, p, u, data);
  if (!plan) throw new Error('fig3Instance: no split with G ≠ 0 for this instance');
  const thetaPrime = toTheta(net, thetaPrimeOf(s, p, plan));
  const sd = findReservedDescent(net, s, p, data);
  if (!sd) throw new Error('fig3Instance: no reserved-map descent for this instance');
  return {
    net,
    data,
    shape: s,
    theta,
    thetaPrime,
    lemma10Direction: lemma10Direction(net, plan.which),
    deltaB: bestDeltaB(plan),
    saddleDirection: sd.direction,
    risk: exactRisk(net, halfMse, theta, data),
  };
}
