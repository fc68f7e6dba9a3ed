import type { AdvisoryDataStatus } from "../advisory-data.js";
import { withUtcTimestamps } from "./timestamps.js";

/** Version of the db status JSON document (schema/db-status.schema.json); bumped only for incompatible changes. */
export const DB_STATUS_DOCUMENT_VERSION = 1;

/** `lk db status -f json`: the database a scan would use, what it holds and how old it is. */
export function dbStatusDocument(status: AdvisoryDataStatus, toolVersion: string) {
  return withUtcTimestamps({
    schemaVersion: DB_STATUS_DOCUMENT_VERSION,
    tool: { name: "lockkeeper", version: toolVersion },
    ...status,
  });
}
