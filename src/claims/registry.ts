/**
 * The one list of claims. The CLI, the tests and the report enumerate it;
 * none keeps a second list. Paper modules add their claims here.
 */
import { controlClaims } from './controls.js';
import { he2020Claims } from './he2020.js';
import { he2020Theorem3Claims } from './he2020-theorem3.js';
import { he2020Theorem2Claims } from './he2020-theorem2.js';
import { he2020CorollaryClaims } from './he2020-corollaries.js';
import { he2020BoundaryClaims, he2020CellClaims } from './he2020-cells.js';
import { theorem4CrossEntropy } from './he2020-ce.js';
import { cnnClaims } from './cnn.js';
import { cnnSplitClaims } from './cnn-split.js';
import { cnnTheorem3Claims } from './cnn-theorem3.js';
import { cnnFig3Claims } from './cnn-fig3.js';
import { lemma11CrossEntropy } from './cnn-ce.js';
import type { AnyClaim } from './types.js';

export const claims: readonly AnyClaim[] = [...controlClaims, ...he2020Claims, ...he2020Theorem2Claims, ...he2020Theorem3Claims, ...he2020CellClaims, ...he2020BoundaryClaims, ...he2020CorollaryClaims, theorem4CrossEntropy, ...cnnSplitClaims, ...cnnClaims, ...cnnTheorem3Claims, lemma11CrossEntropy, ...cnnFig3Claims];

const dup = claims.map((c) => c.id).find((id, i, all) => all.indexOf(id) !== i);
if (dup) throw new Error(`claim id ${dup} is registered twice`);

export function getClaim(id: string): AnyClaim | undefined {
  return claims.find((c) => c.id === id);
}

/** Claims whose id matches a glob ("*" any run of characters, "?" one character). */
export function matchClaims(glob: string): AnyClaim[] {
  const re = new RegExp('^' + glob.split('').map((ch) => (ch === '*' ? '.*' : ch === '?' ? '.' : ch.replace(/[.+^${}()|[\]\\]/g, '\\$&'))).join('') + '$');
  return claims.filter((c) => re.test(c.id));
}
