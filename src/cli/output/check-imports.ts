import type { CheckImportsResult, ImportFinding } from "../../core/imports/import-findings.js";
import { errorCount } from "../../core/imports/import-findings.js";
import { plural } from "./plural.js";
import { renderTable } from "./table.js";

/** Most locations listed per finding in the table; JSON lists them all. */
const LOCATIONS_SHOWN = 3;

export function renderCheckImportsTable(result: CheckImportsResult): string {
  const lines: string[] = [];
  if (result.findings.length > 0) {
    lines.push(
      renderTable(
        [
          { header: "SEVERITY", value: (f: ImportFinding) => f.severity },
          { header: "RULE", value: (f) => f.rule },
          { header: "PACKAGE", value: (f) => (f.module ? `${f.package} (import ${f.module})` : f.package) },
          { header: "MANIFEST", value: (f) => f.manifest },
          { header: "WHERE", value: where },
        ],
        result.findings,
      ).trimEnd(),
    );
    for (const finding of result.findings) {
      if (finding.locations.length <= 1) continue;
      lines.push(`\n${finding.package} (${finding.rule}):`);
      for (const location of finding.locations.slice(0, LOCATIONS_SHOWN))
        lines.push(
          `  ${location.file}:${location.line}  ${location.specifier}${location.guarded ? "  (in try)" : ""}`,
        );
      if (finding.locations.length > LOCATIONS_SHOWN)
        lines.push(`  … and ${finding.locations.length - LOCATIONS_SHOWN} more (see --format json)`);
    }
    lines.push("");
  }
  for (const note of result.notes) lines.push(`note: ${note}`);
  if (result.unscoped.length > 0)
    lines.push(
      `note: ${plural(result.unscoped.length, "file")} import packages but have no manifest of their ecosystem above them (not checked): ${result.unscoped.slice(0, 5).join(", ")}${result.unscoped.length > 5 ? ", …" : ""}`,
    );
  lines.push(summaryLine(result));
  return `${lines.join("\n")}\n`;
}

function where(finding: ImportFinding): string {
  if (finding.rule === "unused") return "never imported by production code";
  const first = finding.locations[0];
  const location = first ? `${first.file}:${first.line}` : "";
  const more = finding.locations.length > 1 ? ` (+${finding.locations.length - 1})` : "";
  const declared = finding.declaredIn
    ? finding.rule === "dev-only"
      ? `; dev dependency in ${finding.declaredIn}`
      : `; declared by the parent ${finding.declaredIn}`
    : "";
  const guarded = finding.locations.every((l) => l.guarded) ? " (in try)" : "";
  return `${location}${more}${guarded}${declared}`;
}

function summary(result: CheckImportsResult) {
  const errors = errorCount(result);
  return { errors, warnings: result.findings.length - errors };
}

function summaryLine(result: CheckImportsResult): string {
  const { errors, warnings } = summary(result);
  const scanned = Object.values(result.files.scanned).reduce((sum, n) => sum + n, 0);
  return `Checked ${result.packageImports} package imports in ${scanned} production files (${result.files.nonProduction} test, build or tool files left out): ${plural(errors, "error")}, ${plural(warnings, "warning")}.`;
}
