import { scanDocument } from "../../core/app/documents/scan-document.js";
import type { ScanReport } from "../../core/app/scan.js";
import { PLAIN, type Terminal } from "../terminal.js";
import { renderJson } from "./json.js";
import { renderScanJunit } from "./scan-junit.js";
import { renderScanMarkdown } from "./scan-markdown.js";
import { renderScanSarif } from "./scan-sarif.js";
import { renderScanTable } from "./scan-table.js";

export const SCAN_FORMATS = ["table", "json", "sarif", "junit", "markdown"] as const;

const RENDERERS: Record<(typeof SCAN_FORMATS)[number], (report: ScanReport) => string> = {
  table: renderScanTable,
  json: (report) => renderJson(scanDocument(report)),
  sarif: renderScanSarif,
  junit: renderScanJunit,
  markdown: renderScanMarkdown,
};

/** `terminal` colours the table format; the machine formats never take colour. */
export function renderScan(report: ScanReport, format: string, terminal: Terminal = PLAIN): string {
  const render = RENDERERS[format as keyof typeof RENDERERS] as ((x: typeof report) => string) | undefined;
  return render && format !== "table" ? render(report) : renderScanTable(report, terminal);
}
