/**
 * What the server tells people about, as the code that notices it describes it. Event sources
 * (push analysis, scheduled scans, advisory sync, triage expiry, digests) build these; `groupEvents`
 * (grouping.ts) turns a batch of them into messages; channels render and send messages.
 *
 * Every string from data (project and package names, advisory summaries, licence expressions) is
 * untrusted: channels escape it for their format.
 */

import { compareSeverity } from "../../core/advisories/severity/record-severity.js";
import { SEVERITY_LEVELS, type SeverityLevel } from "../../core/findings/types.js";

/** The core's severity levels, most severe first: the order messages and lists use. */
export type Severity = SeverityLevel;
export const SEVERITIES = SEVERITY_LEVELS;

export interface PackageRef {
  ecosystem: string;
  name: string;
  version: string | null;
}

export interface VulnerabilityRef {
  /** The id the finding was matched by (a GHSA, PYSEC, CVE … id). */
  id: string;
  /** The other ids of the same problem: what groups findings of one problem across projects. */
  aliases: readonly string[];
  /** The advisory's one-line summary, when it has one. */
  summary?: string | null;
}

/** Who an event concerns: its project, and the team owning it when the installation has teams. */
interface Scoped {
  project: string;
  /** The owning team's name; without one, messages are grouped per project. */
  team?: string | null;
}

/** A finding a push, re-scan or advisory update opened (at or above the rule's severity). */
export interface FindingNewEvent extends Scoped {
  kind: "finding.new";
  branch: string | null;
  vulnerability: VulnerabilityRef;
  severity: Severity;
  package: PackageRef;
  /** The lowest version that fixes it, if any is known. */
  fixVersion: string | null;
  snapshotId: string;
}

/** A finding no longer there: the package was updated, removed, or the advisory withdrawn. */
export interface FindingFixedEvent extends Scoped {
  kind: "finding.fixed";
  branch: string | null;
  vulnerability: VulnerabilityRef;
  severity: Severity;
  package: PackageRef;
  /** The snapshot that no longer has it. */
  snapshotId: string;
}

export interface LicenseViolation {
  package: PackageRef;
  license: string;
}

/** A push whose verdict the policy failed (the `lk scan` verdict of `lk push`). */
export interface PolicyViolationEvent extends Scoped {
  kind: "policy.violation";
  branch: string | null;
  snapshotId: string;
  verdict: "failed" | "incomplete";
  /** The policy's threshold the findings were judged against. */
  failOn: Severity | "none";
  /** Findings at or above `failOn`, per severity. */
  counts: Readonly<Partial<Record<Severity, number>>>;
  licenseViolations: readonly LicenseViolation[];
}

/** A scan (push analysis or scheduled re-scan) that could not finish. */
export interface ScanFailedEvent extends Scoped {
  kind: "scan.failed";
  branch: string | null;
  reason: string;
}

/** An advisory sync that failed: installation-wide, no project. */
export interface SyncFailedEvent {
  kind: "sync.failed";
  /** Which data: "osv", a mirror's name. */
  source: string;
  reason: string;
}

/** The advisory data is older than the installation's threshold: findings may be missing. */
export interface AdvisoriesStaleEvent {
  kind: "advisories.stale";
  /** When the data was last updated (RFC 3339). */
  updatedAt: string;
  ageHours: number;
  thresholdHours: number;
}

/** A triage decision (or risk acceptance) that stops applying soon. */
export interface TriageExpiringEvent extends Scoped {
  kind: "triage.expiring";
  decision: {
    id: string;
    vulnerability: string;
    package: { ecosystem: string; name: string };
    state: string;
    reason: string;
  };
  /** When it stops applying (RFC 3339). */
  expiresAt: string;
}

/** One project's part of a digest. */
export interface DigestProject {
  name: string;
  newFindings: number;
  fixedFindings: number;
  openBySeverity: Readonly<Partial<Record<Severity, number>>>;
}

/** A period's summary for a team (or the whole installation, without a team). */
export interface DigestEvent {
  kind: "digest";
  team?: string | null;
  period: { cadence: "daily" | "weekly"; from: string; to: string };
  projects: readonly DigestProject[];
}

export type NotificationEvent =
  | FindingNewEvent
  | FindingFixedEvent
  | PolicyViolationEvent
  | ScanFailedEvent
  | SyncFailedEvent
  | AdvisoriesStaleEvent
  | TriageExpiringEvent
  | DigestEvent;

export type NotificationEventKind = NotificationEvent["kind"];

export const EVENT_KINDS: readonly NotificationEventKind[] = [
  "finding.new",
  "finding.fixed",
  "policy.violation",
  "scan.failed",
  "sync.failed",
  "advisories.stale",
  "triage.expiring",
  "digest",
];

/** The more severe of two severities. */
export function worseSeverity(a: Severity, b: Severity): Severity {
  return compareSeverity(a, b) <= 0 ? a : b;
}
