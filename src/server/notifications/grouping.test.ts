import { describe, expect, it } from "vitest";
import { preferredId } from "./alias-groups.js";
import type { FindingNewEvent, NotificationEvent, TriageExpiringEvent } from "./events.js";
import { groupEvents } from "./grouping.js";
import { type FindingsMessage, messageKey } from "./messages.js";

function finding(overrides: Partial<FindingNewEvent> = {}): FindingNewEvent {
  return {
    kind: "finding.new",
    project: "web",
    branch: "main",
    vulnerability: { id: "GHSA-aaaa-bbbb-cccc", aliases: ["CVE-2024-1111"], summary: "Prototype pollution" },
    severity: "high",
    package: { ecosystem: "npm", name: "lodash", version: "4.17.20" },
    fixVersion: "4.17.21",
    snapshotId: "s-1",
    ...overrides,
  };
}

const findingsOf = (events: NotificationEvent[]) => groupEvents(events) as FindingsMessage[];

describe("groupEvents", () => {
  it("makes one message when a vulnerability lands in 40 projects of a team, listing them", () => {
    const events = Array.from({ length: 40 }, (_, i) =>
      finding({ project: `service-${String(i).padStart(2, "0")}`, team: "payments", snapshotId: `s-${i}` }),
    );
    const messages = findingsOf(events);
    expect(messages).toHaveLength(1);
    const [message] = messages;
    expect(message).toMatchObject({
      kind: "finding.new",
      key: "finding.new:team%3Dpayments:CVE-2024-1111",
      audience: { team: "payments" },
      vulnerability: {
        id: "CVE-2024-1111",
        aliases: ["GHSA-aaaa-bbbb-cccc"],
        summary: "Prototype pollution",
      },
      severity: "high",
    });
    expect(message?.projects).toEqual(events.map((event) => event.project));
    expect(message?.occurrences).toHaveLength(40);
    expect(message?.occurrences[0]).toEqual({
      project: "service-00",
      branch: "main",
      package: { ecosystem: "npm", name: "lodash", version: "4.17.20" },
      severity: "high",
      fixVersion: "4.17.21",
      snapshotId: "s-0",
    });
  });

  it("joins ids that name one problem through any chain of aliases, and prefers the CVE id", () => {
    const messages = findingsOf([
      finding({ vulnerability: { id: "GHSA-1", aliases: ["CVE-2023-9"] }, project: "a", team: "t" }),
      finding({ vulnerability: { id: "PYSEC-2023-1", aliases: ["CVE-2023-9"] }, project: "b", team: "t" }),
      finding({ vulnerability: { id: "OSV-7", aliases: ["PYSEC-2023-1"] }, project: "c", team: "t" }),
      finding({ vulnerability: { id: "GHSA-2", aliases: [] }, project: "d", team: "t" }),
    ]);
    expect(
      messages.map((message) => [message.vulnerability.id, message.vulnerability.aliases, message.projects]),
    ).toEqual([
      ["CVE-2023-9", ["GHSA-1", "OSV-7", "PYSEC-2023-1"], ["a", "b", "c"]],
      ["GHSA-2", [], ["d"]],
    ]);
  });

  it("groups per project without a team, and keeps teams, and new and fixed, apart", () => {
    const messages = findingsOf([
      finding({ project: "web" }),
      finding({ project: "api" }),
      finding({ project: "billing", team: "payments" }),
      finding({ project: "search", team: "discovery" }),
      { ...finding({ project: "web" }), kind: "finding.fixed" } as NotificationEvent as FindingNewEvent,
    ]);
    expect(messages.map((message) => message.key)).toEqual([
      "finding.new:project%3Dapi:CVE-2024-1111",
      "finding.new:project%3Dweb:CVE-2024-1111",
      "finding.new:team%3Ddiscovery:CVE-2024-1111",
      "finding.new:team%3Dpayments:CVE-2024-1111",
      "finding.fixed:project%3Dweb:CVE-2024-1111",
    ]);
    expect(messages[4]?.occurrences[0]?.fixVersion).toBeNull();
  });

  it("lists a package version once per branch however often it comes, with the worst severity", () => {
    const [message] = findingsOf([
      finding({ severity: "medium" }),
      finding({ severity: "critical", snapshotId: "s-2" }),
      finding({ branch: "release", severity: "low" }),
      finding({ package: { ecosystem: "npm", name: "lodash", version: "4.17.19" }, severity: "low" }),
    ]);
    expect(message?.severity).toBe("critical");
    expect(message?.occurrences.map((o) => [o.branch, o.package.version, o.severity, o.snapshotId])).toEqual([
      ["main", "4.17.19", "low", "s-1"],
      ["main", "4.17.20", "critical", "s-2"],
      ["release", "4.17.20", "low", "s-1"],
    ]);
  });

  it("orders messages by kind, then worst severity first, and gives the same messages for any order of events", () => {
    const events: NotificationEvent[] = [
      finding({ vulnerability: { id: "CVE-2024-3", aliases: [] }, severity: "low" }),
      finding({ vulnerability: { id: "CVE-2024-2", aliases: [] }, severity: "critical", project: "api" }),
      {
        kind: "sync.failed",
        source: "osv",
        reason: "HTTP 503 (after 4 attempts)",
      },
      finding({ vulnerability: { id: "CVE-2024-1", aliases: [] }, severity: "medium", project: "api" }),
      finding({ vulnerability: { id: "CVE-2024-2", aliases: [] }, severity: "critical", project: "web" }),
    ];
    const keys = groupEvents(events).map((message) => message.key);
    expect(keys).toEqual([
      "finding.new:project%3Dapi:CVE-2024-2",
      "finding.new:project%3Dweb:CVE-2024-2",
      "finding.new:project%3Dapi:CVE-2024-1",
      "finding.new:project%3Dweb:CVE-2024-3",
      "sync.failed:installation:osv",
    ]);
    const before = JSON.stringify(events);
    expect(groupEvents([...events].reverse())).toEqual(groupEvents(events));
    expect(JSON.stringify(events)).toBe(before); // the batch is not changed
  });

  it("makes one message per subject for the other kinds, listing repeats once", () => {
    const expiring = (id: string, project: string): TriageExpiringEvent => ({
      kind: "triage.expiring",
      project,
      team: "payments",
      decision: {
        id,
        vulnerability: "CVE-2024-1111",
        package: { ecosystem: "npm", name: "lodash" },
        state: "affected",
        reason: "risk accepted",
      },
      expiresAt: "2026-04-01T00:00:00.000Z",
    });
    const violation = (snapshotId: string): NotificationEvent => ({
      kind: "policy.violation",
      project: "web",
      branch: "main",
      snapshotId,
      verdict: "failed",
      failOn: "high",
      counts: { critical: 1, high: 2 },
      licenseViolations: [],
    });
    const messages = groupEvents([
      violation("s-1"),
      violation("s-1"),
      violation("s-2"),
      expiring("d-1", "billing"),
      expiring("d-2", "ledger"),
      expiring("d-1", "billing"),
      { kind: "scan.failed", project: "web", branch: "main", reason: "lockfile unreadable" },
      { kind: "scan.failed", project: "web", branch: "main", reason: "timeout" },
      { kind: "advisories.stale", updatedAt: "2026-03-01T00:00:00.000Z", ageHours: 49, thresholdHours: 48 },
      {
        kind: "digest",
        team: "payments",
        period: { cadence: "weekly", from: "2026-02-23", to: "2026-03-02" },
        projects: [],
      },
    ]);
    expect(messages.map((message) => [message.key, "events" in message ? message.events.length : 0])).toEqual(
      [
        ["policy.violation:project%3Dweb:s-1", 1],
        ["policy.violation:project%3Dweb:s-2", 1],
        [`scan.failed:project%3Dweb:${encodeURIComponent('["web","main"]')}`, 2],
        ["advisories.stale:installation:advisories", 1],
        ["triage.expiring:team%3Dpayments:expiring", 2],
        ["digest:team%3Dpayments:weekly%2F2026-02-23%2F2026-03-02", 1],
      ],
    );
  });

  it("encodes the parts of a key, so that a name holding the separator cannot make two keys one", () => {
    expect(messageKey("scan.failed", { project: "a:b" }, "c")).not.toBe(
      messageKey("scan.failed", { project: "a" }, "b:c"),
    );
  });
});

describe("preferredId", () => {
  it("prefers the oldest CVE id, then a GHSA id, then code-point order", () => {
    expect(preferredId(["GHSA-x", "CVE-2024-10", "CVE-2024-9", "CVE-2023-100"])).toBe("CVE-2023-100");
    expect(preferredId(["PYSEC-1", "GHSA-b", "GHSA-a"])).toBe("GHSA-a");
    expect(preferredId(["PYSEC-2", "OSV-1"])).toBe("OSV-1");
  });
});
