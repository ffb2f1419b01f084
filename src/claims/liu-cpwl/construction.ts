/**
 * Liu (2022) §6.1.2–6.1.4, eqs. (11)–(12), (15), (19): the network the paper
 * builds from a partition realises the glued fit. Both layerings are built:
 * 'merged' (one hidden layer per tree level) and 'literal' (two per level, as
 * Fig. 3 draws the gadgets).
 */
import { Fraction } from 'fraction.js';
import { dataset } from '../../model/data.js';
import { exactOutputs, exactPreActivations, exactRisk } from '../../model/exact.js';
import { ZERO } from '../../numeric/rational.js';
import { at, comparisonPoints, evalCpwl } from '../../papers/liu-cpwl/index.js';
import { encQ } from '../codec.js';
import { proved, refuted } from '../define.js';
import type { Outcome } from '../types.js';
import { constructed, partitions } from './instances.js';
import { liuCpwl, mse } from './paper.js';

const LAYERINGS = ['merged', 'literal'] as const;

export const constructionRealises = liuCpwl.claim({
  id: 'liu-cpwl.construction.realises',
  section: '§6.1.2–6.1.4, eqs. (11), (13)–(17)',
  title: 'The constructed network outputs each group’s least-squares fit, and the glued CPWL function on D',
  statement:
    'Fit each contiguous group by its least-squares line (11), glue the lines with auxiliary pieces in the gaps, write the result in max–min form (13)–(14) and build the network of §6.1.4: layer 1 computes every piece plus the shift c, min and max gadgets (16)–(17) follow, the output subtracts c. Then the network outputs f_j*(x_i) at every sample of group j, and equals the glued function at every point of D where they could differ. Checked exactly for the merged layering (one hidden layer per tree level) and the literal one (two per level, Fig. 3).',
  instance: partitions,
  check: (v): Outcome => {
    for (const layering of LAYERINGS) {
      const c = constructed(v, layering);
      const out = exactOutputs(c.net, c.theta, v.data);
      for (const [j, g] of c.groups.entries())
        for (const i of g) {
          const want = at(c.fits[j], c.xs[i]);
          if (!out[i][0].equals(want))
            return refuted(
              'the network outputs the group fit f_j*(x_i) on every sample of group j',
              `${layering} network ${c.widths.join('-')}: at sample ${i + 1} (group ${j + 1}, x = ${encQ(c.xs[i])}) it outputs ${encQ(out[i][0])}, the group fit ${encQ(want)}`,
              { layering, sample: i + 1, group: j + 1, network: encQ(out[i][0]), fit: encQ(want) },
            );
        }
      const pts = comparisonPoints(c.cpwl);
      const onD = exactOutputs(
        c.net,
        c.theta,
        dataset(
          pts.map((x) => [x]),
          pts.map(() => [ZERO]),
        ),
      );
      for (const [k, x] of pts.entries()) {
        const want = evalCpwl(c.cpwl, x);
        if (!onD[k][0].equals(want))
          return refuted(
            'the network equals the glued CPWL function on D',
            `${layering} network ${c.widths.join('-')}: at x = ${encQ(x)} it outputs ${encQ(onD[k][0])}, the glued function ${encQ(want)}`,
            { layering, x: encQ(x), network: encQ(onD[k][0]), cpwl: encQ(want) },
          );
      }
    }
    return proved();
  },
});

export const constructionRiskPositive = liuCpwl.claim({
  id: 'liu-cpwl.construction.risk-and-positivity',
  section: '§6.1.2, eqs. (12), (15), (19)',
  title: 'The constructed network’s risk is the sum of the group risks, and its layer-1 pre-activations are positive',
  statement:
    'The risk of the constructed network equals (1/N) Σ_j Σ_{i ∈ G_j} (f_j*(x_i) − y_i)², eqs. (12) and (19), and every first-layer pre-activation φ_m(x_i) + c is positive at every sample (15), auxiliary pieces included; every gadget input is a minimum or maximum of such values, hence positive too. Checked exactly for both layerings.',
  instance: partitions,
  check: (v): Outcome => {
    for (const layering of LAYERINGS) {
      const c = constructed(v, layering);
      let sse = ZERO;
      for (const [j, g] of c.groups.entries())
        for (const i of g) {
          const e = at(c.fits[j], c.xs[i]).sub(c.ys[i]);
          sse = sse.add(e.mul(e));
        }
      const want = sse.div(c.xs.length);
      const r = exactRisk(c.net, mse, c.theta, v.data);
      if (!r.equals(want))
        return refuted(
          'R(W*) = (1/N) Σ_j Σ_{i ∈ G_j} (f_j*(x_i) − y_i)²',
          `${layering} network: R(W*) = ${encQ(r)}, the sum of the group risks ${encQ(want)}`,
          { layering, risk: encQ(r), groups: encQ(want) },
        );
      const z1 = exactPreActivations(c.net, c.theta, v.data)[0];
      for (const [m, row] of z1.entries())
        for (const [i, z] of row.entries())
          if (z.compare(new Fraction(0)) <= 0)
            return refuted(
              'every first-layer pre-activation φ_m(x_i) + c is positive (15)',
              `${layering} network: unit ${m + 1} at sample ${i + 1} has pre-activation ${encQ(z)} (c = ${encQ(c.shift)})`,
              { layering, unit: m + 1, sample: i + 1, preActivation: encQ(z), c: encQ(c.shift) },
            );
    }
    return proved();
  },
});
