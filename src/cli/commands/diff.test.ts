import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cloneBundle, removeDir } from "../../core/history/test-support/git-repos.js";
import { LOCKFILES } from "../../test-support/fixtures.js";
import { bufferIo } from "../io.js";
import { type DiffCommandOptions, diffCommand } from "./diff.js";

let nodegoat: string;
const temps: string[] = [];

beforeAll(() => {
  nodegoat = cloneBundle("nodegoat-npm.bundle", "dependency-history");
}, 60_000);

afterAll(() => [nodegoat, ...temps].forEach(removeDir));

/** Runs the command with an empty user cache, so the advisory snapshot shipped with Lockkeeper is the database. */
async function diff(
  base: string,
  head: string | undefined,
  options: Partial<DiffCommandOptions> = {},
  cwd = nodegoat,
) {
  const io = bufferIo(cwd);
  io.env.XDG_CACHE_HOME = mkdtempSync(join(tmpdir(), "lk-cache-"));
  temps.push(io.env.XDG_CACHE_HOME);
  const code = await diffCommand(io, base, head, { format: "json", ...options });
  return { code, out: io.out, err: io.err, json: () => JSON.parse(io.out) };
}

interface JsonChange {
  kind: string;
  name: string;
  from?: { version?: string; scope: string; direct: boolean };
  to?: { version?: string; scope: string; direct: boolean };
}

describe("lk diff between two NodeGoat commits", () => {
  it("shows the marked downgrade of PR #281 and the vulnerability it brings back", async () => {
    // git show ca08ae4 -- package.json: "marked": "0.3.9" → "0.3.5"; NSWG-ECO-101 affects <=0.3.5.
    const { code, json } = await diff("8fe8d3b", "ca08ae4");
    expect(code).toBe(0);
    const report = json();
    expect(report.base).toEqual({
      label: "8fe8d3b",
      kind: "revision",
      commit: "8fe8d3b55fbed7e207e8a644d57c159147081c42",
    });
    expect(report.lockfiles).toHaveLength(1);
    expect(report.lockfiles[0]).toMatchObject({
      lockfile: "package-lock.json",
      status: "modified",
      format: "package-lock",
    });
    expect(report.lockfiles[0].changes.find((c: JsonChange) => c.name === "marked")).toEqual({
      kind: "downgraded",
      ecosystem: "npm",
      name: "marked",
      displayName: "marked",
      from: { version: "0.3.9", scope: "prod", direct: true },
      to: { version: "0.3.5", scope: "prod", direct: true },
    });
    expect(report.summary).toEqual({ added: 0, removed: 0, upgraded: 0, downgraded: 1, changed: 1 });
    expect(report.vulnerabilities.checked).toBe(true);
    expect(
      report.vulnerabilities.introduced.map(
        (f: { id: string; package: { name: string; version: string } }) =>
          `${f.id} ${f.package.name}@${f.package.version}`,
      ),
    ).toEqual(["NSWG-ECO-101 marked@0.3.5"]);
    expect(report.vulnerabilities.fixed).toEqual([]);
  });

  it("reports the same vulnerability as fixed the other way round", async () => {
    const report = (await diff("ca08ae4", "8fe8d3b")).json();
    expect(report.vulnerabilities.introduced).toEqual([]);
    expect(report.vulnerabilities.fixed.map((f: { id: string }) => f.id)).toEqual(["NSWG-ECO-101"]);
  });

  it("--fail-on-new exits 1 only when something at or above the level is introduced", async () => {
    // NSWG-ECO-101 is CVSS 5.3: medium.
    const medium = await diff("8fe8d3b", "ca08ae4", { failOnNew: "medium", format: "markdown" });
    expect(medium.code).toBe(1);
    expect(medium.out).toContain("❌ 1 at or above **medium**");
    expect(medium.out).toContain(
      "| introduced | medium 5.3 | [NSWG-ECO-101](https://osv.dev/vulnerability/NSWG-ECO-101) | `marked@0.3.5` | prod |",
    );
    expect(medium.out).toContain("| downgraded | `marked` | 0.3.9 | 0.3.5 | prod | direct |");
    // v1 installed grunt-if from a tarball URL (no version); v2 resolves it to 0.2.0.
    expect(medium.out).toContain(
      "| changed | `grunt-if` | https://github.com/binarymist/grunt-if/tarball/master | 0.2.0 | dev | direct |",
    );
    expect(medium.err).toContain("1 vulnerability introduced at or above --fail-on-new medium");
    const high = await diff("8fe8d3b", "ca08ae4", { failOnNew: "high", format: "markdown" });
    expect(high.code).toBe(0);
    expect(high.out).toContain("✅ nothing new at or above the threshold");
    await expect(diff("8fe8d3b", "ca08ae4", { failOnNew: "severe" })).rejects.toMatchObject({
      code: "USAGE",
    });
  });

  it("compares a revision with the working tree by default", async () => {
    const report = (await diff("45eed7e", undefined)).json();
    expect(report.head).toEqual({ label: "working tree", kind: "working-tree" });
    // python over both package-lock.json files: 178 name@version pairs appear, 41 go; 98 names are new,
    // and grunt-nodemon, lodash.debounce, math-random and timespan are gone entirely.
    const changes: JsonChange[] = report.lockfiles[0].changes;
    expect(changes.filter((c) => c.to && c.to.version !== c.from?.version).length).toBe(178);
    expect(changes.filter((c) => c.from && c.from.version !== c.to?.version).length).toBe(41);
    const names = (kind: string) => new Set(changes.filter((c) => c.kind === kind).map((c) => c.name));
    for (const gone of ["grunt-nodemon", "lodash.debounce", "math-random", "timespan"])
      expect(names("removed").has(gone)).toBe(true);
    expect((await diff("HEAD", undefined)).json().summary).toEqual({
      added: 0,
      removed: 0,
      upgraded: 0,
      downgraded: 0,
      changed: 0,
    });
  });

  it("names an unknown revision and a directory outside git", async () => {
    await expect(diff("no-such-branch", "HEAD")).rejects.toMatchObject({
      code: "GIT",
      message: "unknown revision no-such-branch",
    });
    const outside = mkdtempSync(join(tmpdir(), "lk-no-git-"));
    temps.push(outside);
    await expect(diff("HEAD~1", undefined, {}, outside)).rejects.toMatchObject({
      code: "GIT",
      message: `not a git repository: ${outside}`,
    });
  });

  it("says the files are missing when two file names do not exist, inside git or not", async () => {
    const outside = mkdtempSync(join(tmpdir(), "lk-no-git-"));
    temps.push(outside);
    await expect(diff("old/package-lock.json", "new.json", {}, outside)).rejects.toMatchObject({
      code: "NOT_FOUND",
      message: "no such files: old/package-lock.json, new.json",
    });
    await expect(diff("./base-lock", "HEAD", {}, outside)).rejects.toMatchObject({
      code: "NOT_FOUND",
      message: "no such file: ./base-lock",
    });
  });
});

describe("lk diff between two files", () => {
  it("pairs two lockfiles whatever their paths (the NodeGoat v1 and v2 fixtures)", async () => {
    const v1 = join(LOCKFILES, "npm/nodegoat-v1/package-lock.json");
    const v2 = join(LOCKFILES, "npm/nodegoat-v2/package-lock.json");
    const { json, code } = await diff(v1, v2, { format: "json" }, tmpdir());
    expect(code).toBe(0);
    const report = json();
    expect(report.base.kind).toBe("path");
    // python: v2 − v1 has 9 name@version pairs (jshint@2.13.6 and lodash@4.17.21 are extra copies), v1 − v2 has 7.
    expect(
      report.lockfiles[0].changes
        .filter((c: JsonChange) => c.kind === "added")
        .map((c: JsonChange) => `${c.name}@${c.to?.version}`),
    ).toEqual(["jshint@2.13.6", "lodash@4.17.21"]);
    expect(report.lockfiles[0].changes.find((c: JsonChange) => c.name === "chalk")).toMatchObject({
      kind: "upgraded",
      from: { version: "4.1.0" },
      to: { version: "4.1.2" },
    });
  });

  it("reports licence changes and licences new to the lockfile, from the lockfiles' license fields", async () => {
    const dir = mkdtempSync(join(tmpdir(), "lk-licences-"));
    temps.push(dir);
    const lock = (packages: Record<string, [string, string]>) =>
      JSON.stringify({
        name: "demo",
        version: "1.0.0",
        lockfileVersion: 3,
        packages: {
          "": {
            name: "demo",
            version: "1.0.0",
            dependencies: Object.fromEntries(Object.keys(packages).map((n) => [n, "*"])),
          },
          ...Object.fromEntries(
            Object.entries(packages).map(([n, [version, license]]) => [
              `node_modules/${n}`,
              { version, license },
            ]),
          ),
        },
      });
    writeFileSync(join(dir, "old.json"), lock({ "left-pad": ["1.1.0", "MIT"], ms: ["2.1.3", "MIT"] }));
    writeFileSync(
      join(dir, "package-lock.json"),
      lock({ "left-pad": ["1.3.0", "WTFPL"], ms: ["2.1.3", "MIT"], readline: ["1.3.0", "GPL-3.0"] }),
    );
    // old.json is not a lockfile name: a side must be a lockfile or SBOM file.
    await expect(diff(join(dir, "old.json"), join(dir, "package-lock.json"), {}, dir)).rejects.toMatchObject({
      code: "UNKNOWN_FORMAT",
    });
    const base = join(dir, "base");
    mkdirSync(base);
    writeFileSync(
      join(base, "package-lock.json"),
      lock({ "left-pad": ["1.1.0", "MIT"], ms: ["2.1.3", "MIT"] }),
    );
    const report = (await diff("base/package-lock.json", "package-lock.json", {}, dir)).json();
    expect(report.lockfiles[0].licenceChanges).toEqual([
      {
        name: "left-pad",
        displayName: "left-pad",
        ecosystem: "npm",
        fromVersion: "1.1.0",
        toVersion: "1.3.0",
        from: "MIT",
        to: "WTFPL",
      },
    ]);
    expect(report.lockfiles[0].introducedLicences).toEqual([
      { licence: "GPL-3.0", packages: ["readline@1.3.0"] },
      { licence: "WTFPL", packages: ["left-pad@1.3.0"] },
    ]);
    const table = await diff("base/package-lock.json", "package-lock.json", { format: "table" }, dir);
    expect(table.out).toContain("licence of left-pad 1.1.0 → 1.3.0: MIT → WTFPL");
    expect(table.out).toContain("new licence GPL-3.0: readline@1.3.0");
  });

  it("without an advisory database: a note, unless --fail-on-new needs one", async () => {
    const v1 = join(LOCKFILES, "npm/nodegoat-v1/package-lock.json");
    const v2 = join(LOCKFILES, "npm/nodegoat-v2/package-lock.json");
    const noted = await diff(v1, v2, { db: join(tmpdir(), "lk-no-such-db"), format: "table" }, tmpdir());
    expect(noted.code).toBe(0);
    expect(noted.out).toContain("Vulnerabilities: not checked");
    await expect(
      diff(v1, v2, { db: join(tmpdir(), "lk-no-such-db"), failOnNew: "high" }, tmpdir()),
    ).rejects.toMatchObject({ code: "DB_MISSING" });
  });
});
