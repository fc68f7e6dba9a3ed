import type { LicensesReport } from "../../core/app/licenses.js";
import { renderCsv } from "./csv.js";

const CSV_HEADER = [
  "ecosystem",
  "name",
  "version",
  "scope",
  "direct",
  "lockfile",
  "license",
  "status",
  "raw",
  "source",
  "source_detail",
  "policy",
  "reasons",
];

/** One row per package (and lockfile), for spreadsheets. */
export function renderLicensesCsv(view: LicensesReport): string {
  return renderCsv(
    CSV_HEADER,
    view.report.packages.map((e) => [
      e.ecosystem,
      e.displayName,
      e.version ?? "",
      e.scope,
      String(e.direct),
      e.lockfile,
      e.license.expression ?? "unknown",
      e.license.status,
      e.license.raw,
      e.license.source.kind,
      e.license.source.detail ?? "",
      e.verdict.outcome,
      e.verdict.reasons.join("; "),
    ]),
  );
}
