import type { Finding, FixSuggestion, SeverityLevel } from "../../core/findings/types.js";
import type { Scope } from "../../core/model/types.js";
import type { TriageView } from "../triage/decisions.js";

/**
 * A finding as the API returns it: everything `lk scan`'s text output shows of one (id, aliases,
 * title, severity, package, scope, direct, fix), plus when the project first had it.
 */
export interface FindingSummary {
  id: string;
  aliases: string[];
  summary?: string;
  severity: { level: SeverityLevel; score?: number; vector?: string; source: string };
  package: {
    ecosystem: string;
    name: string;
    displayName: string;
    version: string;
    purl: string;
    scope: Scope;
    direct: boolean;
  };
  lockfile: string;
  fixedVersions: string[];
  fix?: FixSuggestion;
  /** The shortest dependency path from a root (`project`, `express@4.17.1`, …). */
  path: string[];
  references: string[];
  /** ISO time this project first had this problem in this package (any version). */
  firstSeenAt: string;
  /** The project's triage decision in force on it, if any. */
  triage?: TriageView;
}

/** What a finding row keeps in `detail`: shown, never queried. */
export interface StoredFindingDetail {
  displayName: string;
  severitySource: string;
  severityVector?: string;
  fix?: FixSuggestion;
  path: string[];
  references: string[];
  recordIds: string[];
}

export function summaryOf(finding: Finding, firstSeenAt: Date): FindingSummary {
  const severity: FindingSummary["severity"] = {
    level: finding.severity.level,
    source: finding.severity.source,
  };
  if (finding.severity.score !== undefined) severity.score = finding.severity.score;
  if (finding.severity.vector !== undefined) severity.vector = finding.severity.vector;
  return {
    id: finding.id,
    aliases: finding.aliases,
    ...(finding.summary !== undefined ? { summary: finding.summary } : {}),
    severity,
    package: {
      ecosystem: finding.package.ecosystem,
      name: finding.package.name,
      displayName: finding.package.displayName,
      version: finding.package.version,
      purl: finding.package.purl,
      scope: finding.package.scope,
      direct: finding.package.direct,
    },
    lockfile: finding.lockfile,
    fixedVersions: finding.fixedVersions,
    ...(finding.fix ? { fix: finding.fix } : {}),
    path: finding.path,
    references: finding.references,
    firstSeenAt: firstSeenAt.toISOString(),
  };
}

export function detailOf(finding: Finding): StoredFindingDetail {
  return {
    displayName: finding.package.displayName,
    severitySource: finding.severity.source,
    ...(finding.severity.vector !== undefined ? { severityVector: finding.severity.vector } : {}),
    ...(finding.fix ? { fix: finding.fix } : {}),
    path: finding.path,
    references: finding.references,
    recordIds: finding.recordIds,
  };
}

/** A finding row joined with its component and membership, as stored-finding queries select it. */
export interface FindingRow {
  lockfile: string;
  vulnerability_id: string;
  aliases: string[];
  severity: SeverityLevel;
  score: string | number | null;
  fixed_versions: string[];
  summary: string | null;
  first_seen_at: Date;
  detail: unknown;
  ecosystem: string;
  name: string;
  version: string | null;
  purl: string;
  scope: Scope;
  direct: boolean;
}

export function summaryOfRow(row: FindingRow): FindingSummary {
  const detail = row.detail as StoredFindingDetail;
  const severity: FindingSummary["severity"] = { level: row.severity, source: detail.severitySource };
  if (row.score !== null) severity.score = Number(row.score);
  if (detail.severityVector !== undefined) severity.vector = detail.severityVector;
  return {
    id: row.vulnerability_id,
    aliases: row.aliases,
    ...(row.summary !== null ? { summary: row.summary } : {}),
    severity,
    package: {
      ecosystem: row.ecosystem,
      name: row.name,
      displayName: detail.displayName,
      version: row.version ?? "",
      purl: row.purl,
      scope: row.scope,
      direct: row.direct,
    },
    lockfile: row.lockfile,
    fixedVersions: row.fixed_versions,
    ...(detail.fix ? { fix: detail.fix } : {}),
    path: detail.path,
    references: detail.references,
    firstSeenAt: new Date(row.first_seen_at).toISOString(),
  };
}
