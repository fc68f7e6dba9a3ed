import type {
  AdvisoriesStaleEvent,
  DigestEvent,
  NotificationEvent,
  PackageRef,
  PolicyViolationEvent,
  ScanFailedEvent,
  Severity,
  SyncFailedEvent,
  TriageExpiringEvent,
} from "./events.js";

/** Who a message is for: a team, one project (no team known), or the whole installation. */
export type Audience = { team: string } | { project: string } | { installation: true };

interface MessageBase {
  /**
   * The de-duplication key: the same problem for the same audience has the same key, in this batch
   * and the next (as long as its alias group keeps its preferred id). Deliveries record it.
   */
  key: string;
  audience: Audience;
}

/** Where one problem was found (or fixed): one project, branch and package version. */
export interface FindingOccurrence {
  project: string;
  branch: string | null;
  package: PackageRef;
  severity: Severity;
  /** For new findings: the lowest fixing version, if known. */
  fixVersion: string | null;
  snapshotId: string;
}

/** One vulnerability (alias group) for one audience: the projects and packages it concerns. */
export interface FindingsMessage extends MessageBase {
  kind: "finding.new" | "finding.fixed";
  vulnerability: {
    /** The preferred id of the group (a CVE id when there is one). */
    id: string;
    /** The group's other ids, sorted. */
    aliases: readonly string[];
    summary: string | null;
  };
  /** The worst severity among the occurrences. */
  severity: Severity;
  /** The distinct projects, sorted. */
  projects: readonly string[];
  occurrences: readonly FindingOccurrence[];
}

/** Events of one kind that make one message (repeats of one subject, or one audience's list). */
interface EventsMessage<E extends NotificationEvent> extends MessageBase {
  kind: E["kind"];
  events: readonly E[];
}

export type PolicyViolationMessage = EventsMessage<PolicyViolationEvent>;
export type ScanFailedMessage = EventsMessage<ScanFailedEvent>;
export type SyncFailedMessage = EventsMessage<SyncFailedEvent>;
export type AdvisoriesStaleMessage = EventsMessage<AdvisoriesStaleEvent>;
export type TriageExpiringMessage = EventsMessage<TriageExpiringEvent>;
export type DigestMessage = EventsMessage<DigestEvent>;

/** What `POST /api/v1/notification-channels/:id/test` sends: proof the channel reaches someone. */
export interface TestMessage extends MessageBase {
  kind: "test";
  channel: string;
  requestedBy: string;
  sentAt: string;
}

export type NotificationMessage =
  | FindingsMessage
  | PolicyViolationMessage
  | ScanFailedMessage
  | SyncFailedMessage
  | AdvisoriesStaleMessage
  | TriageExpiringMessage
  | DigestMessage
  | TestMessage;

export type MessageKind = NotificationMessage["kind"];

/** A key from its parts, each percent-encoded so that a name holding ":" cannot make two keys one. */
export function messageKey(kind: MessageKind, audience: Audience, subject: string): string {
  return [kind, audienceKey(audience), subject].map(encodeURIComponent).join(":");
}

export function audienceKey(audience: Audience): string {
  if ("team" in audience) return `team=${audience.team}`;
  if ("project" in audience) return `project=${audience.project}`;
  return "installation";
}

/** The audience in words: "team payments", "project web", "the installation". */
export function audienceName(audience: Audience): string {
  if ("team" in audience) return `team ${audience.team}`;
  if ("project" in audience) return `project ${audience.project}`;
  return "the installation";
}

export function testMessage(channel: string, requestedBy: string, now: Date): TestMessage {
  const sentAt = now.toISOString();
  return {
    kind: "test",
    key: messageKey("test", { installation: true }, `${channel}@${sentAt}`),
    audience: { installation: true },
    channel,
    requestedBy,
    sentAt,
  };
}
