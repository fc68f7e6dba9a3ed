import type { HistoryReport } from "../history.js";
import { withUtcTimestamps } from "./timestamps.js";

/** Version of the history JSON documents; bumped only for incompatible changes. */
export const HISTORY_DOCUMENT_VERSION = 1;

/** Every dependency change, newest first: `lk history -f json`. */
export function historyDocument(report: HistoryReport) {
  const { result } = report;
  return withUtcTimestamps({
    schemaVersion: HISTORY_DOCUMENT_VERSION,
    tool: { name: "lockkeeper", version: report.toolVersion },
    directory: result.directory,
    revision: result.revision,
    head: result.head,
    order: "newest-first",
    ...(report.since === undefined ? {} : { since: report.since }),
    commits: [...report.entries].reverse(),
    errors: result.errors,
    stats: result.stats,
  });
}

/** One package's story per lockfile, oldest first: `lk history --package NAME -f json`. */
export function packageHistoryDocument(report: HistoryReport, name: string) {
  return withUtcTimestamps({
    schemaVersion: HISTORY_DOCUMENT_VERSION,
    tool: { name: "lockkeeper", version: report.toolVersion },
    package: name,
    order: "oldest-first",
    ...(report.since === undefined ? {} : { since: report.since }),
    lockfiles: (report.trails ?? []).map((trail) => ({ ...trail, events: report.events(trail) })),
  });
}
