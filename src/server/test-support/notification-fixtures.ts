import type { FindingNewEvent } from "../notifications/events.js";
import { groupEvents } from "../notifications/grouping.js";
import type { FindingsMessage } from "../notifications/messages.js";

/**
 * Strings a hostile package or advisory could carry: Slack mentions and links, Markdown, HTML, an
 * Adaptive Card date function, a line break that would start a header or a list item, and a
 * bidirectional override.
 */
export const HOSTILE = {
  packageName: "<!channel> *evil* _x_ <https://evil.example|click> & {{DATE(2017-02-14T06:08:00Z, SHORT)}}",
  summary:
    "Harmless\nBcc: victim@example.com\n- [click](https://evil.example) <img src=x onerror=alert(1)> <script>alert('x')</script>",
  project: "web\u202egnp.exe",
} as const;

export function findingEvent(overrides: Partial<FindingNewEvent> = {}): FindingNewEvent {
  return {
    kind: "finding.new",
    project: "web",
    team: "payments",
    branch: "main",
    vulnerability: {
      id: "GHSA-p6mc-m468-83gw",
      aliases: ["CVE-2020-8203"],
      summary: "Prototype pollution in lodash",
    },
    severity: "high",
    package: { ecosystem: "npm", name: "lodash", version: "4.17.15" },
    fixVersion: "4.17.19",
    snapshotId: "0193f0c2-0000-7000-8000-000000000001",
    ...overrides,
  };
}

/** CVE-2020-8203 in `projects` projects of team payments: one message. */
export function widespreadFinding(projects: number): FindingsMessage {
  const events = Array.from({ length: projects }, (_, i) =>
    findingEvent({ project: `service-${String(i + 1).padStart(3, "0")}` }),
  );
  return groupEvents(events)[0] as FindingsMessage;
}

/** A finding whose package name, summary and project are hostile. */
export function hostileFinding(): FindingsMessage {
  return groupEvents([
    findingEvent({
      project: HOSTILE.project,
      vulnerability: { id: "GHSA-p6mc-m468-83gw", aliases: ["CVE-2020-8203"], summary: HOSTILE.summary },
      package: { ecosystem: "npm", name: HOSTILE.packageName, version: "1.0.0" },
    }),
    findingEvent({ project: "api" }),
  ])[0] as FindingsMessage;
}
