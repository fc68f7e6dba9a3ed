import { execFile } from "node:child_process";
import { rmSync } from "node:fs";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeProject } from "../../core/imports/test-support/write-project.js";
import { type LocalRegistry, startNpmRegistry } from "../../core/verify-prod/test-support/npm-registry.js";
import { isolatedInstallEnv } from "../../core/verify-prod/test-support/test-env.js";
import { validateDocument } from "../../test-support/json-schemas.js";
import { EXIT } from "../exit-codes.js";
import { bufferIo } from "../io.js";
import { run } from "../run.js";
import { verifyProdCommand } from "./verify-prod.js";

describe("lk verify-prod", () => {
  let registry: LocalRegistry;
  let project: string;
  const { env, home } = isolatedInstallEnv();

  beforeAll(async () => {
    registry = await startNpmRegistry([
      { name: "tiny-prod", version: "1.0.0", files: { "index.js": "module.exports = 'prod';\n" } },
      { name: "tiny-dev", version: "1.0.0", files: { "index.js": "module.exports = 'dev';\n" } },
    ]);
    project = writeProject({
      "package.json": JSON.stringify({
        name: "app",
        dependencies: { "tiny-prod": "1.0.0" },
        devDependencies: { "tiny-dev": "1.0.0" },
      }),
      ".npmrc": `registry=${registry.url}\n`,
    });
    await promisify(execFile)("npm", ["install", "--package-lock-only", "--ignore-scripts"], {
      cwd: project,
      env,
    });
  }, 120_000);
  afterAll(async () => {
    await registry?.close();
    rmSync(project, { recursive: true, force: true });
    rmSync(home, { recursive: true, force: true });
  });

  it("reports both installs and the smoke command, with progress on a terminal", async () => {
    // Through the CLI's entry, which clears the progress line before the report.
    const io = Object.assign(bufferIo(project), { env, isTTY: true });
    const code = await run(["verify-prod", ".", "--smoke", `node -e "require('tiny-prod')"`], io);
    expect(code).toBe(EXIT.OK);
    expect(io.out).toMatch(
      /^Production-only install of the project in the current directory: npm packages from package-lock\.json, installed with npm; smoke command run in it; full install \(with dev\) for comparison\.$/m,
    );
    expect(io.out).toMatch(
      /^production\s+ok\s+1\s+[\d.]+ K?B\s+[\d.]+ s\s+npm ci --omit=dev --no-audit --no-fund$/m,
    );
    expect(io.out).toMatch(/^full \(with dev\)\s+ok\s+2\s+[\d.]+ K?B\s+[\d.]+ s\s+npm ci --include=dev/m);
    expect(io.out).toMatch(/^Production leaves out 1 of 2 packages/m);
    expect(io.out).toContain(
      `Smoke command in the production install: node -e "require('tiny-prod')"\n  passed in`,
    );
    expect(io.out).toMatch(/Production install verified\.\n$/);
    expect(io.err).toContain("production install: npm ci --omit=dev");
    expect(io.err.endsWith("\r\u001b[K")).toBe(true);
    // The report comes after the progress line is cleared, never on top of it.
    expect(io.err.split("\r\u001b[K").length).toBeGreaterThan(2);
  }, 120_000);

  it("exits 1 with the smoke command's output when it needs a development package", async () => {
    const io = Object.assign(bufferIo(project), { env });
    const code = await verifyProdCommand(io, ".", {
      format: "json",
      smoke: `node -e "require('tiny-dev')"`,
      full: false,
    });
    expect(code).toBe(EXIT.FINDINGS);
    expect(io.err).toBe("");
    const report = JSON.parse(io.out);
    expect(validateDocument("verify-prod", report).messages).toEqual([]);
    expect(report).toMatchObject({
      schemaVersion: 1,
      ok: false,
      manager: "npm",
      prod: { ok: true, packages: 1 },
    });
    expect(report.smoke.exitCode).toBe(1);
    expect(report.smoke.outputTail).toContain("Cannot find module 'tiny-dev'");
    expect(report.full).toBeUndefined();
  }, 120_000);

  it("rejects a bad --timeout as a usage error", async () => {
    const io = Object.assign(bufferIo(project), { env });
    await expect(
      verifyProdCommand(io, ".", { format: "table", smoke: "true", timeout: "soon" }),
    ).rejects.toMatchObject({
      code: "USAGE",
    });
  });
});
