import { mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { strToU8, zipSync } from "fflate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openAdvisoryDb } from "./advisory-db.js";
import { type ImportSummary, importOsv } from "./import.js";
import { shippedAdvisoryDbDir } from "./paths.js";
import {
  NPM_OSV,
  npmOsvFiles,
  PYPA_VULNS,
  realRecordJson,
  removeTempDirs,
  SHIPPED_DB,
  tempDir,
} from "./test-support/real-advisories.js";

afterAll(removeTempDirs);

/** The labels and dates scripts/build-advisory-snapshot.mjs uses (newest `modified` per source). */
const NPM_SOURCE = { label: "nodejs/security-wg", now: new Date("2020-07-13T00:00:00.000Z") };
const PYPA_SOURCE = { label: "pypa/advisory-database", now: new Date("2024-10-10T17:22:00.587279Z") };

describe("importOsv from the real directories", () => {
  const dir = join(tempDir(), "db");
  let npm: ImportSummary;
  let pypa: ImportSummary;

  beforeAll(() => {
    npm = importOsv(dir, NPM_OSV, NPM_SOURCE);
    pypa = importOsv(dir, PYPA_VULNS, PYPA_SOURCE);
  });

  it("stores every record and reports nothing skipped or rejected", () => {
    expect([npm.read, npm.added, npm.skipped, npm.rejected]).toEqual([467, 467, [], []]);
    expect([pypa.read, pypa.added, pypa.skipped, pypa.rejected]).toEqual([2661, 2661, [], []]);
    expect(pypa.meta.records).toEqual({ total: 3128, withdrawn: 10, npm: 467, pypi: 2661 });
    expect(pypa.meta.sources.map((s) => [s.name, s.records, s.cursor])).toEqual([
      ["nodejs/security-wg", 467, "2020-07-13T00:00:00.000Z"],
      ["pypa/advisory-database", 2661, "2024-10-10T17:22:00.587279Z"],
    ]);
  });

  it("builds the shipped snapshot byte for byte (the committed data/advisories is current)", () => {
    for (const file of ["records.bin", "index.bin", "meta.json"]) {
      expect(readFileSync(join(dir, file)).equals(readFileSync(join(SHIPPED_DB, file))), file).toBe(true);
    }
  });

  it.each<[string, "npm" | "pypi", string, string[] | number]>([
    ["a PEP 503 variant of jw.util", "pypi", "JW_Util", ["PYSEC-2020-341"]],
    ["jw.util as published", "pypi", "jw.util", ["PYSEC-2020-341"]],
    ["Django, capitalised", "pypi", "Django", 116],
    ["Pillow", "pypi", "PILLOW", 51],
    ["redis, with a withdrawn record", "pypi", "redis", ["PYSEC-2023-45", "PYSEC-2023-46", "PYSEC-2023-73"]],
    ["lodash", "npm", "lodash", ["NSWG-ECO-368", "NSWG-ECO-493", "NSWG-ECO-516"]],
    ["npm names are case-sensitive: jQuery", "npm", "jQuery", ["NSWG-ECO-496"]],
    [
      "npm names are case-sensitive: jquery",
      "npm",
      "jquery",
      ["NSWG-ECO-328", "NSWG-ECO-329", "NSWG-ECO-330"],
    ],
    ["a name in the other ecosystem", "pypi", "lodash", []],
    ["an unknown package", "npm", "no-such-package", []],
  ])("query: %s", (_name, ecosystem, name, expected) => {
    const db = openAdvisoryDb(dir);
    const ids = db?.recordsOf(ecosystem, name).map((r) => r.id);
    db?.close();
    if (typeof expected === "number") expect(ids).toHaveLength(expected);
    else expect(ids).toEqual(expected);
  });

  it("gets records by id and by alias, case-insensitively, and shows withdrawn ones", () => {
    const db = openAdvisoryDb(dir);
    if (!db) throw new Error("no database");
    expect(db.get("NSWG-ECO-1")?.affected?.[0]?.package?.name).toBe("bassmaster");
    expect(db.get("nswg-eco-1")).toBeUndefined();
    expect(db.recordsNamed("cve-2024-22194").map((r) => r.id)).toEqual(["PYSEC-2024-5", "PYSEC-2024-6"]);
    expect(db.recordsNamed("GHSA-rgrf-6mf5-m882").map((r) => r.id)).toEqual(["PYSEC-2024-5", "PYSEC-2024-6"]);
    expect(db.recordsNamed("pysec-2024-5").map((r) => r.id)).toEqual(["PYSEC-2024-5"]);
    expect(db.get("PYSEC-2023-73")?.withdrawn).toBe("2023-06-06T10:37:00Z");
    expect([db.isWithdrawn("PYSEC-2023-73"), db.isWithdrawn("PYSEC-2023-45")]).toEqual([true, false]);
    const ids = db.ids();
    expect([ids.length, ids[0], ids.at(-1)]).toEqual([3128, "NSWG-ECO-1", "PYSEC-2024-99"]);
    expect(db.hasPackage("pypi", "Jw.Util")).toBe(true);
    // The same object each time: records are parsed once.
    expect(db.get("NSWG-ECO-1")).toBe(db.recordsOf("npm", "bassmaster")[0]);
    db.close();
    expect(() => db.get("NSWG-ECO-2")).toThrow(/is closed/);
  });

  it("returns each record as stored, equal to its source file", () => {
    const db = openAdvisoryDb(dir);
    expect(db?.get("NSWG-ECO-1")).toEqual(JSON.parse(readFileSync(join(NPM_OSV, "NSWG-ECO-1.json"), "utf8")));
    db?.close();
  });

  it("re-imports an unchanged source without changing a byte", () => {
    const before = readFileSync(join(dir, "records.bin"));
    const again = importOsv(dir, NPM_OSV, NPM_SOURCE);
    expect([again.added, again.updated, again.unchanged, again.removed]).toEqual([0, 0, 467, 0]);
    expect(readFileSync(join(dir, "records.bin")).equals(before)).toBe(true);
  });
});

describe("importOsv from a zip", () => {
  const files = npmOsvFiles();
  const go = JSON.parse(realRecordJson().get("NSWG-ECO-1") as string);
  go.id = "GO-2024-0001";
  go.affected[0].package = { ecosystem: "Go", name: "example.com/mod" };

  function zip(entries: [string, Uint8Array][]): string {
    const path = join(tempDir(), "all.zip");
    writeFileSync(path, zipSync(Object.fromEntries(entries)));
    return path;
  }

  it("imports OSV's all.zip layout, reporting other ecosystems and bad files", () => {
    const dir = join(tempDir(), "db");
    const summary = importOsv(
      dir,
      zip([
        ...files,
        ["GO-2024-0001.json", strToU8(JSON.stringify(go))],
        ["BAD-1.json", strToU8('{"id":"BAD-1"}')],
      ]),
      { label: "test-zip" },
    );
    expect([summary.read, summary.added]).toEqual([469, 467]);
    expect(summary.skipped).toEqual([
      {
        kind: "skipped",
        origin: expect.stringMatching(/all\.zip:GO-2024-0001\.json$/),
        id: "GO-2024-0001",
        reason: "unsupported ecosystem Go",
      },
    ]);
    expect(summary.rejected.map((r) => r.error)).toEqual([
      expect.stringMatching(/all\.zip:BAD-1\.json \(BAD-1\): modified: required field is missing$/),
    ]);
    const source = summary.meta.sources[0];
    expect([source?.skipped, source?.rejected, source?.rejectedExamples.length]).toEqual([
      { "unsupported ecosystem Go": 1 },
      1,
      1,
    ]);
    const db = openAdvisoryDb(dir);
    expect(db?.recordsOf("npm", "bassmaster").map((r) => r.id)).toEqual(["NSWG-ECO-1"]);
    expect(db?.get("GO-2024-0001")).toBeUndefined();
    db?.close();
  });

  it("replaces the source on re-import: changed, removed, newer-wins across sources", () => {
    const dir = join(tempDir(), "db");
    importOsv(dir, zip(files), { label: "npm-zip" });
    const changed = JSON.parse(realRecordJson().get("NSWG-ECO-1") as string);
    changed.details = "changed";
    changed.modified = "2025-01-01T00:00:00Z";
    const next = files.filter(([name]) => name !== "NSWG-ECO-10.json" && name !== "NSWG-ECO-100.json");
    next[0] = ["NSWG-ECO-1.json", strToU8(JSON.stringify(changed))];
    const summary = importOsv(dir, zip(next), { label: "npm-zip" });
    expect([summary.added, summary.updated, summary.unchanged, summary.removed]).toEqual([0, 1, 464, 2]);

    // Another source holding an older copy of NSWG-ECO-1 does not override the newer one.
    const older = join(tempDir(), "older");
    mkdirSync(older);
    writeFileSync(join(older, "NSWG-ECO-1.json"), realRecordJson().get("NSWG-ECO-1") as string);
    const other = importOsv(dir, older, { label: "other" });
    expect(other.skipped.map((s) => s.reason)).toEqual(["older than the stored copy from npm-zip"]);
    const db = openAdvisoryDb(dir);
    expect([db?.size, db?.get("NSWG-ECO-1")?.details, db?.get("NSWG-ECO-10")]).toEqual([
      465,
      "changed",
      undefined,
    ]);
    db?.close();
  });

  it("starts from a seed database when the folder has none", () => {
    const dir = join(tempDir(), "db");
    const summary = importOsv(
      dir,
      zip([
        [
          "GO-2024-0001.json",
          strToU8(
            JSON.stringify({ ...go, id: "X-1", affected: [{ package: { ecosystem: "npm", name: "x" } }] }),
          ),
        ],
      ]),
      {
        label: "extra",
        seed: SHIPPED_DB,
      },
    );
    expect(summary.meta.records.total).toBe(3129);
    expect(summary.meta.sources.map((s) => s.name)).toEqual([
      "extra",
      "nodejs/security-wg",
      "pypa/advisory-database",
    ]);
  });
});

describe("the shipped snapshot", () => {
  it("is found from the module and opens in place without writing", () => {
    expect(shippedAdvisoryDbDir()).toBe(SHIPPED_DB);
    const before = statSync(join(SHIPPED_DB, "meta.json")).mtimeMs;
    const db = openAdvisoryDb(shippedAdvisoryDbDir());
    expect([db?.size, db?.meta.updatedAt]).toEqual([3128, "2024-10-10T17:22:00.587Z"]);
    expect(db?.recordsOf("pypi", "django")).toHaveLength(116);
    db?.close();
    expect(statSync(join(SHIPPED_DB, "meta.json")).mtimeMs).toBe(before);
  });
});
