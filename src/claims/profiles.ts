/**
 * Run profiles, chosen with SPURIOUS_PROFILE (or --profile):
 *  quick     the default and CI's: each claim's own run count, a fixed seed
 *            per claim (reproducible runs), 60 s budget per claim;
 *  thorough  10× the runs, a fresh random seed (printed), 10 min per claim;
 *  ci        quick's runs and seeds, with a tighter 45 s budget per claim.
 */
import { createHash } from 'node:crypto';

export type ProfileName = 'quick' | 'thorough' | 'ci';

export interface Profile {
  name: ProfileName;
  runsScale: number;
  /** null: a random seed per run */
  fixedSeed: boolean;
  budgetMs: number;
}

export const PROFILES: Record<ProfileName, Profile> = {
  quick: { name: 'quick', runsScale: 1, fixedSeed: true, budgetMs: 60_000 },
  thorough: { name: 'thorough', runsScale: 10, fixedSeed: false, budgetMs: 600_000 },
  ci: { name: 'ci', runsScale: 1, fixedSeed: true, budgetMs: 45_000 },
};

export class ProfileError extends Error {
  override name = 'ProfileError';
}

export function profileFrom(name: string | undefined = process.env.SPURIOUS_PROFILE): Profile {
  const n = (name ?? 'quick').trim() || 'quick';
  const p = PROFILES[n as ProfileName];
  if (!p)
    throw new ProfileError(`unknown profile ${JSON.stringify(n)}; use one of ${Object.keys(PROFILES).join(', ')}`);
  return p;
}

/** The fixed seed of a claim under a fixed-seed profile: a hash of its id (stable across runs and machines). */
export function claimSeed(id: string): number {
  return createHash('sha256').update(id).digest().readInt32LE(0);
}
