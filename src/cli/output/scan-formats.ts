import { renderScanJson } from "./scan-json.js";
import { renderScanJunit } from "./scan-junit.js";
import { renderScanMarkdown } from "./scan-markdown.js";
import type { ScanReport } from "./scan-report.js";
import { renderScanSarif } from "./scan-sarif.js";
import { renderScanTable } from "./scan-table.js";

export const SCAN_FORMATS = ["table", "json", "sarif", "junit", "markdown"] as const;

const RENDERERS: Record<(typeof SCAN_FORMATS)[number], (report: ScanReport) => string> = {
  table: renderScanTable,
  json: renderScanJson,
  sarif: renderScanSarif,
  junit: renderScanJunit,
  markdown: renderScanMarkdown,
};

export function renderScan(report: ScanReport, format: string): string {
  return (RENDERERS[format as keyof typeof RENDERERS] ?? renderScanTable)(report);
}
