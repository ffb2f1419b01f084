/**
 * Time of the exact descent search on the reference size of issue 13 (FC
 * 2-16-16-1, 337 parameters, N = 64), for `npm run bench`: at a planted cell
 * minimum (nothing to find: the whole search runs), at a planted boundary
 * minimum (one kink), and at a planted critical point. The strength is
 * reported next to the time; the target is ≤ 5 s for each.
 */
import { descentSearch } from '../landscape/descent.js';
import { fcNetwork, relu, squaredLoss } from '../model/index.js';
import { planted } from './certify.js';

const TARGET_MS = 5000;

export function searchTimes(): Record<string, unknown> {
  const net = fcNetwork([2, 16, 16, 1], relu());
  const runs = (
    [
      ['cell', 1],
      ['boundary', 3],
      ['critical', 5],
    ] as const
  ).map(([route, salt]) => {
    const p = planted(net, salt, route);
    const t0 = performance.now();
    const v = descentSearch(net, squaredLoss(), p.theta, p.data);
    const ms = Math.round(performance.now() - t0);
    return { point: route, ms, strength: v.strength };
  });
  return {
    network: [2, 16, 16, 1],
    samples: 64,
    runs,
    target: `<= ${TARGET_MS} ms each`,
    targetMet: runs.every((r) => r.ms <= TARGET_MS),
  };
}
