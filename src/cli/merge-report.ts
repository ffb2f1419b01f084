/**
 * `spurious verify --claim …` re-runs some claims: their results are merged
 * into the last report (the full run's), each re-run claim marked with when it
 * was re-run, so report.json keeps every claim and says which verdicts are
 * newer. A run of every claim replaces the report.
 */
import type { Report, ReportClaim } from '../report/report.js';

export type MergedClaim = ReportClaim & {
  /** when this claim was re-run alone (a `verify --claim` run merged into the report) */
  rerun?: string;
};

export interface MergedReport extends Report {
  claims: MergedClaim[];
  /** the subset runs merged into this report, oldest first */
  reruns?: { at: string; profile: string; claims: string[] }[];
}

/**
 * `fresh` (the report of the claims just run) merged into `last`: the claims
 * in `order` (the claim set's order), each from `fresh` when it was re-run,
 * else from `last`; claims no longer in the set are dropped. The report keeps
 * `last`'s date and profile; each re-run claim gets `rerun` and a sentence in
 * its summary saying when it was re-run (the report shows summaries).
 */
export function mergeReport(fresh: Report, last: Report, order: readonly string[]): MergedReport {
  const prev = last as MergedReport;
  const rerunIds = new Set(fresh.claims.map((c) => c.id));
  const profileNote = fresh.profile !== last.profile ? ` under profile ${fresh.profile}` : '';
  const claims: MergedClaim[] = [];
  for (const id of order) {
    const now = fresh.claims.find((c) => c.id === id);
    if (now)
      claims.push({
        ...now,
        rerun: fresh.generated,
        summary: `${now.summary} (Re-run at ${fresh.generated} by 'verify --claim'${profileNote}; the report's other claims are from its run of ${last.generated}.)`,
      });
    else {
      const old = prev.claims.find((c) => c.id === id);
      if (old) claims.push(old);
    }
  }
  return {
    ...prev,
    ok: claims.every((c) => c.ok),
    claims,
    reruns: [...(prev.reruns ?? []), { at: fresh.generated, profile: fresh.profile, claims: [...rerunIds] }],
  };
}
