/**
 * The one list of claims. The CLI, the tests and the report enumerate it;
 * none keeps a second list. Paper modules add their claims here.
 */
import { controlClaims } from './controls.js';
import { he2020Claims } from './he2020/index.js';
import { cnnClaims } from './cnn.js';
import { cnnSplitClaims } from './cnn-split.js';
import { cnnTheorem3Claims } from './cnn-theorem3.js';
import { cnnFig3Claims } from './cnn-fig3.js';
import { lemma11CrossEntropy } from './cnn-ce.js';
import { cnnRepairClaims } from './cnn-repair.js';
import { cnnPoolingClaims } from './cnn-pooling.js';
import type { AnyClaim } from './types.js';

const registered: readonly AnyClaim[] = [
  ...controlClaims,
  ...he2020Claims,
  ...cnnSplitClaims,
  ...cnnClaims,
  ...cnnTheorem3Claims,
  lemma11CrossEntropy,
  ...cnnRepairClaims,
  ...cnnPoolingClaims,
  ...cnnFig3Claims,
];

/**
 * The CNN paper's claims come from several files; list them in the paper's
 * order (lemma, then theorem, then the figure), keeping each file's own order
 * within a lemma (a stable sort).
 */
const CNN_ORDER = [
  'cnn.lemma2.',
  'cnn.lemma3.',
  'cnn.lemma6.',
  'cnn.lemma9.',
  'cnn.lemma10.',
  'cnn.lemma11.',
  'cnn.lemma12-13.',
  'cnn.theorem1.',
  'cnn.theorem3.',
  'cnn.appd.',
  'cnn.fig3.',
];
const cnnRank = (id: string) => CNN_ORDER.findIndex((p) => id.startsWith(p));
const cnn = registered
  .filter((c) => c.id.startsWith('cnn.'))
  .map((c, i) => ({ c, i }))
  .sort((a, b) => cnnRank(a.c.id) - cnnRank(b.c.id) || a.i - b.i)
  .map((x) => x.c);

export const claims: readonly AnyClaim[] = [...registered.filter((c) => !c.id.startsWith('cnn.')), ...cnn];
const unranked = cnn.find((c) => cnnRank(c.id) < 0);
if (unranked) throw new Error(`claim ${unranked.id} has no place in CNN_ORDER (src/claims/registry.ts)`);

const dup = claims.map((c) => c.id).find((id, i, all) => all.indexOf(id) !== i);
if (dup) throw new Error(`claim id ${dup} is registered twice`);

export function getClaim(id: string): AnyClaim | undefined {
  return claims.find((c) => c.id === id);
}

/** Claims whose id matches a glob ("*" any run of characters, "?" one character, "[…]" a character class, "[!…]" its complement). */
export function matchClaims(glob: string): AnyClaim[] {
  // "*", "?" and character classes "[abc]", "[0-9]", "[!x]"; everything else literal
  let src = '';
  for (let k = 0; k < glob.length; k++) {
    const ch = glob[k];
    const close = ch === '[' ? glob.indexOf(']', k + 2) : -1;
    if (ch === '*') src += '.*';
    else if (ch === '?') src += '.';
    else if (close > 0) {
      const body = glob.slice(k + 1, close);
      const neg = body.startsWith('!');
      const inner = (neg ? body.slice(1) : body).replace(/[\\\]]/g, '\\$&').replace(/^\^/, '\\^');
      src += '[' + (neg ? '^' : '') + inner + ']';
      k = close;
    } else src += ch.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  const re = new RegExp('^' + src + '$');
  return claims.filter((c) => re.test(c.id));
}
