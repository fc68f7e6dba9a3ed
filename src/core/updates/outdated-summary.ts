import type { OutdatedEntry } from "./outdated.js";

/** Counts of an outdated report: by jump class, deprecations, yanks, entries left unresolved. */
export interface OutdatedSummary {
  outdated: number;
  major: number;
  minor: number;
  patch: number;
  deprecated: number;
  yanked: number;
  unresolved: number;
  /** Entries whose installed version is newer than latest (not updates, so not in `outdated`). */
  ahead: number;
}

export function summariseOutdated(entries: readonly OutdatedEntry[]): OutdatedSummary {
  const summary: OutdatedSummary = {
    outdated: 0,
    major: 0,
    minor: 0,
    patch: 0,
    deprecated: 0,
    yanked: 0,
    unresolved: 0,
    ahead: 0,
  };
  for (const entry of entries) {
    if (entry.jump === "ahead") summary.ahead++;
    else if (entry.jump) {
      summary.outdated++;
      summary[entry.jump]++;
    }
    if (entry.deprecated) summary.deprecated++;
    if (entry.yanked !== undefined) summary.yanked++;
    if (entry.problem) summary.unresolved++;
  }
  return summary;
}
