/**
 * The one list of claims. The CLI, the tests and the report enumerate it;
 * none keeps a second list. Each paper's folder index lists its claims in the
 * paper's order; this file lists the papers.
 */
import { controlClaims } from './controls/index.js';
import { he2020Claims } from './he2020/index.js';
import { cnnClaims } from './cnn/index.js';
import { liuCpwlClaims } from './liu-cpwl/index.js';
import { ding2019Claims } from './ding2019/index.js';
import { liu1hClaims } from './liu1h/index.js';
import { cnnTables } from './cnn/tables.js';
import { ding2019Tables } from './ding2019/phase.js';
import type { AnyClaim, VerdictTableSpec } from './types.js';

const registered: readonly AnyClaim[] = [
  ...controlClaims,
  ...he2020Claims,
  ...cnnClaims,
  ...liuCpwlClaims,
  ...ding2019Claims,
  ...liu1hClaims,
];

export const claims: readonly AnyClaim[] = registered;

/** Report tables built from several claims' verdicts, per paper. */
export const tables: readonly VerdictTableSpec[] = [...cnnTables, ...ding2019Tables];

for (const t of tables)
  for (const c of t.cells)
    if (!claims.some((x) => x.id === c.claim)) throw new Error(`table ${t.id} names an unregistered claim ${c.claim}`);

const dup = claims.map((c) => c.id).find((id, i, all) => all.indexOf(id) !== i);
if (dup) throw new Error(`claim id ${dup} is registered twice`);

/** The claim with this id, in the registry or in another list (e.g. a researcher's own claims). */
export function getClaim(id: string, from: readonly AnyClaim[] = claims): AnyClaim | undefined {
  return from.find((c) => c.id === id);
}

/**
 * Claims whose id matches a glob ("*" any run of characters, "?" one character,
 * "[…]" a character class, "[!…]" its complement), or any of several
 * comma-separated globs ("control.*,cnn.lemma3.*"), in the list's order.
 */
export function matchClaims(glob: string, from: readonly AnyClaim[] = claims): AnyClaim[] {
  const res = glob
    .split(',')
    .map((g) => g.trim())
    .filter(Boolean)
    .map(globRegExp);
  return from.filter((c) => res.some((re) => re.test(c.id)));
}

function globRegExp(glob: string): RegExp {
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
  return new RegExp('^' + src + '$');
}
