import { summariseOutdated } from "../../updates/outdated-summary.js";
import type { OutdatedReport } from "../outdated.js";

/** `lk outdated -f json`. */
export function outdatedDocument(report: OutdatedReport) {
  return {
    tool: { name: "lockkeeper", version: report.toolVersion },
    target: report.target,
    all: report.all,
    summary: summariseOutdated(report.entries),
    ...(report.notChecked ? { notChecked: report.notChecked } : {}),
    entries: report.entries,
    warnings: report.warnings,
    unreadableLockfiles: report.unreadableLockfiles,
  };
}
