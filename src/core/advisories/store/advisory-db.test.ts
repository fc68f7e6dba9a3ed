import { copyFileSync, mkdirSync, readFileSync, rmSync, truncateSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { isLockkeeperError, type LockkeeperError } from "../../errors.js";
import { type AdvisoryDb, openAdvisoryDb } from "./advisory-db.js";
import { importOsv } from "./import.js";
import { removeTempDirs, SHIPPED_DB, tempDir } from "./test-support/real-advisories.js";

afterAll(removeTempDirs);

/** A writable copy of the shipped snapshot. */
function copyOfShipped(): string {
  const dir = join(tempDir(), "db");
  mkdirSync(dir);
  for (const file of ["records.bin", "index.bin", "meta.json"])
    copyFileSync(join(SHIPPED_DB, file), join(dir, file));
  return dir;
}

/** Byte offset of an index section, from the index header. */
function sectionOffset(indexPath: string, name: string): number {
  const bytes = readFileSync(indexPath);
  const header = JSON.parse(bytes.toString("utf8", 12, 12 + bytes.readUInt32LE(8)));
  return header.sections.find((s: { name: string }) => s.name === name).offset;
}

function openError(dir: string): LockkeeperError {
  try {
    openAdvisoryDb(dir)?.close();
  } catch (error: unknown) {
    if (isLockkeeperError(error)) return error;
    throw error;
  }
  throw new Error("opened a damaged database");
}

describe("openAdvisoryDb", () => {
  it("returns undefined for a missing or empty folder", () => {
    const dir = tempDir();
    expect(openAdvisoryDb(join(dir, "missing"))).toBeUndefined();
    expect(openAdvisoryDb(dir)).toBeUndefined();
  });

  it.each<[string, (dir: string) => void, string, string | RegExp]>([
    ["meta.json missing", (dir) => rmSync(join(dir, "meta.json")), "meta.json", "meta.json is missing"],
    [
      "meta.json not JSON",
      (dir) => writeFileSync(join(dir, "meta.json"), "{"),
      "meta.json",
      // The JSON message itself differs between Node versions.
      /^meta\.json is unreadable: Expected property name or '\}' in JSON at position 1/,
    ],
    [
      "meta.json of the wrong shape",
      (dir) => writeFileSync(join(dir, "meta.json"), '{"format":1}'),
      "meta.json",
      "meta.json is unreadable: updatedAt: Invalid input: expected string, received undefined",
    ],
    [
      "records.bin truncated",
      (dir) => truncateSync(join(dir, "records.bin"), 1000),
      "records.bin",
      "records.bin is 1000 bytes, meta.json says 5311562",
    ],
    [
      "records.bin missing",
      (dir) => rmSync(join(dir, "records.bin")),
      "records.bin",
      "records.bin cannot be opened",
    ],
    [
      "index.bin truncated",
      (dir) => truncateSync(join(dir, "index.bin"), 100),
      "index.bin",
      "index.bin is 100 bytes, meta.json says 370776",
    ],
    [
      "index.bin with a bad magic",
      (dir) => {
        const bytes = readFileSync(join(dir, "index.bin"));
        bytes.write("GARBAGE!", 0, "latin1");
        writeFileSync(join(dir, "index.bin"), bytes);
      },
      "index.bin",
      "not a Lockkeeper advisory index (bad magic)",
    ],
    [
      "index.bin with a posting out of range",
      (dir) => {
        const path = join(dir, "index.bin");
        const bytes = readFileSync(path);
        bytes.writeUInt32LE(0xffffffff, sectionOffset(path, "package.postings"));
        writeFileSync(path, bytes);
      },
      "index.bin",
      "index table package: posting 0 points past the last record",
    ],
  ])("reports a damaged folder: %s", (_name, damage, file, problem) => {
    const dir = copyOfShipped();
    damage(dir);
    const error = openError(dir);
    expect(error.code).toBe("PARSE");
    expect(error.file).toBe(join(dir, file));
    expect(error.message.startsWith("advisory database is damaged: ")).toBe(true);
    const detail = error.message.slice("advisory database is damaged: ".length);
    if (typeof problem === "string") expect(detail).toBe(problem);
    else expect(detail).toMatch(problem);
    expect(error.hint).toBe(`delete ${dir} and run "lk db update" to rebuild it`);
  });

  it("reports a database of another format version", () => {
    const dir = copyOfShipped();
    const meta = JSON.parse(readFileSync(join(dir, "meta.json"), "utf8"));
    writeFileSync(join(dir, "meta.json"), JSON.stringify({ ...meta, format: 99 }));
    expect(openError(dir).message).toBe(
      "advisory database format 99 is not supported (this Lockkeeper reads format 1)",
    );
  });

  it("reports a record damaged in place when it is read", () => {
    const dir = copyOfShipped();
    const path = join(dir, "records.bin");
    const bytes = readFileSync(path);
    bytes.write("#", 0, "latin1"); // the first record is NSWG-ECO-1
    writeFileSync(path, bytes);
    const db = openAdvisoryDb(dir) as AdvisoryDb;
    expect(db.get("NSWG-ECO-10")?.id).toBe("NSWG-ECO-10");
    expect(() => db.get("NSWG-ECO-1")).toThrow(
      expect.objectContaining({
        code: "PARSE",
        message: "advisory database is damaged: record 0 is not valid JSON",
      }),
    );
    db.close();
  });
});

describe("writing", () => {
  it("refuses to replace a folder that is not a database", () => {
    const dir = tempDir();
    writeFileSync(join(dir, "notes.txt"), "mine");
    expect(() => importOsv(dir, tempDir())).toThrow(
      expect.objectContaining({
        code: "USAGE",
        message: `${dir} is not an advisory database: it holds other files and no meta.json`,
      }),
    );
    expect(readFileSync(join(dir, "notes.txt"), "utf8")).toBe("mine");
  });

  it("creates an empty database from an empty source", () => {
    const dir = join(tempDir(), "nested/db");
    const summary = importOsv(dir, tempDir(), { label: "empty" });
    expect(summary.meta.records.total).toBe(0);
    const db = openAdvisoryDb(dir) as AdvisoryDb;
    expect([db.size, db.ids(), db.recordsOf("npm", "x")]).toEqual([0, [], []]);
    db.close();
  });
});
