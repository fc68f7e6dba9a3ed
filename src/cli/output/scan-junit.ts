import type { ScanReport } from "../../core/app/scan.js";
import type { Finding } from "../../core/findings/types.js";
import { plural } from "./plural.js";
import { fixText, groupByPackage } from "./scan-report.js";

/**
 * JUnit XML for CI test dashboards: a suite per lockfile, a test case per vulnerable package version
 * (failed when one of its findings fails the gate) and one passing case for the clean rest.
 */
export function renderScanJunit(report: ScanReport): string {
  const failing = new Set(report.failing);
  const suites = report.inventory.snapshots.map((snapshot) => {
    const unreadable = snapshot.coverage.unreadable;
    if (unreadable) {
      const where = `${snapshot.lockfile.path}${unreadable.line ? `:${unreadable.line}` : ""}`;
      return `  <testsuite name="lockkeeper scan ${xml(snapshot.lockfile.path)}" tests="1" failures="0" errors="1" skipped="0">\n    <testcase classname="${xml(snapshot.lockfile.path)}" name="read the lockfile">\n      <error message="${xml(`${where}: ${unreadable.reason}`)}"/>\n    </testcase>\n  </testsuite>`;
    }
    const findings = report.findings.filter((f) => f.lockfile === snapshot.lockfile.path && !f.ignored);
    const groups = groupByPackage(findings);
    const cases = groups.map((group) => testCase(group, snapshot.lockfile.path, failing));
    const vulnerable = new Set(groups.map((g) => g[0]?.package.id));
    const clean = snapshot.packages.filter((p) => p.version && !vulnerable.has(p.id)).length;
    cases.push(
      `    <testcase classname="${xml(snapshot.lockfile.path)}" name="${plural(clean, "package version")} without known vulnerabilities"/>`,
    );
    const failures = groups.filter((g) => g.some((f) => failing.has(f))).length;
    return `  <testsuite name="lockkeeper scan ${xml(snapshot.lockfile.path)}" tests="${cases.length}" failures="${failures}" errors="0" skipped="0">\n${cases.join("\n")}\n  </testsuite>`;
  });
  const failures = report.failing.length > 0 ? groupByPackage(report.failing).length : 0;
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="lockkeeper scan" failures="${failures}">\n${suites.join("\n")}\n</testsuites>\n`;
}

function testCase(group: Finding[], lockfile: string, failing: Set<Finding>): string {
  const first = group[0] as Finding;
  const name = `${first.package.displayName}@${first.package.version}`;
  const details = group
    .map(
      (f) =>
        `${f.id} ${f.severity.level}${f.severity.score === undefined ? "" : ` ${f.severity.score}`}${f.summary ? `: ${f.summary}` : ""} (fix: ${fixText(f)})`,
    )
    .join("\n");
  const failed = group.filter((f) => failing.has(f));
  if (failed.length === 0) {
    return `    <testcase classname="${xml(lockfile)}" name="${xml(name)}">\n      <system-out>${xml(details)}</system-out>\n    </testcase>`;
  }
  const message = `${failed.length} vulnerabilit${failed.length === 1 ? "y fails" : "ies fail"} the gate: ${failed.map((f) => `${f.id} (${f.severity.level})`).join(", ")}`;
  return `    <testcase classname="${xml(lockfile)}" name="${xml(name)}">\n      <failure message="${xml(message)}" type="vulnerability">${xml(details)}</failure>\n    </testcase>`;
}

function xml(text: string): string {
  let escaped = "";
  for (const char of text) {
    const code = char.charCodeAt(0);
    // XML 1.0 cannot carry control characters other than tab, line feed and carriage return.
    if (code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) continue;
    escaped += XML_ESCAPES[char] ?? char;
  }
  return escaped;
}

const XML_ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" };
