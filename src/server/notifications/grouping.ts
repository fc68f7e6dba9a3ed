import { AliasGroups, preferredId } from "./alias-groups.js";
import {
  EVENT_KINDS,
  type FindingFixedEvent,
  type FindingNewEvent,
  type NotificationEvent,
  SEVERITIES,
  type Severity,
  worseSeverity,
} from "./events.js";
import {
  type Audience,
  audienceKey,
  type FindingOccurrence,
  type FindingsMessage,
  type MessageKind,
  messageKey,
  type NotificationMessage,
} from "./messages.js";

type FindingEvent = FindingNewEvent | FindingFixedEvent;

/**
 * A batch of events as the messages to send, de-duplicated: one message per vulnerability alias
 * group × team for new and fixed findings (CVE-X landing in 40 projects of a team is one message
 * listing the 40; findings of projects without a team group per project), and one per subject for
 * the rest (a push's violation, a project branch's failed scans, a sync source, a team's expiring
 * decisions, a team's digest). Pure: the same batch gives the same messages in the same order —
 * by kind, then worst severity first, then key.
 */
export function groupEvents(events: readonly NotificationEvent[]): NotificationMessage[] {
  const findings = events.filter(
    (event): event is FindingEvent => event.kind === "finding.new" || event.kind === "finding.fixed",
  );
  const others = events.filter(
    (event): event is Exclude<NotificationEvent, FindingEvent> =>
      event.kind !== "finding.new" && event.kind !== "finding.fixed",
  );
  const messages: NotificationMessage[] = [...groupFindings(findings), ...groupOthers(others)];
  return messages.sort(compareMessages);
}

function groupFindings(events: readonly FindingEvent[]): FindingsMessage[] {
  // Alias groups are formed per kind × audience: the same ids elsewhere make a message of their own.
  const partitions = new Map<string, FindingEvent[]>();
  for (const event of events) {
    const partition = `${event.kind}\u0000${audienceKey(findingAudience(event))}`;
    const list = partitions.get(partition) ?? [];
    list.push(event);
    partitions.set(partition, list);
  }
  const messages: FindingsMessage[] = [];
  for (const partition of partitions.values()) {
    const groups = new AliasGroups();
    for (const event of partition) groups.join(idsOf(event));
    const byGroup = new Map<string, FindingEvent[]>();
    for (const event of partition) {
      const root = groups.find(event.vulnerability.id);
      const list = byGroup.get(root) ?? [];
      list.push(event);
      byGroup.set(root, list);
    }
    for (const group of byGroup.values()) messages.push(findingsMessage(group));
  }
  return messages;
}

function findingsMessage(events: readonly FindingEvent[]): FindingsMessage {
  const first = events[0] as FindingEvent;
  const audience = findingAudience(first);
  const ids = new Set(events.flatMap(idsOf));
  const id = preferredId(ids);
  const occurrences = new Map<string, FindingOccurrence>();
  let severity: Severity = "unknown";
  for (const event of events) {
    severity = worseSeverity(severity, event.severity);
    const occurrence: FindingOccurrence = {
      project: event.project,
      branch: event.branch,
      package: event.package,
      severity: event.severity,
      fixVersion: event.kind === "finding.new" ? event.fixVersion : null,
      snapshotId: event.snapshotId,
    };
    // The same package version on the same branch twice (two lockfiles, a repeated event) is one line.
    const identity = JSON.stringify([
      event.project,
      event.branch,
      event.package.ecosystem,
      event.package.name,
      event.package.version,
    ]);
    const seen = occurrences.get(identity);
    occurrences.set(
      identity,
      seen ? { ...occurrence, severity: worseSeverity(seen.severity, event.severity) } : occurrence,
    );
  }
  const sorted = [...occurrences.values()].sort(compareOccurrences);
  // The summary of the preferred id's advisory, else any the group has.
  const summary =
    events.find((event) => event.vulnerability.id === id && event.vulnerability.summary)?.vulnerability
      .summary ??
    events.find((event) => event.vulnerability.summary)?.vulnerability.summary ??
    null;
  return {
    kind: first.kind,
    key: messageKey(first.kind, audience, id),
    audience,
    vulnerability: { id, aliases: [...ids].filter((other) => other !== id).sort(), summary },
    severity,
    projects: [...new Set(sorted.map((occurrence) => occurrence.project))],
    occurrences: sorted,
  };
}

type OtherEvent = Exclude<NotificationEvent, FindingEvent>;

/** The audience and subject of an event that is not a finding: events sharing both make one message. */
function subjectOf(event: OtherEvent): { audience: Audience; subject: string } {
  switch (event.kind) {
    case "policy.violation":
      return { audience: teamOrProject(event), subject: event.snapshotId };
    case "scan.failed":
      return { audience: teamOrProject(event), subject: JSON.stringify([event.project, event.branch]) };
    case "sync.failed":
      return { audience: { installation: true }, subject: event.source };
    case "advisories.stale":
      return { audience: { installation: true }, subject: "advisories" };
    case "triage.expiring":
      return { audience: teamOrProject(event), subject: "expiring" };
    case "digest":
      return {
        audience: event.team ? { team: event.team } : { installation: true },
        subject: `${event.period.cadence}/${event.period.from}/${event.period.to}`,
      };
  }
}

function groupOthers(events: readonly OtherEvent[]): NotificationMessage[] {
  const byKey = new Map<string, { audience: Audience; events: OtherEvent[]; seen: Set<string> }>();
  for (const event of events) {
    const { audience, subject } = subjectOf(event);
    const key = messageKey(event.kind, audience, subject);
    const entry = byKey.get(key) ?? { audience, events: [], seen: new Set<string>() };
    // The same event twice (a retried job) is listed once.
    const identity = JSON.stringify(event);
    if (!entry.seen.has(identity)) {
      entry.seen.add(identity);
      entry.events.push(event);
    }
    byKey.set(key, entry);
  }
  return [...byKey.entries()].map(
    ([key, { audience, events: grouped }]) =>
      // Every event of an entry has the entry's kind (the kind is part of the key).
      ({ kind: (grouped[0] as OtherEvent).kind, key, audience, events: grouped }) as NotificationMessage,
  );
}

function findingAudience(event: FindingEvent): Audience {
  return teamOrProject(event);
}

function teamOrProject(event: { project: string; team?: string | null }): Audience {
  return event.team ? { team: event.team } : { project: event.project };
}

function idsOf(event: FindingEvent): string[] {
  return [event.vulnerability.id, ...event.vulnerability.aliases];
}

const KIND_ORDER: readonly MessageKind[] = [...EVENT_KINDS, "test"];

function compareMessages(a: NotificationMessage, b: NotificationMessage): number {
  const byKind = KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind);
  if (byKind !== 0) return byKind;
  const severityOf = (message: NotificationMessage) =>
    "severity" in message ? SEVERITIES.indexOf(message.severity) : 0;
  return severityOf(a) - severityOf(b) || compareText(a.key, b.key);
}

function compareOccurrences(a: FindingOccurrence, b: FindingOccurrence): number {
  return (
    compareText(a.project, b.project) ||
    compareText(a.branch ?? "", b.branch ?? "") ||
    compareText(a.package.ecosystem, b.package.ecosystem) ||
    compareText(a.package.name, b.package.name) ||
    compareText(a.package.version ?? "", b.package.version ?? "")
  );
}

/** Code-point order: the same everywhere, unlike localeCompare. */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
