import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { readSavedPackument } from "./saved-packuments.js";

describe("readSavedPackument", () => {
  const dir = mkdtempSync(join(tmpdir(), "lk-saved-packuments-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const packument = (name: string) =>
    JSON.stringify({ name, versions: { "1.0.0": { license: "MIT" }, "1.1.0": {} } });

  it("reads plain and scoped names in either file spelling, with the client's parser", () => {
    writeFileSync(join(dir, "plain.json"), packument("plain"));
    writeFileSync(join(dir, "@a%2fencoded.json"), packument("@a/encoded"));
    mkdirSync(join(dir, "@b"));
    writeFileSync(join(dir, "@b/nested.json"), packument("@b/nested"));
    for (const name of ["plain", "@a/encoded", "@b/nested"]) {
      expect(Object.keys(readSavedPackument(dir, name)?.versions ?? {})).toEqual(["1.0.0", "1.1.0"]);
    }
    expect(readSavedPackument(dir, "plain")?.versions["1.0.0"]?.license).toBe("MIT");
  });

  it("answers undefined for a missing file, broken JSON or a document without versions", () => {
    writeFileSync(join(dir, "broken.json"), "{");
    writeFileSync(join(dir, "odd.json"), JSON.stringify({ name: "odd" }));
    for (const name of ["missing", "broken", "odd"]) expect(readSavedPackument(dir, name)).toBeUndefined();
  });
});
