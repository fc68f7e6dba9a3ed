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
  };
  for (const entry of entries) {
    if (entry.jump) {
      summary.outdated++;
      summary[entry.jump]++;
    }
    if (entry.deprecated) summary.deprecated++;
    if (entry.yanked !== undefined) summary.yanked++;
    if (entry.problem) summary.unresolved++;
  }
  return summary;
}
