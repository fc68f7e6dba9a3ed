import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { FIXTURES, REPO_ROOT } from "../test-support/fixtures.js";
import { validateSarif } from "../test-support/json-schemas.js";
import { bufferIo } from "./io.js";
import { run } from "./run.js";

/** Runs lk with an empty user cache, so the shipped advisory snapshot is the database. */
async function lk(args: string[], cwd = REPO_ROOT) {
  const io = bufferIo(cwd);
  io.env.XDG_CACHE_HOME = mkdtempSync(join(tmpdir(), "lk-cache-"));
  const code = await run(args, io);
  return { code, out: io.out, err: io.err };
}

interface JsonFinding {
  id: string;
  aliases: string[];
  package: { name: string; version: string; scope: string };
  severity: { level: string; score?: number; vector?: string; source: string };
  fix?: { version: string };
  ignored?: { reason: string };
}

function goatsCopy(): string {
  const dir = mkdtempSync(join(tmpdir(), "lk-goats-"));
  cpSync(join(REPO_ROOT, "examples/goats"), dir, { recursive: true });
  return dir;
}

describe("lk scan on the example project", () => {
  it("reports findings with severity and its source; findings of unknown severity fail the default critical gate", async () => {
    const { code, out } = await lk(["scan", "examples/goats", "-f", "json"]);
    expect(code).toBe(1);
    const report = JSON.parse(out);
    expect(report.failOn).toBe("critical");
    expect(report.unknownSeverity).toBe("fail");
    // Nothing is critical; the 26 PYSEC findings without a score or label fail it.
    expect(report.summary).toMatchObject({
      verdict: "failed",
      bySeverity: { critical: 0, unknown: 26 },
      failing: 26,
    });
    const pyyaml = report.findings.filter((f: JsonFinding) => f.package.name === "pyyaml");
    expect(pyyaml.map((f: JsonFinding) => f.id).sort()).toEqual([
      "CVE-2019-20477",
      "CVE-2020-14343",
      "CVE-2020-1747",
    ]);
    const requests = report.findings.find((f: JsonFinding) => f.package.name === "requests");
    expect(requests).toMatchObject({
      id: "CVE-2023-32681",
      aliases: ["GHSA-j8r2-6x86-q33q", "PYSEC-2023-74"],
      fix: { version: "2.31.0" },
    });
    const urllib3 = report.findings.find((f: JsonFinding) => f.id === "CVE-2023-43804");
    expect(urllib3.severity).toMatchObject({
      level: "high",
      score: 8.1,
      source: "CVSS_V3",
      vector: "CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:N",
    });
    expect(report.summary.checked).toBeGreaterThan(1000);
    expect(report.skipped).toEqual([expect.objectContaining({ package: "npm:grunt-if@0.2.0" })]);
  });

  it("fails the gate at high, and exits 0 with --fail-on none", async () => {
    expect((await lk(["scan", "examples/goats", "--fail-on", "high"])).code).toBe(1);
    expect((await lk(["scan", "examples/goats", "--fail-on", "none"])).code).toBe(0);
  });

  it("fails every threshold on unknown severities unless they are ignored (flag or config)", async () => {
    const target = "examples/goats/requirements.txt";
    expect((await lk(["scan", target, "--fail-on", "critical"])).code).toBe(1);
    const ignored = await lk(["scan", target, "--fail-on", "critical", "--unknown-severity", "ignore"]);
    expect(ignored.code).toBe(0);
    expect(ignored.out).toContain(
      "0 at or above --fail-on critical (unknownSeverity: ignore; 26 of unknown severity not counted): passed",
    );
    // The same from the project's config; the flag wins over it.
    const dir = goatsCopy();
    writeFileSync(join(dir, "lockkeeper.yaml"), "scan:\n  unknownSeverity: ignore\n");
    const configured = await lk(["scan", join(dir, "requirements.txt"), "-f", "json"]);
    expect(configured.code).toBe(0);
    expect(JSON.parse(configured.out)).toMatchObject({ unknownSeverity: "ignore", summary: { failing: 0 } });
    expect((await lk(["scan", dir, "--unknown-severity", "fail"])).code).toBe(1);
  });

  it("scans production dependencies only with --scope prod", async () => {
    const all = JSON.parse((await lk(["scan", "examples/goats", "-f", "json"])).out);
    const prod = JSON.parse((await lk(["scan", "examples/goats", "-f", "json", "--scope", "prod"])).out);
    expect(all.findings.some((f: JsonFinding) => f.package.scope === "dev")).toBe(true);
    expect(prod.findings.every((f: JsonFinding) => f.package.scope !== "dev")).toBe(true);
    expect(prod.findings.length).toBeLessThan(all.findings.length);
  });

  it("writes SARIF 2.1.0 that validates and points at the package's line", async () => {
    const { out } = await lk(["scan", "examples/goats", "-f", "sarif"]);
    const sarif = JSON.parse(out);
    const result = validateSarif(sarif);
    expect(result.errors).toEqual([]);
    const pyyaml = sarif.runs[0].results.find((r: { ruleId: string }) => r.ruleId === "CVE-2020-1747");
    expect(pyyaml.locations[0].physicalLocation).toEqual({
      artifactLocation: { uri: "examples/goats/requirements.txt", uriBaseId: "%SRCROOT%" },
      region: { startLine: 27 },
    });
  });

  it("locates SARIF results relative to the repository root, from any working directory", async () => {
    const from = async (cwd: string, target: string) => {
      const sarif = JSON.parse((await lk(["scan", target, "-f", "sarif"], cwd)).out);
      const run = sarif.runs[0];
      return {
        base: run.originalUriBaseIds,
        uris: run.results.map(
          (r: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }) =>
            r.locations[0]?.physicalLocation.artifactLocation.uri,
        ),
        informationUri: run.tool.driver.informationUri,
      };
    };
    const atRoot = await from(REPO_ROOT, "examples/goats");
    expect(atRoot.base).toEqual({ "%SRCROOT%": { uri: `${pathToFileURL(REPO_ROOT).href}/` } });
    expect(new Set(atRoot.uris)).toEqual(
      new Set(["examples/goats/package-lock.json", "examples/goats/requirements.txt"]),
    );
    expect(await from(join(REPO_ROOT, "examples"), "goats")).toEqual(atRoot);
    expect(await from(join(REPO_ROOT, "examples/goats"), ".")).toEqual(atRoot);
    expect(await from(join(REPO_ROOT, "src"), "../examples/goats")).toEqual(atRoot);
    // package.json names no home page: the driver claims none.
    expect(atRoot.informationUri).toBeUndefined();
  });

  it("writes JUnit XML and Markdown", async () => {
    const junit = (await lk(["scan", "examples/goats", "-f", "junit", "--fail-on", "high"])).out;
    expect(junit).toMatch(
      /^<\?xml version="1.0" encoding="UTF-8"\?>\n<testsuites name="lockkeeper scan" failures="\d+">/,
    );
    expect(junit).toContain('<testcase classname="requirements.txt" name="urllib3@1.26.9">');
    expect(junit).toContain("<failure ");
    const markdown = (await lk(["scan", "examples/goats", "-f", "markdown"])).out;
    expect(markdown).toMatch(/^### Lockkeeper: \d+ known vulnerabilities/);
    expect(markdown).toContain("| Severity | Package | Installed | Scope | Vulnerability | Fix |");
  });

  it("applies ignores by any alias, and reports expired and unused ones", async () => {
    const dir = goatsCopy();
    mkdirSync(join(dir, ".lockkeeper"));
    writeFileSync(
      join(dir, ".lockkeeper/ignores.yaml"),
      [
        "ignores:",
        "  - id: GHSA-j8r2-6x86-q33q",
        "    package: requests",
        "    reason: we never follow redirects to other hosts",
        "  - id: CVE-2020-14343",
        "    reason: old decision",
        "    expires: 2020-01-01",
        "  - id: CVE-1999-0001",
        "    reason: typo",
      ].join("\n"),
    );
    const { out, err } = await lk(["scan", dir, "-f", "json"]);
    const report = JSON.parse(out);
    const requests = report.findings.find((f: JsonFinding) => f.id === "CVE-2023-32681");
    expect(requests.ignored).toEqual({ reason: "we never follow redirects to other hosts", rule: 1 });
    expect(report.findings.find((f: JsonFinding) => f.id === "CVE-2020-14343").ignored).toBeUndefined();
    expect(report.ignores.expired.map((r: { id: string }) => r.id)).toEqual(["CVE-2020-14343"]);
    expect(report.ignores.unused.map((r: { id: string }) => r.id)).toEqual(["CVE-1999-0001"]);
    expect(err).toMatch(
      /^lk: warning: the advisory data is \d+ days old \(updated 2024-10-10, the snapshot shipped/,
    );
    const table = (await lk(["scan", dir])).out;
    expect(table).toContain(
      "ignored: CVE-2023-32681 in requests@2.28.2: we never follow redirects to other hosts",
    );
    expect(table).toMatch(/warning: ignore #2 for CVE-2020-14343 expired on 2020-01-01/);
    expect(table).toMatch(/warning: ignore #3 for CVE-1999-0001 matches no finding/);
  });

  it("rejects an ignore without a reason, naming the line", async () => {
    const dir = goatsCopy();
    mkdirSync(join(dir, ".lockkeeper"));
    writeFileSync(
      join(dir, ".lockkeeper/ignores.yaml"),
      "ignores:\n  - id: CVE-2023-32681\n    reason: ''\n",
    );
    const { code, err } = await lk(["scan", dir]);
    expect(code).toBe(2);
    expect(err).toMatch(/ignores\.yaml:3:\d+: ignores\.0\.reason: a reason is required/);
  });
});

describe("lk scan of a workspace project", () => {
  it("checks no workspace member (the project's own packages) and lists none as not checked", async () => {
    const { out } = await lk(["scan", join(FIXTURES, "lockfiles/npm/npm-cli-v3-workspaces"), "-f", "json"]);
    const report = JSON.parse(out) as {
      skipped: { package: string; reason: string }[];
      summary: { checked: number };
    };
    expect(report.summary.checked).toBeGreaterThan(0);
    expect(report.skipped.filter((s) => s.reason.includes("workspace"))).toEqual([]);
    expect(report.skipped.map((s) => s.package)).not.toContain("npm:libnpmexec@9.0.0");
    const table = (await lk(["scan", join(FIXTURES, "lockfiles/npm/npm-cli-v3-workspaces")])).out;
    expect(table).not.toContain("installed from workspace");
  });
});

describe("advisory database errors", () => {
  it("exits 3 when the data is older than --max-db-age", async () => {
    const { code, err } = await lk(["scan", "examples/goats", "--max-db-age", "30"]);
    expect(code).toBe(3);
    expect(err).toMatch(/the advisory data is \d+ days old, more than --max-db-age 30/);
  });

  it("exits 3 when an explicit database folder holds none", async () => {
    const { code, err } = await lk([
      "scan",
      "examples/goats",
      "--db",
      mkdtempSync(join(tmpdir(), "lk-nodb-")),
    ]);
    expect(code).toBe(3);
    expect(err).toContain("no advisory database in");
  });

  it("imports OSV records and scans with them", async () => {
    const db = join(mkdtempSync(join(tmpdir(), "lk-db-")), "advisories");
    const imported = await lk([
      "db",
      "import",
      join(FIXTURES, "advisories/npm-osv"),
      "--db",
      db,
      "--label",
      "nswg",
    ]);
    expect(imported.code).toBe(0);
    // The user database starts from the shipped snapshot, which already holds these records.
    expect(imported.out).toMatch(
      /imported nswg into .*: 0 added, 0 updated, 467 unchanged, 0 removed; 3128 records in all/,
    );
    const status = await lk(["db", "status", "--db", db, "-f", "json"]);
    expect(JSON.parse(status.out).sources.find((s: { name: string }) => s.name === "nswg").records).toBe(467);
  });
});

describe("lk explain", () => {
  it("shows the ranges and the evaluation step by step", async () => {
    const { code, out } = await lk(["explain", "CVE-2020-1747", "pyyaml@5.3"]);
    expect(code).toBe(0);
    expect(out).toContain("PYSEC-2020-96 (aliases: CVE-2020-1747, GHSA-6757-jp84-gxfx)");
    expect(out).toContain("ECOSYSTEM range: introduced 5.1, fixed 5.3.1");
    expect(out).toContain("fixed 5.3.1: does not apply → affected");
    expect(out).toContain("verdict: AFFECTED");
    const fixed = await lk(["explain", "CVE-2020-1747", "PyYAML@5.3.1"]);
    expect(fixed.out).toContain("verdict: not affected");
  });

  it("says when an id is unknown", async () => {
    const { code, err } = await lk(["explain", "CVE-1999-0001"]);
    expect(code).toBe(2);
    expect(err).toContain("no advisory CVE-1999-0001 in the database");
  });
});
