/**
 * One vitest test per registered claim whose id starts with `prefix`: replay
 * the saved counterexamples, search under the profile (SPURIOUS_PROFILE), and
 * require the expected verdict. The registry is the only list of claims.
 */
import { describe, expect, it } from 'vitest';
import { claims, profileFrom, runClaim, verdictLine } from '../../src/claims/index.js';
import { runsCapped } from './setup.js';

export function claimTests(prefix: string): void {
  const profile = profileFrom();
  const group = claims.filter((c) => c.id.startsWith(prefix));
  describe(`claims ${prefix}* (profile ${profile.name})`, () => {
    it('the registry has claims in this group', () => expect(group.length).toBeGreaterThan(0));
    for (const claim of group) {
      it(
        `${claim.id}: expected ${claim.expected}`,
        () => {
          // under npm run mutate nothing is saved: a counterexample a mutant produced would be replayed against the next
          const r = runClaim(claim, { profile, ...(runsCapped ? { save: false } : {}) });
          // The message is the plain-words summary: what was claimed, what was found, where it is saved.
          expect(
            r.ok,
            `${claim.id}: expected ${claim.expected}, got ${verdictLine(r, claim.arithmetic)}. ${r.summary}`,
          ).toBe(true);
          // and every saved counterexample of the claim can be used
          expect(r.unreadable.map((u) => `unreadable saved counterexample ${u.file}: ${u.reason}`)).toEqual([]);
        },
        profile.budgetMs * 2 + 60_000,
      );
    }
  });
}
