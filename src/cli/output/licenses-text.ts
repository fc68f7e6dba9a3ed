import type {
  LicenseReport,
  LicenseReportEntry,
  VerdictOutcome,
} from "../../core/licenses/license-report.js";
import type { LicensedPackage, LicenseSource } from "../../core/licenses/types.js";
import { plural } from "./plural.js";

export const LICENSES_FORMATS = ["table", "json", "csv", "markdown"] as const;

/** `name@version`, or the name alone for unpinned packages. */
export function packageLabel(pkg: LicensedPackage): string {
  return pkg.version === undefined ? pkg.displayName : `${pkg.displayName}@${pkg.version}`;
}

/**
 * The value as recorded when it differs from what is shown (corrected or unknown): first line
 * only and shortened, since some Python packages put the whole licence text in `License`.
 */
export function recordedAs(pkg: LicensedPackage, max = 40): string {
  if (pkg.license.status === "valid") return "";
  const firstLine = pkg.license.raw.trim().split(/\r?\n/)[0] ?? "";
  const more = firstLine.length > max || pkg.license.raw.trim().includes("\n");
  return more ? `${firstLine.slice(0, max - 1).trimEnd()}…` : firstLine;
}

/** "installed (node_modules/a/package.json)", or "none". */
export function sourceText(source: LicenseSource): string {
  return source.kind === "none" ? "none" : `${source.kind}${source.detail ? ` (${source.detail})` : ""}`;
}

const OUTCOME_ORDER: VerdictOutcome[] = ["deny", "review", "allow", "no-policy", "exempt"];

/** An outcome as people read it: `no-policy` is "no policy". */
export function outcomeText(outcome: VerdictOutcome): string {
  return outcome === "no-policy" ? "no policy" : outcome;
}

/** "deny 2, allow 10": the outcomes of a summary row, worst first. */
export function outcomesText(outcomes: Partial<Record<VerdictOutcome, number>>): string {
  return OUTCOME_ORDER.filter((o) => outcomes[o])
    .map((o) => `${outcomeText(o)} ${outcomes[o]}`)
    .join(", ");
}

/** One line per violation or review item: package, scope, lockfile, licence and why. */
export function verdictLine(entry: LicenseReportEntry, manyLockfiles: boolean): string {
  const where = manyLockfiles ? `, ${entry.lockfile}` : "";
  const raw = entry.license.expression ? "" : entry.license.raw ? ` "${recordedAs(entry, 60)}"` : "";
  return `${packageLabel(entry)} (${entry.scope}${where}): ${entry.license.expression ?? "unknown"}${raw} — ${entry.verdict.reasons.join("; ")}`;
}

/** "1091 packages: 1050 SPDX as recorded, 30 corrected, 11 unknown". */
export function statusLine(report: LicenseReport): string {
  const { valid, corrected, unknown } = report.byStatus;
  const count = report.packages.length;
  return `${plural(count, "package")}: ${valid} SPDX as recorded, ${corrected} corrected, ${unknown} unknown`;
}

/** "lockfile 327, installed 12, registry 0, none 752". */
export function sourcesLine(report: LicenseReport): string {
  const s = report.bySource;
  return `licences from the lockfile ${s.lockfile}, installed packages ${s.installed}, the registry ${s.registry}; none found ${s.none}`;
}
