// Certify one point in plain Node, with the installed package:  node certify-point.mjs
import { analyseLocalMin, dataset, fcNetwork, recheck, relu, squaredLoss, toRats } from 'spurious-minima';

const net = fcNetwork([1, 2, 1], relu()); // θ = (w₁, w₂, b₁, b₂, z₁, z₂, c)
const data = dataset([[0], [1], [2], [3]], [[0], [1], [1], [3]]);
// unit 1 active on every sample, unit 2 dead: the output is the affine map relu(x + 1) − 1 = x, not the best
// possible fit, so the toolkit should refute this point with an exact descent…
const off = toRats(['1', '-1', '1', '-1', '1', '0', '-1']);
// …and the least-squares line of the active cell, 9/10·x − 1/10 (shifted into unit 1), is a certified minimum:
const at = toRats(['9/10', '-1', '9/10', '-1', '1', '0', '-1']);

for (const [name, theta] of [
  ['off', off],
  ['at', at],
]) {
  const v = analyseLocalMin(net, squaredLoss(), theta, data, { noProbes: true });
  const errs = recheck(v, net, squaredLoss(), theta, data);
  console.log(
    `${name}: ${v.strength} — ${v.summary}${errs.length ? ` (re-check FAILED: ${errs[0]})` : ' (re-checked)'}`,
  );
  if (errs.length || v.strength !== (name === 'at' ? 'proved' : 'refuted')) process.exitCode = 1;
}
