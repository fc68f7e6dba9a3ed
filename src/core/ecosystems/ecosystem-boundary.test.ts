import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { ECOSYSTEM_IDS } from "./ids.js";
import { ECOSYSTEMS } from "./index.js";

const SRC = join(dirname(fileURLToPath(import.meta.url)), "../..");

/**
 * Files outside `core/ecosystems/` that still name an ecosystem: the tool drivers (imports, the
 * production install, add and update) not yet moved behind the adapter interface. The list may
 * only shrink: a file that no longer names an ecosystem must leave it.
 */
const NOT_YET_MOVED = [
  "core/imports/check-imports.ts",
  "core/imports/declared-dependencies.ts",
  "core/imports/unused-dependencies.ts",
];

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
    expect(naming).toEqual(NOT_YET_MOVED);
  });
});
