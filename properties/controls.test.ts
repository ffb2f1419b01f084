// Negative controls: deliberately false statements the suite must refute by search.
import { describe, expect, it } from 'vitest';
import { claimTests } from './helpers/claims.js';
import { datasetCodec, networkCodec, rationals, type Json } from '../src/claims/index.js';
import { z } from 'zod';
import { exactRisk, squaredLoss } from '../src/model/index.js';
import { rational } from '../src/numeric/index.js';
import { listCounterexamples } from '../src/store/counterexamples.js';

claimTests('control.');

// kills: a lower-point search (or a control) that accepts a point of equal risk as "lower"
describe('saved refutations by a lower point', () => {
  it('each saved lower point has, recomputed here, exactly its stored risk, strictly below the risk it refutes', () => {
    let seen = 0;
    for (const id of ['control.relu1.local-min-is-global', 'control.relu1.affine-fit-is-global']) {
      for (const r of listCounterexamples(undefined, id)) {
        if (!r.ok) throw new Error(r.error);
        const v = r.cex.value as { [k: string]: Json };
        const ev = r.cex.failure.evidence as { [k: string]: string | string[] };
        const net = z.decode(networkCodec, v.net as Record<string, Json>),
          data = z.decode(datasetCodec, v.data as never);
        const lower = exactRisk(net, squaredLoss(), z.decode(rationals, ev.lowerTheta as string[]), data);
        expect(lower.toFraction()).toBe(ev.lowerRisk);
        const above = rational.fromString((ev.risk ?? ev.affineRisk) as string);
        expect(lower.compare(above)).toBeLessThan(0);
        seen++;
      }
    }
    expect(seen).toBeGreaterThanOrEqual(2);
  });
});
