import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { LOCKFILES } from "../../test-support/fixtures.js";
import { DiskFiles } from "../files/project-files.js";
import { detectLockfiles } from "./detect-lockfiles.js";
import { loadInventory } from "./load-inventory.js";

let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "lk-detect-"));
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function write(path: string, content: string): void {
  mkdirSync(dirname(join(dir, path)), { recursive: true });
  writeFileSync(join(dir, path), content);
}

function copyFixture(from: string, to: string): void {
  mkdirSync(dirname(join(dir, to)), { recursive: true });
  copyFileSync(join(LOCKFILES, from), join(dir, to));
}

function detected(): string[] {
  return detectLockfiles(dir, new DiskFiles(dir), () => false).map((d) => `${d.path} ${d.parser.format}`);
}

describe("lockfile detection", () => {
  it("finds pylock.toml and named pylock.<name>.toml files, and pdm.lock", () => {
    copyFixture("python/ldlite-pdm-pylock/pylock.toml", "app/pylock.toml");
    copyFixture("python/ldlite-pdm-pylock/pylock.minimal.toml", "app/pylock.minimal.toml");
    copyFixture("python/marko-pdm/pdm.lock", "lib/pdm.lock");
    write("app/pylock.not.a.lock.toml", "");
    expect(detected()).toEqual([
      "app/pylock.minimal.toml pylock",
      "app/pylock.toml pylock",
      "lib/pdm.lock pdm-lock",
    ]);
  });

  it("leaves out a bun.lockb beside a bun.lock, as Bun reads bun.lock first", () => {
    copyFixture("bun/elysia/bun.lock", "web/bun.lock");
    copyFixture("bun/elysia-test-node-cjs-lockb/bun.lockb", "web/bun.lockb");
    expect(detected()).toEqual(["web/bun.lock bun-lock"]);
  });

  it("leaves out a pip-tools input beside its compiled lock", () => {
    write("requirements/main.in", "flask\n");
    write("requirements/main.txt", "flask==3.0.0\n");
    write("requirements/extra.in", "rich\n");
    expect(detected()).toEqual([
      "requirements/extra.in requirements-in",
      "requirements/main.txt requirements",
    ]);
  });

  it("reports a lone bun.lockb as not read, without opening it, and reads the rest", () => {
    copyFixture("bun/elysia-test-node-cjs-lockb/bun.lockb", "legacy/bun.lockb");
    copyFixture("bun/hono/bun.lock", "web/bun.lock");
    const read: string[] = [];
    const inventory = loadInventory(".", { cwd: dir, onFileRead: (path) => read.push(path) });
    // `lk push` sends the files read: a binary lockfile is not among them.
    expect(read.some((path) => path.endsWith("bun.lockb"))).toBe(false);
    const legacy = inventory.snapshots.find((s) => s.lockfile.path === "legacy/bun.lockb");
    expect(legacy?.coverage.unreadable).toEqual({
      reason:
        "Bun's binary lockfile cannot be read; `bun install --save-text-lockfile` writes the text bun.lock, which can",
    });
    expect(inventory.snapshots.find((s) => s.lockfile.path === "web/bun.lock")?.packages).toHaveLength(1012);
  });
});
