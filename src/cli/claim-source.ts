/**
 * Which claims a CLI run works on: a researcher's own claims module
 * (`--claims ./my-claims.ts`, or `claims` in a `spurious.config.*` found in
 * the project folder), else the built-in registry.
 *
 * A claims module exports claims (see `defineClaim`/`claimsOf`): as its
 * default export (one claim or an array), or as named exports (claims or
 * arrays of claims; other exports are ignored). It may be ESM or CommonJS. TypeScript modules are
 * loaded through tsx, so a researcher needs no build step.
 */
import { existsSync } from 'node:fs';
import { extname, join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { z } from 'zod';
import { claims as registry } from '../claims/registry.js';
import type { AnyClaim } from '../claims/types.js';
import { projectRoot } from '../store/counterexamples.js';

/** A problem with the user's claims module: one line, reported as a usage error (exit 2). */
export class ClaimSourceError extends Error {
  override name = 'ClaimSourceError';
}

export interface ClaimSet {
  claims: readonly AnyClaim[];
  /** 'the built-in registry', or the module's path as given */
  source: string;
}

export const CONFIG_NAMES = ['spurious.config.ts', 'spurious.config.mts', 'spurious.config.js', 'spurious.config.mjs'];

const fn = z.custom<(...a: unknown[]) => unknown>((v) => typeof v === 'function', 'expected a function');
const ClaimShape = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9.-]*$/, 'a claim id of lowercase letters, digits, dots and dashes'),
  paper: z.string().min(1),
  section: z.string(),
  title: z.string().min(1),
  statement: z.string().min(1),
  hypotheses: z.array(z.string()),
  arithmetic: z.enum(['exact', 'float', 'decimal']),
  expected: z.enum(['holds', 'refuted']),
  generatorVersion: z.number().int().nonnegative(),
  generate: fn,
  detect: fn,
  check: fn,
  encode: fn,
  decode: fn,
  describe: fn,
  runs: z.number().int().positive().optional(),
  example: z.enum(['paper', 'ours']).optional(),
});

const looksLikeClaim = (v: unknown): boolean => !!v && typeof v === 'object' && 'id' in v && 'check' in v;

async function importModule(file: string): Promise<Record<string, unknown>> {
  const ext = extname(file);
  if (ext === '.ts' || ext === '.mts' || ext === '.cts') {
    const { tsImport } = await import('tsx/esm/api');
    return (await tsImport(pathToFileURL(file).href, import.meta.url)) as Record<string, unknown>;
  }
  return (await import(pathToFileURL(file).href)) as Record<string, unknown>;
}

function firstLine(e: unknown): string {
  return String((e as Error)?.message ?? e).split('\n')[0];
}

/** The claims a module exports, validated; every problem is one line naming the module and the export. */
export async function loadClaimsModule(path: string, cwd = process.cwd()): Promise<ClaimSet> {
  const file = resolve(cwd, path);
  const shown = relative(cwd, file).startsWith('..') ? file : `./${relative(cwd, file)}`;
  if (!existsSync(file)) throw new ClaimSourceError(`${shown}: no such file`);
  let mod: Record<string, unknown>;
  try {
    mod = await importModule(file);
  } catch (e) {
    throw new ClaimSourceError(`${shown} could not be loaded: ${firstLine(e)}`);
  }
  const found: { name: string; value: unknown }[] = [];
  const collect = (entries: [string, unknown][]) => {
    for (const [name, value] of entries) {
      const items = Array.isArray(value) ? value : [value];
      if (items.length && items.every(looksLikeClaim))
        items.forEach((v, i) => found.push({ name: Array.isArray(value) ? `${name}[${i}]` : name, value: v }));
    }
  };
  collect(Object.entries(mod));
  // a module compiled to CommonJS (a package without "type": "module") arrives as { default: exports }
  const d = mod.default;
  if (d && typeof d === 'object' && !Array.isArray(d) && !looksLikeClaim(d)) collect(Object.entries(d));
  if (!found.length)
    throw new ClaimSourceError(`${shown} exports no claims (export claims made with defineClaim or claimsOf(…).claim)`);
  const out: AnyClaim[] = [];
  const seen = new Map<string, string>();
  for (const { name, value } of found) {
    const r = ClaimShape.safeParse(value);
    if (!r.success) {
      const issue = r.error.issues[0];
      throw new ClaimSourceError(
        `${shown}: export "${name}": field "${issue.path.join('.') || '(top level)'}": ${issue.message}`,
      );
    }
    const claim = value as AnyClaim;
    if (out.includes(claim)) continue; // the same claim exported twice (by name and in a list)
    const other = seen.get(claim.id);
    if (other)
      throw new ClaimSourceError(
        `${shown}: exports "${other}" and "${name}" have the same id ${JSON.stringify(claim.id)}`,
      );
    seen.set(claim.id, name);
    out.push(claim);
  }
  return { claims: out, source: shown };
}

/** The config file in the project folder, if any. */
export function findConfig(root = projectRoot()): string | null {
  for (const n of CONFIG_NAMES) if (existsSync(join(root, n))) return join(root, n);
  return null;
}

/** `--claims` if given, else a spurious.config.*'s `claims` (a module path, or the claims themselves), else the registry. */
export async function claimSet(claimsOption: string | undefined, cwd = process.cwd()): Promise<ClaimSet> {
  if (claimsOption !== undefined) return loadClaimsModule(claimsOption, cwd);
  const config = findConfig();
  if (!config) return { claims: registry, source: 'the built-in registry' };
  const shown = relative(cwd, config) || config;
  let mod: Record<string, unknown>;
  try {
    mod = await importModule(config);
  } catch (e) {
    throw new ClaimSourceError(`${shown} could not be loaded: ${firstLine(e)}`);
  }
  const cfg = (mod.default ?? mod) as { claims?: unknown };
  if (typeof cfg.claims === 'string') return loadClaimsModule(resolve(config, '..', cfg.claims), cwd);
  if (Array.isArray(cfg.claims)) {
    // validate through the same path as a module
    const bad = cfg.claims.findIndex((c) => !ClaimShape.safeParse(c).success);
    if (bad >= 0)
      throw new ClaimSourceError(
        `${shown}: claims[${bad}] is not a claim (make it with defineClaim or claimsOf(…).claim)`,
      );
    return { claims: cfg.claims as AnyClaim[], source: shown };
  }
  throw new ClaimSourceError(`${shown}: export default { claims: './my-claims.ts' } or { claims: [ … ] }`);
}
