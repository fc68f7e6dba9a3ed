import type { Finding } from "../../core/findings/types.js";

/** Findings grouped by package (lockfile + package id), in report order. */
export function groupByPackage(findings: readonly Finding[]): Finding[][] {
  const groups = new Map<string, Finding[]>();
  for (const finding of findings) {
    const key = `${finding.lockfile}\u0000${finding.package.id}`;
    const list = groups.get(key);
    if (list) list.push(finding);
    else groups.set(key, [finding]);
  }
  return [...groups.values()];
}

export function severityText(finding: Finding): string {
  const { level, score } = finding.severity;
  return score === undefined ? level : `${level} ${score.toFixed(1)}`;
}

export function fixText(finding: Finding): string {
  const { fix } = finding;
  if (!fix)
    return finding.fixedVersions.length > 0
      ? `no clean version (fixed: ${finding.fixedVersions.join(", ")})`
      : "no fix";
  if (fix.fitsDeclaredRange === false)
    return `${fix.version} (outside ${fix.declaredRanges?.join(" / ")}: upgrade a parent)`;
  return fix.version;
}

/** Where a severity came from: the source and vector, and the alias record when no matched record had one. */
export function severitySource(finding: Finding): string {
  const { source, vector, recordId } = finding.severity;
  const text = vector ? `${source} ${vector}` : source;
  return recordId && !finding.recordIds.includes(recordId) ? `${text} of ${recordId} (an alias)` : text;
}
