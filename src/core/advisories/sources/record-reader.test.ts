import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { strToU8, zipSync } from "fflate";
import { afterAll, describe, expect, it } from "vitest";
import { isLockkeeperError } from "../../errors.js";
import {
  NPM_OSV,
  npmOsvFiles,
  realRecordJson,
  removeTempDirs,
  tempDir,
} from "../store/test-support/real-advisories.js";
import { readOsvDirectory } from "./directory-source.js";
import { lockkeeperEcosystem, packageKey } from "./osv-ecosystems.js";
import { type ReadOutcome, readOsvDocument } from "./record-reader.js";
import { readOsvZip } from "./zip-source.js";

afterAll(removeTempDirs);

const real = (id: string): Record<string, unknown> => JSON.parse(realRecordJson().get(id) as string);

/** PYSEC-2020-341 affects `jw.util` (the one PyPI name in the data that PEP 503 changes). */
const JW_UTIL = "PYSEC-2020-341";

describe("readOsvDocument", () => {
  it("keeps a record with its normalised package keys and its JSON as decoded", () => {
    const json = realRecordJson().get(JW_UTIL) as string;
    const outcome = readOsvDocument(json, "jw.util/PYSEC-2020-341.json", "json");
    expect(outcome).toMatchObject({ kind: "record", keys: ["pypi:jw-util"], json });
  });

  it("reads YAML, keeping timestamps as strings", () => {
    const outcome = readOsvDocument(
      "id: PYSEC-1\nmodified: 2024-01-01T00:00:00Z\naffected:\n- package: {ecosystem: PyPI, name: Zope_Interface}\n",
      "a.yaml",
      "yaml",
    );
    expect(outcome).toMatchObject({
      kind: "record",
      keys: ["pypi:zope-interface"],
      json: '{"id":"PYSEC-1","modified":"2024-01-01T00:00:00Z","affected":[{"package":{"ecosystem":"PyPI","name":"Zope_Interface"}}]}',
    });
  });

  it("skips records of other ecosystems with the reason, and keeps mixed ones", () => {
    const go = real("NSWG-ECO-1") as { affected: [{ package: { ecosystem: string } }] };
    go.affected[0].package.ecosystem = "Go";
    expect(readOsvDocument(JSON.stringify(go), "go.json", "json")).toEqual({
      kind: "skipped",
      origin: "go.json",
      id: "NSWG-ECO-1",
      reason: "unsupported ecosystem Go",
    });
    const mixed = real("NSWG-ECO-1") as { affected: unknown[] };
    mixed.affected.push({ package: { ecosystem: "Go", name: "example.com/x" } });
    expect(readOsvDocument(JSON.stringify(mixed), "mixed.json", "json")).toMatchObject({
      kind: "record",
      keys: ["npm:bassmaster"],
    });
    const none = { id: "X-1", modified: "2024-01-01T00:00:00Z" };
    expect(readOsvDocument(JSON.stringify(none), "none.json", "json")).toMatchObject({
      kind: "skipped",
      reason: "no affected packages",
    });
  });

  it.each<[string, string | Uint8Array, "json" | "yaml", string]>([
    ["broken JSON", '{"id": "X-1",', "json", "b.json: invalid JSON: "],
    ["broken YAML", "id: [X-1\n", "yaml", "b.yaml: invalid YAML: "],
    ["invalid UTF-8", new Uint8Array([0x7b, 0xff, 0x7d]), "json", "b.json: not valid UTF-8"],
    ["schema violation", '{"id":"X-1"}', "json", "b.json (X-1): modified: required field is missing"],
  ])("rejects %s with the origin and reason", (_name, content, format, message) => {
    const outcome = readOsvDocument(content, `b.${format}`, format);
    expect(outcome.kind).toBe("rejected");
    expect((outcome as { error: string }).error.startsWith(message)).toBe(true);
  });
});

describe("ecosystem names", () => {
  it.each([
    ["npm", "npm"],
    ["PyPI", "pypi"],
    ["pypi", undefined],
    ["Go", undefined],
    ["Debian:11", undefined],
  ])("%s → %s", (osv, expected) => {
    expect(lockkeeperEcosystem(osv)).toBe(expected);
  });

  it.each([
    ["pypi", "Jw_Util", "pypi:jw-util"],
    ["pypi", "zope.interface", "pypi:zope-interface"],
    ["npm", "jQuery", "npm:jQuery"],
    ["npm", "@babel/core", "npm:@babel/core"],
  ] as const)("%s %s → %s", (ecosystem, name, key) => {
    expect(packageKey(ecosystem, name)).toBe(key);
  });
});

describe("readOsvDirectory", () => {
  it("reads every npm-osv record in name order", () => {
    const outcomes = [...readOsvDirectory(NPM_OSV)];
    expect(outcomes).toHaveLength(467);
    expect(outcomes.every((o) => o.kind === "record")).toBe(true);
    expect(outcomes[0]?.origin).toBe(join(NPM_OSV, "NSWG-ECO-1.json"));
  });

  it("recurses, reads .yml, passes over dotfiles and non-record files", () => {
    const dir = tempDir();
    mkdirSync(join(dir, "deep/er"), { recursive: true });
    mkdirSync(join(dir, ".git"));
    writeFileSync(join(dir, "deep/er/NSWG-ECO-1.json"), realRecordJson().get("NSWG-ECO-1") as string);
    writeFileSync(join(dir, "deep/PYSEC-2020-341.yml"), realRecordJson().get(JW_UTIL) as string);
    writeFileSync(join(dir, ".git/HEAD.json"), "{}");
    writeFileSync(join(dir, "LICENSE"), "MIT");
    writeFileSync(join(dir, "bad.json"), "[]");
    const outcomes = [...readOsvDirectory(dir)].map((o: ReadOutcome) => [
      o.origin.slice(dir.length + 1),
      o.kind,
    ]);
    expect(outcomes).toEqual([
      ["bad.json", "rejected"],
      ["deep/PYSEC-2020-341.yml", "record"],
      ["deep/er/NSWG-ECO-1.json", "record"],
    ]);
  });

  it("throws NOT_FOUND for a missing directory", () => {
    expect(() => [...readOsvDirectory("/nonexistent/advisories")]).toThrow(
      expect.objectContaining({
        code: "NOT_FOUND",
        message: "advisory source /nonexistent/advisories does not exist",
      }),
    );
  });
});

describe("readOsvZip", () => {
  it("reads records at any depth in entry-name order, rejecting bad ones", () => {
    const [[name1, bytes1], [name10, bytes10], [name100, bytes100]] = npmOsvFiles() as [
      [string, Uint8Array],
      [string, Uint8Array],
      [string, Uint8Array],
    ];
    const archive = zipSync({
      [name100]: bytes100,
      "nested/": new Uint8Array(),
      [`nested/${name1}`]: bytes1,
      [name10]: bytes10,
      "broken.json": strToU8("{"),
      "__MACOSX/._x.json": strToU8("junk"),
      "README.txt": strToU8("not a record"),
    });
    const outcomes = [...readOsvZip(archive, "all.zip")].map((o) => [o.origin, o.kind]);
    expect(outcomes).toEqual([
      ["all.zip:NSWG-ECO-10.json", "record"],
      ["all.zip:NSWG-ECO-100.json", "record"],
      ["all.zip:broken.json", "rejected"],
      ["all.zip:nested/NSWG-ECO-1.json", "record"],
    ]);
  });

  it("throws PARSE naming a damaged archive", () => {
    const archive = zipSync({ "a.json": strToU8(realRecordJson().get("NSWG-ECO-1") as string) });
    const damaged = archive.slice(0, archive.length - 30);
    try {
      [...readOsvZip(damaged, "/tmp/all.zip")];
      expect.unreachable();
    } catch (error: unknown) {
      expect(isLockkeeperError(error) && error.code).toBe("PARSE");
      expect((error as Error).message).toMatch(/^not a readable zip archive: /);
      expect((error as { file: string }).file).toBe("/tmp/all.zip");
    }
  });
});
