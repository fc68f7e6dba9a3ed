import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { goldenText, REPO_ROOT } from "./test-support/golden-text.js";

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

  it("ends quietly with 141 when the reader of its output goes away (`lk … | head -1`)", async () => {
    // Megabytes of JSON: more than a pipe holds, so the binary is still writing when the reader goes.
    const child = spawn(process.execPath, [BIN, "inventory", "-f", "json", "fixtures/lockfiles/npm"], {
      cwd: REPO_ROOT,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.stdout.once("data", () => child.stdout.destroy());
    const code = await new Promise<number | null>((resolve) =>
      child.on("close", (status) => resolve(status)),
    );
    expect({ code, stderr }).toEqual({ code: 141, stderr: "" });
  });

  // The bundle evaluates modules in its own order: what passes in-process must pass here too.
  it.each(["inventory.json", "scan.json", "sbom-cyclonedx.json", "licenses.json", "why.txt", "explain.txt"])(
    "prints what the golden file %s holds",
    (name) => {
      const golden = readFileSync(join(REPO_ROOT, "src/cli/golden", name), "utf8");
      const args = (/^\$ lk (.*)$/m.exec(golden)?.[1] ?? "").split(" ");
      const cache = mkdtempSync(join(tmpdir(), "lk-binary-cache-"));
      try {
        const result = spawnSync(process.execPath, [BIN, ...args], {
          cwd: REPO_ROOT,
          encoding: "utf8",
          env: { ...process.env, XDG_CACHE_HOME: cache, NO_COLOR: "1" },
          maxBuffer: 1 << 26,
        });
        const run = { args, code: result.status, out: result.stdout, err: result.stderr };
        expect(goldenText(run, REPO_ROOT, cache)).toBe(golden);
      } finally {
        rmSync(cache, { recursive: true, force: true });
      }
    },
  );
});
