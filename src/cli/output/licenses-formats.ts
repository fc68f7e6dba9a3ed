import { renderLicensesCsv, renderLicensesJson } from "./licenses-json.js";
import { renderLicensesMarkdown } from "./licenses-markdown.js";
import { renderLicensesTable } from "./licenses-table.js";
import type { LICENSES_FORMATS, LicensesView } from "./licenses-text.js";

const RENDERERS: Record<(typeof LICENSES_FORMATS)[number], (view: LicensesView) => string> = {
  table: renderLicensesTable,
  json: renderLicensesJson,
  csv: renderLicensesCsv,
  markdown: renderLicensesMarkdown,
};

/** `lk licenses` output in one of LICENSES_FORMATS (table for anything else). */
export function renderLicenses(view: LicensesView, format: string): string {
  return (RENDERERS[format as keyof typeof RENDERERS] ?? renderLicensesTable)(view);
}
