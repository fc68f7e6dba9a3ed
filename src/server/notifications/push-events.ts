import type { Kysely } from "kysely";
import type { Database } from "../db/schema.js";
import type { JobQueue } from "../jobs/types.js";
import type { SnapshotReport } from "../snapshots/report.js";
import type { DispatchPayload } from "./dispatch.js";
import type { FindingNewEvent, NotificationEvent, PolicyViolationEvent, Severity } from "./events.js";
import { ruleSends, rulesForProject } from "./rules.js";

/**
 * What a push tells people: each problem the project has for the first time (its first-seen time
 * is this push's: a feature branch's push of problems known from main is not news, a new project's
 * first push is), unless a triage decision suppresses it; and a failed verdict with what failed it.
 */
export function pushEvents(
  report: SnapshotReport,
  project: { name: string; team: string | null },
): NotificationEvent[] {
  const { snapshot, verdict } = report;
  const scope = { project: project.name, team: project.team, branch: snapshot.branch ?? null };
  const introduced = report.findings.filter(
    (finding) => finding.firstSeenAt === snapshot.createdAt && !finding.triage?.suppresses,
  );
  const events: NotificationEvent[] = introduced.map(
    (finding): FindingNewEvent => ({
      kind: "finding.new",
      ...scope,
      vulnerability: { id: finding.id, aliases: finding.aliases, summary: finding.summary ?? null },
      severity: finding.severity.level,
      package: {
        ecosystem: finding.package.ecosystem,
        name: finding.package.name,
        version: finding.package.version,
      },
      fixVersion: finding.fix?.version ?? null,
      snapshotId: snapshot.id,
    }),
  );
  if (verdict.outcome === "failed") {
    const counts: Partial<Record<Severity, number>> = {};
    for (const finding of verdict.failing)
      counts[finding.severity.level] = (counts[finding.severity.level] ?? 0) + 1;
    const violation: PolicyViolationEvent = {
      kind: "policy.violation",
      ...scope,
      snapshotId: snapshot.id,
      verdict: "failed",
      failOn: verdict.failOn,
      counts,
      licenseViolations: verdict.licenseViolations.map((entry) => ({
        package: { ecosystem: entry.ecosystem, name: entry.name, version: entry.version ?? null },
        license: entry.license,
      })),
    };
    events.push(violation);
  }
  return events;
}

/**
 * Queues a `notifications.dispatch` job for a new push's events when a rule of the project sends
 * one of them (otherwise nothing is queued). One job per snapshot: a retried push adds nothing.
 */
export async function queuePushNotifications(
  db: Kysely<Database>,
  jobs: JobQueue,
  project: { id: string; name: string; team: string | null },
  report: SnapshotReport,
): Promise<void> {
  const events = pushEvents(report, project);
  if (events.length === 0) return;
  const rules = await rulesForProject(db, project.id);
  if (!events.some((event) => rules.some((rule) => ruleSends(rule, event)))) return;
  const payload: DispatchPayload = { projectId: project.id, events };
  await jobs.enqueue("notifications.dispatch", payload, { id: `notify-push-${report.snapshot.id}` });
}
