import { createHash } from "node:crypto";
import type { Kysely, Selectable } from "kysely";
import { atOrAbove } from "../../core/advisories/severity/record-severity.js";
import type { Database, SnapshotsTable } from "../db/schema.js";
import { HttpProblem } from "../problem.js";
import type { ActiveTriage } from "../triage/decisions.js";
import { type FindingSummary, summaryOfRow } from "./finding-summary.js";
import type { StoredAnalysis } from "./stored-analysis.js";
import { storedFindingRows } from "./stored-contents.js";

/** A snapshot as lists and reports show it. */
export interface SnapshotHeader {
  id: string;
  project: string;
  kind: "lockfiles" | "cyclonedx" | "spdx";
  branch: string | null;
  commit: string | null;
  author: string | null;
  ciUrl: string | null;
  createdAt: string;
  createdBy: string | null;
  contentHash: string;
  components: number;
  findings: number;
  verdict: SnapshotsTable["verdict"];
  /** When the advisory data the findings come from was updated. */
  advisoryDataAt: string | null;
}

export interface VerdictReport {
  outcome: SnapshotsTable["verdict"];
  failOn: StoredAnalysis["failOn"];
  unknownSeverity: StoredAnalysis["unknownSeverity"];
  notChecked?: string;
  unreadableLockfiles: StoredAnalysis["unreadableLockfiles"];
  /** Findings at or above `failOn` (with `unknownSeverity` applied): what failed the gate. */
  failing: FindingSummary[];
  licenseViolations: StoredAnalysis["licenseViolations"];
  newSincePrevious: StoredAnalysis["newSincePrevious"];
}

/** What a push answers and `lk push` prints: the snapshot, its verdict, counts and every finding. */
export interface SnapshotReport {
  snapshot: SnapshotHeader;
  counts: StoredAnalysis["counts"];
  verdict: VerdictReport;
  findings: FindingSummary[];
}

export type SnapshotRow = Selectable<SnapshotsTable>;

export function headerOf(row: SnapshotRow, project: string): SnapshotHeader {
  return {
    id: row.id,
    project,
    kind: row.kind,
    branch: row.branch,
    commit: row.commit,
    author: row.author,
    ciUrl: row.ci_url,
    createdAt: new Date(row.created_at).toISOString(),
    createdBy: row.created_by,
    contentHash: row.content_hash,
    components: row.component_count,
    findings: row.finding_count,
    verdict: row.verdict,
    advisoryDataAt: row.advisory_data_at === null ? null : new Date(row.advisory_data_at).toISOString(),
  };
}

/** A project's snapshot by id, or 404 (also for a snapshot of another project, or a malformed id). */
export async function projectSnapshot(
  db: Kysely<Database>,
  projectId: string,
  id: string,
): Promise<SnapshotRow> {
  const row = UUID.test(id)
    ? await db
        .selectFrom("snapshots")
        .selectAll()
        .where("id", "=", id)
        .where("project_id", "=", projectId)
        .executeTakeFirst()
    : undefined;
  if (!row) throw new HttpProblem(404, `no snapshot ${id} in this project`);
  return row;
}

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The full report of a stored snapshot: the same answer for the push that made it and any retry. */
export async function snapshotReport(
  db: Kysely<Database>,
  row: SnapshotRow,
  project: string,
  triage: ActiveTriage,
): Promise<SnapshotReport> {
  const findings = withTriage((await storedFindingRows(db, row.id)).map(summaryOfRow), triage);
  return { ...snapshotSummary(row, project, findings), findings };
}

/**
 * Findings with the triage decision in force on each (decisions apply to every snapshot, so an
 * old snapshot shows today's decisions; the recorded `verdict.outcome` stays the push's).
 */
export function withTriage(findings: readonly FindingSummary[], triage: ActiveTriage): FindingSummary[] {
  return findings.map((finding) => {
    const decision = triage.decisionFor(finding);
    return decision ? { ...finding, triage: decision } : finding;
  });
}

/** Header, counts and verdict; `findings` (the snapshot's, with their triage) decide the failing list. */
export function snapshotSummary(
  row: SnapshotRow,
  project: string,
  findings: readonly FindingSummary[],
): Omit<SnapshotReport, "findings"> {
  const analysis = row.analysis as StoredAnalysis;
  const failOn = analysis.failOn;
  const failing =
    failOn === "none"
      ? []
      : findings.filter(
          (f) => atOrAbove(f.severity.level, failOn, analysis.unknownSeverity) && !f.triage?.suppresses,
        );
  return {
    snapshot: headerOf(row, project),
    counts: analysis.counts,
    verdict: {
      outcome: row.verdict,
      failOn,
      unknownSeverity: analysis.unknownSeverity,
      ...(analysis.notChecked !== undefined ? { notChecked: analysis.notChecked } : {}),
      unreadableLockfiles: analysis.unreadableLockfiles,
      failing,
      licenseViolations: analysis.licenseViolations,
      newSincePrevious: analysis.newSincePrevious,
    },
  };
}

/**
 * A strong validator of a snapshot's representations: its content and its analysis never change
 * (the table refuses updates), so their hash names the bytes of every answer about it.
 */
export function snapshotEtag(row: SnapshotRow, variant: string): string {
  const hash = createHash("sha256")
    .update(`${variant}\n${row.content_hash}\n${JSON.stringify(row.analysis)}`)
    .digest("base64url");
  return `"${hash}"`;
}

/** Whether `If-None-Match` names `etag` (or is `*`): the client's copy is current. */
export function notModified(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch
    .split(",")
    .map((tag) => tag.trim().replace(/^W\//, ""))
    .some((tag) => tag === "*" || tag === etag);
}
