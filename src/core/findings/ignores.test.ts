import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { isLockkeeperError, type LockkeeperError } from "../errors.js";
import type { Ecosystem } from "../model/types.js";
import { applyIgnores, IGNORES_FILE, type IgnoreRule, loadIgnores } from "./ignores.js";
import type { Finding } from "./types.js";

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** A project folder holding `.lockkeeper/ignores.yaml` with this text. */
function project(text: string): string {
  const dir = mkdtempSync(join(tmpdir(), "lk-ignores-"));
  dirs.push(dir);
  mkdirSync(join(dir, ".lockkeeper"));
  writeFileSync(join(dir, IGNORES_FILE), text);
  return dir;
}

function finding(
  id: string,
  aliases: string[],
  ecosystem: Ecosystem,
  name: string,
  version: string,
): Finding {
  return {
    id,
    aliases,
    recordIds: [id],
    severity: { level: "high", source: "none" },
    package: {
      id: `${ecosystem}:${name}@${version}`,
      ecosystem,
      name,
      displayName: name,
      version,
      purl: `pkg:${ecosystem}/${name}@${version}`,
      scope: "prod",
      direct: true,
    },
    lockfile: "package-lock.json",
    locations: [],
    path: [],
    fixedVersions: [],
    references: [],
  };
}

function rule(index: number, fields: Omit<IgnoreRule, "index" | "reason"> & { reason?: string }): IgnoreRule {
  return { reason: "not reachable", ...fields, index };
}

const FINDINGS = [
  finding("CVE-2021-23337", ["GHSA-35jh-r3h4-6jhm"], "npm", "lodash", "4.17.20"),
  finding("CVE-2021-23337", ["GHSA-35jh-r3h4-6jhm"], "npm", "lodash", "4.17.15"),
  finding("CVE-2020-1747", ["GHSA-6757-jp84-gxfx", "PYSEC-2020-96"], "pypi", "pyyaml", "5.1"),
  finding("CVE-2022-24999", ["GHSA-hrpp-h998-j3pp"], "npm", "qs", "6.5.2"),
];

describe("applyIgnores", () => {
  const today = "2024-06-15";

  it("matches a rule by any id of the alias group, case-insensitively", () => {
    const rules = [rule(1, { id: "pysec-2020-96" }), rule(2, { id: "GHSA-35JH-R3H4-6JHM" })];
    const outcome = applyIgnores(FINDINGS, rules, today);
    expect(outcome.findings.map((f) => f.ignored?.rule)).toEqual([2, 2, 1, undefined]);
    expect(outcome.findings[2]?.ignored).toEqual({ reason: "not reachable", rule: 1 });
    expect(outcome.unused).toEqual([]);
    expect(outcome.expired).toEqual([]);
  });

  it("scopes a rule to a package (PEP 503 name) and to an exact version", () => {
    const rules = [
      rule(1, { id: "CVE-2021-23337", package: "lodash", version: "4.17.15" }),
      rule(2, { id: "CVE-2020-1747", package: "PyYAML" }),
      rule(3, { id: "CVE-2022-24999", package: "express" }), // qs is the vulnerable package, not express
    ];
    const outcome = applyIgnores(FINDINGS, rules, today);
    expect(outcome.findings.map((f) => f.ignored?.rule)).toEqual([undefined, 1, 2, undefined]);
    expect(outcome.unused.map((r) => r.index)).toEqual([3]);
  });

  it("stops applying a rule after its expiry day, and lists it as expired (not unused)", () => {
    const rules = [
      rule(1, { id: "CVE-2021-23337", expires: "2024-06-14" }),
      rule(2, { id: "CVE-2020-1747", expires: "2024-06-15" }), // the last day it applies
      rule(3, { id: "CVE-2099-0001", expires: "2025-01-01" }),
    ];
    const outcome = applyIgnores(FINDINGS, rules, today);
    expect(outcome.findings.map((f) => f.ignored?.rule)).toEqual([undefined, undefined, 2, undefined]);
    expect(outcome.findings[2]?.ignored).toEqual({ reason: "not reachable", rule: 2, expires: "2024-06-15" });
    expect(outcome.expired.map((r) => r.index)).toEqual([1]);
    expect(outcome.unused.map((r) => r.index)).toEqual([3]);
  });

  it("uses the first matching rule and leaves the findings it does not cover untouched", () => {
    const rules = [
      rule(1, { id: "CVE-2021-23337", reason: "first" }),
      rule(2, { id: "CVE-2021-23337", reason: "second" }),
    ];
    const outcome = applyIgnores(FINDINGS, rules, today);
    expect(outcome.findings[0]?.ignored?.reason).toBe("first");
    expect(outcome.unused.map((r) => r.index)).toEqual([2]);
    expect(outcome.findings[3]).toBe(FINDINGS[3]);
    expect(FINDINGS[0]?.ignored).toBeUndefined(); // inputs are not mutated
  });
});

describe("loadIgnores", () => {
  it("reads rules with their 1-based index; dates quoted or not", () => {
    const dir = project(
      [
        "ignores:",
        "  - id: CVE-2021-23337",
        "    package: lodash",
        "    version: 4.17.20",
        "    reason: template() is never called with user input",
        "    expires: 2024-12-31",
        "  - id: GHSA-hrpp-h998-j3pp",
        "    reason: '  qs only parses our own URLs  '",
        '    expires: "2025-01-31"',
        "",
      ].join("\n"),
    );
    expect(loadIgnores(dir)).toEqual([
      {
        id: "CVE-2021-23337",
        package: "lodash",
        version: "4.17.20",
        reason: "template() is never called with user input",
        expires: "2024-12-31",
        index: 1,
      },
      { id: "GHSA-hrpp-h998-j3pp", reason: "qs only parses our own URLs", expires: "2025-01-31", index: 2 },
    ]);
  });

  it("has no rules without a file, or with an empty one", () => {
    const dir = mkdtempSync(join(tmpdir(), "lk-ignores-"));
    dirs.push(dir);
    expect(loadIgnores(dir)).toEqual([]);
    expect(loadIgnores(project(""))).toEqual([]);
    expect(loadIgnores(project("ignores: []\n"))).toEqual([]);
  });

  function configError(text: string): LockkeeperError {
    try {
      loadIgnores(project(text));
    } catch (error: unknown) {
      if (isLockkeeperError(error)) return error;
      throw error;
    }
    throw new Error("loaded an invalid ignores file");
  }

  it("rejects a rule without a reason, naming the file, line and field", () => {
    const error = configError(["ignores:", "  - id: CVE-2021-23337", "    reason: '   '", ""].join("\n"));
    expect(error.code).toBe("CONFIG");
    expect(error.file).toMatch(/\.lockkeeper\/ignores\.yaml$/);
    expect(error.message).toMatch(
      /ignores\.yaml:3:\d+: ignores\.0\.reason: a reason is required: say why this finding does not apply/,
    );
  });

  it("reports every problem: an unknown key (a typo), a bad date, a missing id", () => {
    const error = configError(
      [
        "ignores:",
        "  - id: CVE-2021-23337",
        "    reason: ok",
        "    expire: 2024-12-31",
        "  - id: CVE-2020-1747",
        "    reason: ok",
        "    expires: 31/12/2024",
        "  - reason: no id",
        "",
      ].join("\n"),
    );
    expect(error.code).toBe("CONFIG");
    expect(error.message).toMatch(/:4:\d+: ignores\.0\.expire: unknown key "expire"/);
    expect(error.message).toMatch(/:7:\d+: ignores\.1\.expires: .*YYYY-MM-DD/);
    expect(error.message).toMatch(/:8:\d+: ignores\.2\.id: /);
  });

  it("reports YAML syntax errors with their line", () => {
    const error = configError(["ignores:", "  - id: CVE-1", "    reason: [unclosed", ""].join("\n"));
    expect(error.code).toBe("CONFIG");
    // The parser notices the unclosed flow sequence at the end of the text.
    expect(error.message).toMatch(/ignores\.yaml:4:1: Flow sequence in block collection/);
  });
});
