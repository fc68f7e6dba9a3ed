import type { VerifyProdResult } from "../../verify-prod/types.js";
import { withUtcTimestamps } from "./timestamps.js";

/** Version of the verify-prod JSON document; bumped only for incompatible changes. */
export const VERIFY_PROD_DOCUMENT_VERSION = 1;

/** `lk verify-prod -f json`. */
export function verifyProdDocument(result: VerifyProdResult, toolVersion: string) {
  return withUtcTimestamps({
    schemaVersion: VERIFY_PROD_DOCUMENT_VERSION,
    tool: { name: "lockkeeper", version: toolVersion },
    ...result,
  });
}
