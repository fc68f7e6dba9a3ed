import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importOsv } from "../core/advisories/store/import.js";
import { NPM_OSV } from "../core/advisories/store/test-support/real-advisories.js";
import { REPO_ROOT } from "../test-support/fixtures.js";
import { bufferIo } from "./io.js";
import { run } from "./run.js";

/**
 * Gates that never pass by accident: a finding of unknown severity fails the gate unless the
 * project says otherwise, an alias group takes the worst severity any of its stored records
 * carries, a scan that checked nothing or could not read a lockfile is not "passed", and the
 * data-age warning gives each ecosystem's own date.
 */

const work = mkdtempSync(join(tmpdir(), "lk-scan-gates-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Runs lk with an empty user cache, so the shipped snapshot is the database unless --db says otherwise. */
async function lk(args: string[], cwd = REPO_ROOT) {
  const io = bufferIo(cwd);
  io.env.XDG_CACHE_HOME = join(work, "cache");
  const code = await run(args, io);
  return { code, out: io.out, err: io.err };
}

function project(name: string, files: Record<string, string>): string {
  const dir = join(work, name);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, ".."), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

interface JsonFinding {
  id: string;
  recordIds: string[];
  severity: { level: string; score?: number; vector?: string; source: string; recordId?: string };
}

const CRITICAL_VECTOR = "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H";

/**
 * Test-local OSV records modelled on GitHub's advisories for two PyYAML CVEs whose PYSEC records
 * (real, in the shipped data) carry no severity. The first covers the installed version and joins
 * the PYSEC record's alias group by matching; the second's ranges stop before it (databases
 * disagree on ranges), so only its alias ties it to the PYSEC finding — its score still applies.
 */
const GHSA_RECORDS = [
  {
    schema_version: "1.6.0",
    id: "GHSA-8q59-q68h-6hv4",
    modified: "2024-09-25T10:00:00Z",
    published: "2021-03-25T00:00:00Z",
    aliases: ["CVE-2020-14343"],
    summary: "Improper Input Validation in PyYAML",
    severity: [{ type: "CVSS_V3", score: CRITICAL_VECTOR }],
    affected: [
      {
        package: { ecosystem: "PyPI", name: "PyYAML", purl: "pkg:pypi/pyyaml" },
        ranges: [{ type: "ECOSYSTEM", events: [{ introduced: "0" }, { fixed: "5.4" }] }],
      },
    ],
    database_specific: { severity: "CRITICAL", github_reviewed: true, cwe_ids: ["CWE-20"] },
  },
  {
    schema_version: "1.6.0",
    id: "GHSA-3pqx-4fqf-j49f",
    modified: "2024-09-20T10:00:00Z",
    published: "2020-02-24T00:00:00Z",
    aliases: ["CVE-2019-20477"],
    summary: "Deserialization of Untrusted Data in PyYAML",
    severity: [{ type: "CVSS_V3", score: CRITICAL_VECTOR }],
    affected: [
      {
        package: { ecosystem: "PyPI", name: "PyYAML", purl: "pkg:pypi/pyyaml" },
        ranges: [{ type: "ECOSYSTEM", events: [{ introduced: "5.1" }, { fixed: "5.1.2" }] }],
      },
    ],
    database_specific: { severity: "CRITICAL", github_reviewed: true, cwe_ids: ["CWE-502"] },
  },
];

describe("findings of unknown severity and alias groups", () => {
  // The version of the issue report: pinned as pip freeze writes it.
  const app = project("pyyaml-app", { "requirements.txt": "PyYAML==5.1.2\n" });
  const withGithub = join(work, "db-with-github");

  beforeAll(async () => {
    const records = join(work, "github-records");
    mkdirSync(records);
    for (const record of GHSA_RECORDS)
      writeFileSync(join(records, `${record.id}.json`), JSON.stringify(record));
    // The user's database as lk db import makes it: the shipped snapshot plus the imported records.
    const imported = await lk(["db", "import", records, "--db", withGithub, "--label", "github"]);
    expect(imported.code, imported.err).toBe(0);
  });

  it("fails --fail-on high on CVE-2020-14343 when no record of its group has a severity", async () => {
    const { code, out, err } = await lk(["scan", app, "--fail-on", "high", "-f", "json"]);
    expect(code).toBe(1);
    const report = JSON.parse(out);
    const finding = report.findings.find((f: JsonFinding) => f.id === "CVE-2020-14343");
    expect(finding).toMatchObject({
      recordIds: ["PYSEC-2021-142"],
      severity: { level: "unknown", source: "none", recordId: "PYSEC-2021-142" },
    });
    expect(report.findings.map((f: JsonFinding) => f.severity.level)).toEqual([
      "unknown",
      "unknown",
      "unknown",
    ]);
    expect(report).toMatchObject({ unknownSeverity: "fail", summary: { verdict: "failed", failing: 3 } });
    expect(err).toContain(
      "lk: 3 findings at or above --fail-on high (3 of unknown severity; scan.unknownSeverity: fail)",
    );
    const table = await lk(["scan", app, "--fail-on", "high"]);
    expect(table.out).toContain(
      "3 at or above --fail-on high, 3 of unknown severity (unknownSeverity: fail): FAILED",
    );
  });

  it("passes with unknownSeverity ignore, and says how many findings it did not count", async () => {
    const { code, out } = await lk(["scan", app, "--fail-on", "high", "--unknown-severity", "ignore"]);
    expect(code).toBe(0);
    expect(out).toContain(
      "0 at or above --fail-on high (unknownSeverity: ignore; 3 of unknown severity not counted): passed",
    );
  });

  it("takes the worst severity of the alias group, from a matched record or one stored under an alias", async () => {
    const { code, out } = await lk([
      "scan",
      app,
      "--db",
      withGithub,
      "--fail-on",
      "high",
      "--unknown-severity",
      "ignore",
      "-f",
      "json",
    ]);
    // Ignoring unknown severities no longer hides these two: they are 9.8 under their GHSA aliases.
    expect(code).toBe(1);
    const byId = new Map(JSON.parse(out).findings.map((f: JsonFinding) => [f.id, f]));
    expect(byId.get("CVE-2020-14343")).toMatchObject({
      recordIds: ["GHSA-8q59-q68h-6hv4", "PYSEC-2021-142"],
      severity: {
        level: "critical",
        score: 9.8,
        vector: CRITICAL_VECTOR,
        source: "CVSS_V3",
        recordId: "GHSA-8q59-q68h-6hv4",
      },
    });
    // GitHub's ranges stop at 5.1.2, PYSEC's do not: the PYSEC finding takes the alias's score.
    expect(byId.get("CVE-2019-20477")).toMatchObject({
      recordIds: ["PYSEC-2020-176"],
      severity: { level: "critical", score: 9.8, recordId: "GHSA-3pqx-4fqf-j49f" },
    });
    expect(byId.get("CVE-2020-1747")).toMatchObject({ severity: { level: "unknown" } });
    const table = await lk(["scan", app, "--db", withGithub]);
    expect(table.out).toContain(
      `severity from: CVSS_V3 ${CRITICAL_VECTOR} of GHSA-3pqx-4fqf-j49f (an alias); fix: 5.2b1`,
    );
  });

  it("gives each ecosystem's newest record when the data is old, even in a database updated today", async () => {
    const { err } = await lk(["scan", "examples/goats", "--db", withGithub, "-f", "json"]);
    const today = new Date().toISOString().slice(0, 10);
    expect(err).toMatch(
      new RegExp(
        `^lk: warning: the advisory database was updated ${today}, but some of its data is old; newest record by ecosystem: npm 2020-07-13 \\(\\d+ days old\\), PyPI 2024-10-10 \\(\\d+ days old\\); run "lk db update"$`,
        "m",
      ),
    );
    const shipped = await lk(["scan", "examples/goats", "-f", "json"]);
    expect(shipped.err).toMatch(
      /^lk: warning: the advisory data is \d+ days old \(updated 2024-10-10, the snapshot shipped with Lockkeeper\); newest record by ecosystem: npm 2020-07-13 \(\d+ days old\), PyPI 2024-10-10 \(\d+ days old\); run "lk db update"$/m,
    );
    expect(JSON.parse(shipped.out).database.newestRecord).toEqual({
      npm: "2020-07-13T00:00:00.000Z",
      pypi: "2024-10-10T17:22:00.587Z",
    });
  });

  it("lk db status gives each ecosystem's newest record", async () => {
    const status = JSON.parse((await lk(["db", "status", "--db", withGithub, "-f", "json"])).out);
    expect(status.ecosystems).toEqual([
      { ecosystem: "npm", newestRecord: "2020-07-13T00:00:00.000Z", ageDays: expect.any(Number) },
      { ecosystem: "pypi", newestRecord: "2024-10-10T17:22:00.587Z", ageDays: expect.any(Number) },
    ]);
    expect((await lk(["db", "status", "--db", withGithub])).out).toMatch(
      /^newest: {3}npm 2020-07-13 \(\d+ days ago\), PyPI 2024-10-10 \(\d+ days ago\)$/m,
    );
  });
});

describe("nothing checked is not passed", () => {
  it("exits 2 when no package version could be checked (unpinned requirements)", async () => {
    const dir = project("unpinned", { "requirements.txt": "Flask>=2.0\nrequests\n" });
    const table = await lk(["scan", dir]);
    expect(table.code).toBe(2);
    expect(table.out).toContain(
      'NOT CHECKED: no package version was checked: none of the 2 packages has an exact version from a registry (see "not checked")',
    );
    expect(table.out).not.toMatch(/passed/);
    const json = await lk(["scan", dir, "-f", "json", "--fail-on", "none"]);
    expect(json.code).toBe(2);
    expect(JSON.parse(json.out).summary).toMatchObject({ verdict: "not-checked", checked: 0 });
    expect(json.err).toContain("lk: error: no package version was checked");
  });

  it("does not count packages of an ecosystem the database has no records of as checked", async () => {
    // A database of the npm advisories only, made by the real import code.
    const npmOnly = join(work, "db-npm-only");
    importOsv(npmOnly, NPM_OSV, { label: "nswg" });
    const { code, out, err } = await lk([
      "scan",
      "examples/goats/requirements.txt",
      "--db",
      npmOnly,
      "-f",
      "json",
    ]);
    expect(code).toBe(2);
    const report = JSON.parse(out);
    expect(report.summary).toMatchObject({ verdict: "not-checked", checked: 0, skipped: 34 });
    expect(report.skipped[0].reason).toBe("the advisory database holds no PyPI records");
    expect(err).toContain(
      'lk: warning: the advisory database holds no PyPI records: those packages were not checked; run "lk db update"',
    );
  });

  it("exits 2 from lk licenses when no licence could be resolved (npm v1 lockfile, nothing installed)", async () => {
    const dir = join(work, "nodegoat-v1");
    cpSync(join(REPO_ROOT, "fixtures/lockfiles/npm/nodegoat-v1"), dir, { recursive: true });
    const { code, err } = await lk(["licenses", dir, "-f", "json"]);
    expect(code).toBe(2);
    expect(err).toContain(
      "lk: error: nothing was checked: no licence could be resolved for any of the 1089 packages",
    );
  });
});

describe("one corrupt lockfile among several", () => {
  const goats = (file: string) => readFileSync(join(REPO_ROOT, "examples/goats", file), "utf8");
  const lock = goats("package-lock.json");
  // A lockfile cut short, as an interrupted write or a bad merge leaves it.
  const dir = project("monorepo", {
    "api/requirements.txt": goats("requirements.txt"),
    "web/package.json": goats("package.json"),
    "web/package-lock.json": lock,
    "admin/package.json": goats("package.json"),
    "admin/package-lock.json": lock.slice(0, 4000),
  });

  it("scans the others, reports it in coverage and exits 2", async () => {
    const { code, out, err } = await lk(["scan", dir, "--fail-on", "none"]);
    expect(code).toBe(2);
    expect(out).toContain("requests@2.28.2  (prod, direct, api/requirements.txt)");
    expect(out).toContain("marked@0.3.5  (prod, direct, web/package-lock.json)");
    expect(out).toContain(
      "incomplete: 1 of 3 lockfiles could not be read (see Coverage); the others were scanned",
    );
    expect(out).toMatch(/^Coverage:\nadmin\/package-lock\.json: NOT READ \(line \d+\): .+$/m);
    expect(err).toMatch(
      /^lk: error: admin\/package-lock\.json:\d+: not read: .+; the result covers the other lockfiles$/m,
    );
    const json = await lk(["scan", dir, "-f", "json"]);
    expect(json.code).toBe(2);
    const report = JSON.parse(json.out);
    expect(report.summary).toMatchObject({ verdict: "incomplete", unreadableLockfiles: 1 });
    expect(report.lockfiles.map((l: { path: string }) => l.path)).toEqual([
      "admin/package-lock.json",
      "api/requirements.txt",
      "web/package-lock.json",
    ]);
    expect(report.lockfiles[0].coverage.unreadable.reason).toMatch(/JSON/);
    const junit = await lk(["scan", dir, "-f", "junit"]);
    expect(junit.out).toContain(
      '<testsuite name="lockkeeper scan admin/package-lock.json" tests="1" failures="0" errors="1" skipped="0">',
    );
  });

  it("lists the others in lk inventory and exits 2; a lone corrupt lockfile is still one clear error", async () => {
    const inventory = await lk(["inventory", dir]);
    expect(inventory.code).toBe(2);
    expect(inventory.out).toContain("api/requirements.txt");
    expect(inventory.err).toMatch(/^lk: error: admin\/package-lock\.json:\d+: not read: /m);
    const alone = project("alone", { "package-lock.json": lock.slice(0, 4000) });
    const single = await lk(["scan", alone]);
    expect(single.code).toBe(2);
    expect(single.out).toBe("");
    expect(single.err).toMatch(/^lk: error: package-lock\.json:\d+: .+\n$/);
  });
});
