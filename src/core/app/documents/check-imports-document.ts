import { type CheckImportsResult, errorCount } from "../../imports/import-findings.js";

/** Version of the check-imports JSON document; bumped only for incompatible changes. */
export const CHECK_IMPORTS_DOCUMENT_VERSION = 1;

/** `lk check imports -f json`. */
export function checkImportsDocument(result: CheckImportsResult, toolVersion: string) {
  const errors = errorCount(result);
  return {
    schemaVersion: CHECK_IMPORTS_DOCUMENT_VERSION,
    tool: { name: "lockkeeper", version: toolVersion },
    ...result,
    summary: { errors, warnings: result.findings.length - errors },
  };
}
