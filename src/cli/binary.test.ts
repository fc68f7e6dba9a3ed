import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { REPO_ROOT } from "../test-support/shared-data.js";

/** The built binary as a user runs it (npm test builds first). */
const BIN = join(REPO_ROOT, "dist/bundle/main.js");

function lk(...args: string[]) {
  return spawnSync(process.execPath, [BIN, ...args], { cwd: REPO_ROOT, encoding: "utf8" });
}

describe("the lk binary", () => {
  it("prints its version", () => {
    const result = lk("--version");
    expect(result.status).toBe(0);
    expect(result.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it("explains itself in --help", () => {
    const result = lk("--help");
    expect(result.status).toBe(0);
    for (const command of ["inventory", "why", "sbom", "config"]) expect(result.stdout).toContain(command);
    expect(result.stdout).toContain("Exit codes");
  });

  it("fails on bad input with a message and no stack trace", () => {
    const result = lk("inventory", "does-not-exist");
    expect(result.status).toBe(2);
    expect(result.stderr).toBe("lk: error: no such file or directory: does-not-exist\n");
  });
});
