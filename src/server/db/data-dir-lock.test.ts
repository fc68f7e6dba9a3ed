import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { lockDataDir } from "./data-dir-lock.js";

describe("the PGlite data folder lock", () => {
  let dir: string;
  let other: ChildProcess | undefined;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "lk-data-lock-"));
  });
  afterEach(() => {
    other?.kill("SIGKILL");
    other = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  it("refuses a folder another running process holds, naming it", () => {
    other = spawn("sleep", ["30"], { stdio: "ignore" });
    writeFileSync(join(dir, "lockkeeper.pid"), `${other.pid}\n`);
    expect(() => lockDataDir(dir)).toThrow(`the data folder ${dir} is in use by process ${other.pid}`);
  });

  it("takes over a lock whose process is gone, and releases it", async () => {
    other = spawn("true", [], { stdio: "ignore" });
    const pid = other.pid;
    await new Promise((resolve) => other?.once("exit", resolve));
    writeFileSync(join(dir, "lockkeeper.pid"), `${pid}\n`);
    const release = lockDataDir(dir);
    expect(readFileSync(join(dir, "lockkeeper.pid"), "utf8")).toBe(`${process.pid}\n`);
    release();
    expect(existsSync(join(dir, "lockkeeper.pid"))).toBe(false);
  });
});
