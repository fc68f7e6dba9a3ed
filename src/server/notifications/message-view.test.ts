import { describe, expect, it } from "vitest";
import { widespreadFinding } from "../test-support/notification-fixtures.js";
import { emailContent } from "./channels/email.js";
import { slackPayload } from "./channels/slack.js";
import { teamsPayload } from "./channels/teams.js";
import type { NotificationEvent } from "./events.js";
import { groupEvents } from "./grouping.js";
import { viewOf } from "./message-view.js";
import { testMessage } from "./messages.js";

const EVENTS: NotificationEvent[] = [
  {
    kind: "finding.fixed",
    project: "web",
    branch: "main",
    vulnerability: { id: "GHSA-1", aliases: ["CVE-2024-1"] },
    severity: "medium",
    package: { ecosystem: "pypi", name: "django", version: "4.2.1" },
    snapshotId: "s-9",
  },
  {
    kind: "policy.violation",
    project: "web",
    team: "payments",
    branch: "release/1.x",
    snapshotId: "s-1",
    verdict: "failed",
    failOn: "high",
    counts: { critical: 1, high: 2 },
    licenseViolations: [
      { package: { ecosystem: "npm", name: "gpl-thing", version: "1.0.0" }, license: "GPL-3.0-only" },
    ],
  },
  { kind: "scan.failed", project: "api", branch: null, reason: "the lockfile is not valid JSON" },
  { kind: "sync.failed", source: "osv", reason: "HTTP 503 (after 4 attempts)" },
  { kind: "advisories.stale", updatedAt: "2026-02-27T09:00:00.000Z", ageHours: 72.5, thresholdHours: 48 },
  {
    kind: "triage.expiring",
    project: "web",
    team: "payments",
    decision: {
      id: "d-1",
      vulnerability: "CVE-2024-1",
      package: { ecosystem: "pypi", name: "django" },
      state: "affected",
      reason: "risk accepted",
    },
    expiresAt: "2026-03-09T00:00:00.000Z",
  },
  {
    kind: "digest",
    team: "payments",
    period: { cadence: "weekly", from: "2026-02-23", to: "2026-03-02" },
    projects: [
      { name: "web", newFindings: 3, fixedFindings: 1, openBySeverity: { high: 2, low: 5 } },
      { name: "ledger", newFindings: 0, fixedFindings: 2, openBySeverity: {} },
    ],
  },
];

describe("message views", () => {
  it("say what each kind of message is about in one title line, with its facts and list", () => {
    const views = groupEvents(EVENTS).map((message) => viewOf(message));
    expect(views.map((view) => view.title)).toEqual([
      "Fixed: CVE-2024-1 (medium) in web",
      "Policy failed on web (release/1.x): 1 critical, 2 high, 1 denied licence",
      "Scan failed: api",
      "Advisory sync failed: osv",
      "Advisory data is 72 h old (threshold 48 h)",
      "1 triage decision expires soon (team payments)",
      "Weekly digest for team payments: 3 new, 3 fixed",
    ]);
    expect(views[1]).toMatchObject({
      severity: "critical",
      list: { heading: "Denied licences", items: ["gpl-thing 1.0.0 (npm): GPL-3.0-only"] },
    });
    expect(views[5]?.list?.items).toEqual([
      "web: CVE-2024-1 in django (affected) until 2026-03-09T00:00:00.000Z",
    ]);
    expect(views[6]?.list?.items).toEqual([
      "web: 3 new, 1 fixed, open 2 high, 5 low",
      "ledger: 0 new, 2 fixed, open none",
    ]);
    expect(viewOf(widespreadFinding(1)).title).toBe("New high vulnerability CVE-2020-8203 in service-001");
    expect(viewOf(testMessage("ops", "admin@example.test", new Date("2026-03-02T09:00:00Z")))).toMatchObject({
      title: "Test message from Lockkeeper to ops",
      paragraphs: ["Sent by admin@example.test at 2026-03-02T09:00:00.000Z. This channel works."],
    });
  });

  it("render in every format, whatever the kind", () => {
    for (const message of [...groupEvents(EVENTS), testMessage("ops", "admin", new Date())]) {
      const title = viewOf(message).title;
      expect(slackPayload(message).text).toBe(title.replace(/&/g, "&amp;"));
      expect(teamsPayload(message).attachments[0].content.body[0]?.inlines[0]?.text).toBe(title);
      expect(emailContent(message).subject).toBe(`[Lockkeeper] ${title}`);
    }
  });
});
