// Every registered claim is decided by exactly one claimTests(prefix) call in
// the property files, so no claim goes untested and none runs twice.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { claims } from '../../src/claims/index.js';

describe('registry coverage', () => {
  it('each claim id matches exactly one claimTests prefix', () => {
    const dir = join(import.meta.dirname, '..'); // the claim test files sit in properties/
    const prefixes: { file: string; prefix: string }[] = [];
    for (const f of readdirSync(dir).filter((x) => x.endsWith('.test.ts'))) {
      for (const m of readFileSync(join(dir, f), 'utf8').matchAll(/^claimTests\('([^']+)'\);/gm))
        prefixes.push({ file: f, prefix: m[1] });
    }
    expect(prefixes.length).toBeGreaterThan(0);
    const problems = claims
      .map((c) => ({
        id: c.id,
        by: prefixes.filter((p) => c.id.startsWith(p.prefix)).map((p) => `${p.file}: '${p.prefix}'`),
      }))
      .filter((x) => x.by.length !== 1)
      .map((x) => `${x.id}: ${x.by.length === 0 ? 'no test' : `tested ${x.by.length} times (${x.by.join('; ')})`}`);
    expect(problems).toEqual([]);
  });
});

describe('claim globs', () => {
  it('*, ?, [..] and [!..] select claims as in a shell', async () => {
    const { matchClaims } = await import('../../src/claims/index.js');
    const ids = (g: string) => matchClaims(g).map((c) => c.id);
    expect(ids('cnn.lemma[23]*').every((id) => /^cnn\.lemma[23]\./.test(id))).toBe(true);
    expect(ids('cnn.lemma[23]*').length).toBeGreaterThan(3);
    expect(ids('cnn.lemma1[!0]*').every((id) => /^cnn\.lemma1[^0]/.test(id))).toBe(true);
    expect(ids('he2020.theorem?.spurious').sort()).toEqual([
      'he2020.theorem1.spurious',
      'he2020.theorem4.spurious',
      'he2020.theorem5.spurious',
    ]);
    expect(ids('he2020.lemma4.linear-fit')).toEqual(['he2020.lemma4.linear-fit']);
    expect(ids('x[')).toEqual([]); // an unclosed bracket is literal
  });
});

describe('saved counterexamples', () => {
  it('each names a registered claim and carries its current statement (reworded claims get their files re-found)', async () => {
    const { listCounterexamples } = await import('../../src/store/counterexamples.js');
    const { getClaim } = await import('../../src/claims/index.js');
    const problems: string[] = [];
    const all = listCounterexamples();
    expect(all.length).toBeGreaterThan(10);
    for (const x of all) {
      if (!x.ok) {
        problems.push(`${x.file}: unreadable`);
        continue;
      }
      const c = getClaim(x.cex.claim);
      if (!c) problems.push(`${x.file}: no registered claim ${x.cex.claim}`);
      else if (x.cex.statement !== c.statement)
        problems.push(
          `${x.file}: statement differs from the registered claim's (delete it and let the suite find it again)`,
        );
    }
    expect(problems).toEqual([]);
  });
});
