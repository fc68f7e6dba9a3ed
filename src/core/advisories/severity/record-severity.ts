import type { Severity, SeverityLevel, UnknownSeverity } from "../../findings/types.js";
import type { OsvRecord, OsvSeverity } from "../schema/osv.js";
import { levelFromScore, scoreCvss } from "./cvss.js";

/** Newer CVSS versions first: when a record gives several vectors, the newest one decides. */
const TYPE_PREFERENCE = ["CVSS_V4", "CVSS_V3", "CVSS_V2"];

const LABELS: Record<string, SeverityLevel> = {
  critical: "critical",
  high: "high",
  important: "high",
  moderate: "medium",
  medium: "medium",
  low: "low",
  negligible: "low",
};

/** A database's label as a level; own keys only, so `constructor` or `toString` is no label. */
function labelLevel(label: string): SeverityLevel | undefined {
  const key = label.trim().toLowerCase();
  return Object.hasOwn(LABELS, key) ? LABELS[key] : undefined;
}

function fromSeverityList(
  list: readonly OsvSeverity[] | undefined,
  source: (type: string) => string,
): Severity | undefined {
  const ordered = [...(list ?? [])].sort((a, b) => rank(a.type) - rank(b.type));
  for (const entry of ordered) {
    const cvss = scoreCvss(entry.score);
    if (cvss) {
      return {
        level: levelFromScore(cvss.score, cvss.version),
        score: cvss.score,
        vector: cvss.vector,
        source: source(entry.type),
      };
    }
  }
  // A non-CVSS entry (Ubuntu's labels, say) still says something.
  for (const entry of ordered) {
    const level = labelLevel(entry.score);
    if (level) return { level, source: source(entry.type) };
  }
  return undefined;
}

function rank(type: string): number {
  const index = TYPE_PREFERENCE.indexOf(type);
  return index < 0 ? TYPE_PREFERENCE.length : index;
}

/**
 * The severity of one record for the matched `affected` entries, from the best source available:
 * a CVSS vector in the record's `severity`, then in `affected[].severity`, then the database's own
 * label in `database_specific.severity` (GitHub's CRITICAL/HIGH/MODERATE/LOW), else unknown.
 */
export function recordSeverity(record: OsvRecord, affectedIndexes: readonly number[] = []): Severity {
  const top = fromSeverityList(record.severity, (type) => type);
  if (top) return { ...top, recordId: record.id };
  for (const index of affectedIndexes) {
    const perPackage = fromSeverityList(
      record.affected?.[index]?.severity,
      (type) => `affected.severity ${type}`,
    );
    if (perPackage) return { ...perPackage, recordId: record.id };
  }
  const label = record.database_specific?.severity;
  const level = typeof label === "string" ? labelLevel(label) : undefined;
  if (level) return { level, source: "database_specific.severity", recordId: record.id };
  return { level: "unknown", source: "none", recordId: record.id };
}

const ORDER: Record<SeverityLevel, number> = { critical: 0, high: 1, medium: 2, low: 3, unknown: 4 };

/** Negative when `a` is more severe. Unknown sorts last. */
export function compareSeverity(a: SeverityLevel, b: SeverityLevel): number {
  return ORDER[a] - ORDER[b];
}

/** The most severe of several (an alias group takes its worst record); by score within a level. */
export function worstSeverity(severities: readonly Severity[]): Severity {
  return (
    [...severities].sort(
      (a, b) => compareSeverity(a.level, b.level) || (b.score ?? -1) - (a.score ?? -1),
    )[0] ?? { level: "unknown", source: "none" }
  );
}

/**
 * Whether a level is at or above a threshold (`--fail-on high` fails on high and critical). A finding
 * of unknown severity could be anything: by default (`unknown: "fail"`) it fails every threshold, as a
 * security gate must not pass what it cannot judge; `"ignore"` lets it pass every threshold (it is
 * still reported). The threshold `unknown` is the lowest of all and catches everything.
 */
export function atOrAbove(
  level: SeverityLevel,
  threshold: SeverityLevel,
  unknown: UnknownSeverity = "fail",
): boolean {
  if (threshold === "unknown") return true;
  if (level === "unknown") return unknown === "fail";
  return compareSeverity(level, threshold) <= 0;
}
