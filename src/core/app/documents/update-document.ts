import type { UpdateReport } from "../update.js";
import { withUtcTimestamps } from "./timestamps.js";

/** Version of the update JSON document (schema/update.schema.json); bumped only for incompatible changes. */
export const UPDATE_DOCUMENT_VERSION = 1;

/** `lk update -f json`: one entry per branch, what was held back, and where the time went. */
export function updateDocument(report: UpdateReport, toolVersion: string) {
  return withUtcTimestamps({
    schemaVersion: UPDATE_DOCUMENT_VERSION,
    tool: { name: "lockkeeper", version: toolVersion },
    updates: report.results.map((r) => ({
      branch: r.proposal.branch,
      group: r.proposal.group,
      updates: r.proposal.updates,
      status: r.status,
      commit: r.commit,
      test: r.test,
      error: r.error,
      descriptionFile: r.descriptionFile,
      pushed: r.pushed,
      pullRequest: r.pullRequest,
    })),
    heldBack: report.heldBack,
    timing: { lockkeeperMs: report.ownMs, packageManagerAndTestsMs: report.externalMs },
  });
}
