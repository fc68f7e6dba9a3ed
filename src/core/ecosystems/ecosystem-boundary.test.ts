import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { ECOSYSTEM_IDS } from "./ids.js";
import { ECOSYSTEMS } from "./index.js";

const SRC = join(dirname(fileURLToPath(import.meta.url)), "../..");

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "test-support" ? [] : sourceFiles(path);
    return entry.name.endsWith(".ts") && !entry.name.endsWith(".test.ts") ? [path] : [];
  });
}

describe("the ecosystem boundary", () => {
  it("lists the registered ecosystems' ids where the CLI and config schema need them", () => {
    expect(ECOSYSTEMS.map((adapter) => adapter.ecosystem)).toEqual([...ECOSYSTEM_IDS]);
  });

  it("keeps every branch on an ecosystem inside core/ecosystems", () => {
    const named = new RegExp(`(["'])(${ECOSYSTEM_IDS.join("|")})\\1`);
    const naming = sourceFiles(SRC)
      .map((file) => relative(SRC, file).split("\\").join("/"))
      .filter((file) => !file.startsWith("core/ecosystems/"))
      .filter((file) => named.test(readFileSync(join(SRC, file), "utf8")))
      .sort();
    expect(naming).toEqual([]);
  });
});
