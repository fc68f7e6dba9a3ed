import { describe, expect, it } from "vitest";
import type { Severity } from "../../findings/types.js";
import { osvRecord } from "../matching/test-support/records.js";
import type { OsvAffected, OsvRecord } from "../schema/osv.js";
import { atOrAbove, compareSeverity, recordSeverity, worstSeverity } from "./record-severity.js";

const HEARTBLEED_V3 = "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N"; // 7.5
const SHELLSHOCK_V4 = "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N"; // 9.3
const POODLE_V3 = "CVSS:3.1/AV:N/AC:H/PR:N/UI:R/S:U/C:L/I:N/A:N"; // 3.1
const APACHE_V2 = "AV:N/AC:L/Au:N/C:N/I:N/A:C"; // 7.8

function entry(severity?: { type: string; score: string }[]): OsvAffected {
  const result: OsvAffected = { package: { ecosystem: "npm", name: "pkg" } };
  if (severity) result.severity = severity;
  return result;
}

function withSeverity(
  top: { type: string; score: string }[] | undefined,
  affected: OsvAffected[] = [entry()],
  label?: string,
): OsvRecord {
  const extra: Partial<OsvRecord> = {};
  if (top) extra.severity = top;
  if (label !== undefined) extra.database_specific = { severity: label };
  return osvRecord("GHSA-test-0000-0000", affected, extra);
}

describe("recordSeverity", () => {
  it("takes the record's CVSS vector first, with its type as the source", () => {
    const record = withSeverity(
      [{ type: "CVSS_V3", score: HEARTBLEED_V3 }],
      [entry([{ type: "CVSS_V3", score: POODLE_V3 }])],
      "LOW",
    );
    expect(recordSeverity(record, [0])).toEqual({
      level: "high",
      score: 7.5,
      vector: HEARTBLEED_V3,
      source: "CVSS_V3",
      recordId: "GHSA-test-0000-0000",
    });
  });

  it("prefers the newest CVSS version the record gives, whatever the listed order", () => {
    const record = withSeverity([
      { type: "CVSS_V2", score: APACHE_V2 },
      { type: "CVSS_V3", score: POODLE_V3 },
      { type: "CVSS_V4", score: SHELLSHOCK_V4 },
    ]);
    expect(recordSeverity(record)).toMatchObject({ level: "critical", score: 9.3, source: "CVSS_V4" });
  });

  it("falls through an unreadable vector to the next one", () => {
    const record = withSeverity([
      { type: "CVSS_V4", score: "CVSS:4.0/AV:N/AC:L" },
      { type: "CVSS_V2", score: APACHE_V2 },
    ]);
    expect(recordSeverity(record)).toMatchObject({ level: "high", score: 7.8, source: "CVSS_V2" });
  });

  it("then the matched affected entries' severity, naming it as the source", () => {
    const record = withSeverity(
      undefined,
      [entry([{ type: "CVSS_V3", score: POODLE_V3 }]), entry([{ type: "CVSS_V3", score: HEARTBLEED_V3 }])],
      "CRITICAL",
    );
    expect(recordSeverity(record, [1])).toMatchObject({
      level: "high",
      score: 7.5,
      source: "affected.severity CVSS_V3",
    });
    expect(recordSeverity(record, [0, 1])).toMatchObject({ level: "low", score: 3.1 });
    // An entry that did not match says nothing about this package.
    expect(recordSeverity(record, [])).toMatchObject({
      level: "critical",
      source: "database_specific.severity",
    });
  });

  it.each([
    ["CRITICAL", "critical"],
    ["HIGH", "high"],
    ["MODERATE", "medium"],
    ["Medium", "medium"],
    ["important", "high"],
    ["LOW", "low"],
    ["negligible", "low"],
  ])("then database_specific.severity %s → %s", (label, level) => {
    expect(recordSeverity(withSeverity(undefined, [entry()], label))).toEqual({
      level,
      source: "database_specific.severity",
      recordId: "GHSA-test-0000-0000",
    });
  });

  it("reads a non-CVSS severity label (Ubuntu's) in the record's own list", () => {
    expect(recordSeverity(withSeverity([{ type: "Ubuntu", score: "medium" }]))).toMatchObject({
      level: "medium",
      source: "Ubuntu",
    });
  });

  it.each([["constructor"], ["toString"], ["__proto__"], ["SEVERE"], [""]])(
    "is unknown for a label that is no level: %j",
    (label) => {
      const record = withSeverity([{ type: "Ubuntu", score: label || "x" }], [entry()], label);
      expect(recordSeverity(record)).toEqual({
        level: "unknown",
        source: "none",
        recordId: "GHSA-test-0000-0000",
      });
    },
  );

  it("is unknown without any severity", () => {
    expect(recordSeverity(osvRecord("PYSEC-1", []))).toEqual({
      level: "unknown",
      source: "none",
      recordId: "PYSEC-1",
    });
  });
});

describe("worstSeverity, compareSeverity and atOrAbove", () => {
  const s = (level: Severity["level"], score?: number): Severity =>
    score === undefined ? { level, source: "x" } : { level, score, source: "x" };

  it("picks the most severe level, then the highest score", () => {
    expect(worstSeverity([s("medium", 5), s("high", 7.1), s("unknown"), s("high", 8.8)])).toEqual(
      s("high", 8.8),
    );
    expect(worstSeverity([s("unknown"), s("low")])).toEqual(s("low"));
    expect(worstSeverity([])).toEqual({ level: "unknown", source: "none" });
  });

  it("orders levels with unknown last", () => {
    const levels: Severity["level"][] = ["unknown", "low", "critical", "medium", "high"];
    expect([...levels].sort(compareSeverity)).toEqual(["critical", "high", "medium", "low", "unknown"]);
  });

  it.each([
    ["critical", "high", true],
    ["high", "high", true],
    ["medium", "high", false],
    ["low", "low", true],
    ["low", "unknown", true], // the lowest threshold catches everything
  ] as const)("%s at or above %s: %s", (level, threshold, expected) => {
    expect(atOrAbove(level, threshold)).toBe(expected);
  });

  it.each([
    ["critical", "fail", true],
    ["high", "fail", true],
    ["low", "fail", true],
    ["critical", "ignore", false],
    ["low", "ignore", false],
    ["unknown", "ignore", true], // asked for by name
  ] as const)(
    "an unknown severity against %s with unknownSeverity %s: %s",
    (threshold, unknown, expected) => {
      expect(atOrAbove("unknown", threshold, unknown)).toBe(expected);
    },
  );

  it("fails every threshold on an unknown severity by default: a gate does not pass what it cannot judge", () => {
    for (const threshold of ["critical", "high", "medium", "low"] as const)
      expect(atOrAbove("unknown", threshold)).toBe(true);
  });
});
