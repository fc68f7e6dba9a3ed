import { licensesDocument } from "../../core/app/documents/licenses-document.js";
import type { LicensesReport } from "../../core/app/licenses.js";
import { PLAIN, type Terminal } from "../terminal.js";
import { renderJson } from "./json.js";
import { renderLicensesCsv } from "./licenses-csv.js";
import { renderLicensesMarkdown } from "./licenses-markdown.js";
import { renderLicensesTable } from "./licenses-table.js";
import type { LICENSES_FORMATS } from "./licenses-text.js";

const RENDERERS: Record<(typeof LICENSES_FORMATS)[number], (view: LicensesReport) => string> = {
  table: renderLicensesTable,
  json: (report) => renderJson(licensesDocument(report)),
  csv: renderLicensesCsv,
  markdown: renderLicensesMarkdown,
};

/** `lk licenses` output in one of LICENSES_FORMATS (table for anything else). */
export function renderLicenses(view: LicensesReport, format: string, terminal: Terminal = PLAIN): string {
  const render = RENDERERS[format as keyof typeof RENDERERS] as ((x: typeof view) => string) | undefined;
  return render && format !== "table" ? render(view) : renderLicensesTable(view, terminal);
}
