import { SEVERITIES, type Severity } from "./events.js";
import { type Audience, audienceName, type FindingsMessage, type NotificationMessage } from "./messages.js";

/**
 * A message as words, before any format: what every human-facing channel (Slack, Teams, e-mail)
 * shows, each escaping and shortening it its own way. Every string here is plain, unescaped text,
 * and may hold untrusted data.
 */
export interface MessageView {
  /** One line: the e-mail subject, the Slack header, the card title. */
  title: string;
  severity: Severity | null;
  /** Short paragraphs (an advisory's summary, a failure's reason). */
  paragraphs: string[];
  /** Label and value pairs. */
  facts: [string, string][];
  /** What the message concerns (projects, licences, decisions), in full: channels shorten it. */
  list: { heading: string; items: string[] } | null;
}

export function viewOf(message: NotificationMessage): MessageView {
  switch (message.kind) {
    case "finding.new":
    case "finding.fixed":
      return findingsView(message);
    case "policy.violation": {
      const event = message.events.at(-1) as (typeof message.events)[number];
      const counts = SEVERITIES.flatMap((severity) => {
        const count = event.counts[severity] ?? 0;
        return count > 0 ? [`${count} ${severity}`] : [];
      });
      const licences = event.licenseViolations.length;
      const problems = [...counts, ...(licences > 0 ? [plural(licences, "denied licence")] : [])];
      return {
        title: `Policy ${event.verdict} on ${event.project}${onBranch(event.branch)}${problems.length ? `: ${problems.join(", ")}` : ""}`,
        severity: worstCounted(event.counts),
        paragraphs: [],
        facts: [
          ["Project", event.project],
          ["Branch", event.branch ?? "(none)"],
          ["Verdict", event.verdict],
          ["Fails on", event.failOn],
          ["Snapshot", event.snapshotId],
        ],
        list:
          licences > 0
            ? {
                heading: "Denied licences",
                items: event.licenseViolations.map(
                  (violation) => `${packageLabel(violation.package)}: ${violation.license}`,
                ),
              }
            : null,
      };
    }
    case "scan.failed": {
      const last = message.events.at(-1) as (typeof message.events)[number];
      return {
        title: `Scan failed: ${last.project}${onBranch(last.branch)}`,
        severity: null,
        paragraphs: [last.reason],
        facts: [
          ["Project", last.project],
          ["Branch", last.branch ?? "(none)"],
          ["Failures", String(message.events.length)],
        ],
        list: null,
      };
    }
    case "sync.failed": {
      const last = message.events.at(-1) as (typeof message.events)[number];
      return {
        title: `Advisory sync failed: ${last.source}`,
        severity: null,
        paragraphs: [last.reason, "Findings may be missing until the next sync succeeds."],
        facts: [
          ["Source", last.source],
          ["Failures", String(message.events.length)],
        ],
        list: null,
      };
    }
    case "advisories.stale": {
      const last = message.events.at(-1) as (typeof message.events)[number];
      return {
        title: `Advisory data is ${Math.floor(last.ageHours)} h old (threshold ${last.thresholdHours} h)`,
        severity: null,
        paragraphs: ["New vulnerabilities published since then are not reported until the data is updated."],
        facts: [
          ["Updated at", last.updatedAt],
          ["Age", `${Math.floor(last.ageHours)} h`],
          ["Threshold", `${last.thresholdHours} h`],
        ],
        list: null,
      };
    }
    case "triage.expiring":
      return {
        title: `${plural(message.events.length, "triage decision")} ${message.events.length === 1 ? "expires" : "expire"} soon (${audienceName(message.audience)})`,
        severity: null,
        paragraphs: ["Once expired, the findings they cover count again in verdicts."],
        facts: [],
        list: {
          heading: "Expiring",
          items: message.events.map(
            (event) =>
              `${event.project}: ${event.decision.vulnerability} in ${event.decision.package.name} (${event.decision.state}) until ${event.expiresAt}`,
          ),
        },
      };
    case "digest": {
      const event = message.events.at(-1) as (typeof message.events)[number];
      const newFindings = sum(event.projects.map((project) => project.newFindings));
      const fixed = sum(event.projects.map((project) => project.fixedFindings));
      return {
        title: `${event.period.cadence === "daily" ? "Daily" : "Weekly"} digest for ${audienceName(message.audience)}: ${newFindings} new, ${fixed} fixed`,
        severity: null,
        paragraphs: [`From ${event.period.from} to ${event.period.to}.`],
        facts: [
          ["Projects", String(event.projects.length)],
          ["New findings", String(newFindings)],
          ["Fixed findings", String(fixed)],
        ],
        list: {
          heading: "Projects",
          items: event.projects.map(
            (project) =>
              `${project.name}: ${project.newFindings} new, ${project.fixedFindings} fixed, open ${openCounts(project.openBySeverity)}`,
          ),
        },
      };
    }
    case "test":
      return {
        title: `Test message from Lockkeeper to ${message.channel}`,
        severity: null,
        paragraphs: [`Sent by ${message.requestedBy} at ${message.sentAt}. This channel works.`],
        facts: [],
        list: null,
      };
  }
}

function findingsView(message: FindingsMessage): MessageView {
  const { vulnerability, severity, projects, occurrences } = message;
  const where = placeOf(message.audience, projects);
  const title =
    message.kind === "finding.new"
      ? `New ${severity} vulnerability ${vulnerability.id} ${where}`
      : `Fixed: ${vulnerability.id} (${severity}) ${where}`;
  const fixes = [...new Set(occurrences.flatMap((o) => (o.fixVersion ? [o.fixVersion] : [])))];
  return {
    title,
    severity,
    paragraphs: vulnerability.summary ? [vulnerability.summary] : [],
    facts: [
      ["Severity", severity],
      ...(vulnerability.aliases.length > 0
        ? [["Aliases", vulnerability.aliases.join(", ")] as [string, string]]
        : []),
      ["Projects", String(projects.length)],
      ...(message.kind === "finding.new"
        ? [["Fixed in", fixes.length > 0 ? fixes.join(", ") : "no fix yet"] as [string, string]]
        : []),
    ],
    list: {
      heading: message.kind === "finding.new" ? "Affected" : "Fixed in",
      items: occurrences.map(
        (o) =>
          `${o.project}${onBranch(o.branch)}: ${packageLabel(o.package)}${o.fixVersion ? ` (fix: ${o.fixVersion})` : ""}`,
      ),
    },
  };
}

/** "in web", "in 40 projects of team payments", "in 2 projects". */
function placeOf(audience: Audience, projects: readonly string[]): string {
  if (projects.length === 1) return `in ${projects[0]}`;
  const count = plural(projects.length, "project");
  return "team" in audience ? `in ${count} of team ${audience.team}` : `in ${count}`;
}

function packageLabel(pkg: { ecosystem: string; name: string; version: string | null }): string {
  return `${pkg.name}${pkg.version ? ` ${pkg.version}` : ""} (${pkg.ecosystem})`;
}

function onBranch(branch: string | null): string {
  return branch ? ` (${branch})` : "";
}

function worstCounted(counts: Readonly<Partial<Record<Severity, number>>>): Severity | null {
  return SEVERITIES.find((severity) => (counts[severity] ?? 0) > 0) ?? null;
}

function openCounts(counts: Readonly<Partial<Record<Severity, number>>>): string {
  const parts = SEVERITIES.flatMap((severity) =>
    (counts[severity] ?? 0) > 0 ? [`${counts[severity]} ${severity}`] : [],
  );
  return parts.length > 0 ? parts.join(", ") : "none";
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}

function sum(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0);
}
