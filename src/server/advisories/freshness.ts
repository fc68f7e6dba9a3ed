/** Advisory data older than this is stale, unless configured otherwise (LK_ADVISORY_STALE_AFTER_HOURS). */
export const DEFAULT_STALE_AFTER_HOURS = 48;

export interface AdvisoryFreshness {
  updatedAt: string;
  ageHours: number;
  staleAfterHours: number;
  /** Older than the threshold: new advisories since then are unknown to every verdict. */
  stale: boolean;
}

/**
 * How old the advisory data is. Stale data is a health signal, not an outage: the server stays
 * ready (scans still find what is known), and the API and metrics say how old the data is.
 */
export function advisoryFreshness(updatedAt: string, now: Date, staleAfterHours: number): AdvisoryFreshness {
  const ageHours = Math.max(0, (now.getTime() - Date.parse(updatedAt)) / 3_600_000);
  return {
    updatedAt,
    ageHours: Math.round(ageHours * 10) / 10,
    staleAfterHours,
    stale: ageHours > staleAfterHours,
  };
}
