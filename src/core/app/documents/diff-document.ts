import type { DiffReport } from "../diff.js";
import { withUtcTimestamps } from "./timestamps.js";

/** Version of the diff JSON document; bumped only for incompatible changes. */
export const DIFF_DOCUMENT_VERSION = 1;

/** The versioned JSON document of a diff, as `lk diff -f json` prints it. */
export function diffDocument(report: DiffReport) {
  const { toolVersion, ...rest } = report;
  return withUtcTimestamps({
    schemaVersion: DIFF_DOCUMENT_VERSION,
    tool: { name: "lockkeeper", version: toolVersion },
    ...rest,
  });
}
