import { summariseOutdated } from "../../updates/outdated-summary.js";
import type { OutdatedReport } from "../outdated.js";
import { withUtcTimestamps } from "./timestamps.js";

/** Version of the outdated JSON document (schema/outdated.schema.json); bumped only for incompatible changes. */
export const OUTDATED_DOCUMENT_VERSION = 1;

/** `lk outdated -f json`. */
export function outdatedDocument(report: OutdatedReport) {
  return withUtcTimestamps({
    schemaVersion: OUTDATED_DOCUMENT_VERSION,
    tool: { name: "lockkeeper", version: report.toolVersion },
    target: report.target,
    all: report.all,
    summary: summariseOutdated(report.entries),
    ...(report.notChecked ? { notChecked: report.notChecked } : {}),
    ...(report.failOn ? { failOn: report.failOn, failing: report.failing.length } : {}),
    entries: report.entries,
    warnings: report.warnings,
    unreadableLockfiles: report.unreadableLockfiles,
  });
}
