import { execFile } from "node:child_process";
import { rmSync } from "node:fs";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeProject } from "../imports/test-support/write-project.js";
import { type LocalRegistry, startNpmRegistry } from "./test-support/npm-registry.js";
import { type LocalIndex, startPypiIndex } from "./test-support/pypi-index.js";
import { isolatedInstallEnv } from "./test-support/test-env.js";
import { DEFAULT_VERIFY_PROD_SETTINGS, type VerifyProdSettings } from "./types.js";
import { verifyProd } from "./verify-prod.js";

const roots: string[] = [];
afterAll(() => {
  for (const root of roots) rmSync(root, { recursive: true, force: true });
});

function settings(overrides: Partial<VerifyProdSettings>): VerifyProdSettings {
  return { ...DEFAULT_VERIFY_PROD_SETTINGS, ...overrides };
}

describe("verifyProd on an npm project with a local registry", () => {
  let registry: LocalRegistry;
  let project: string;
  const { env, home } = isolatedInstallEnv();

  beforeAll(async () => {
    registry = await startNpmRegistry([
      { name: "tiny-prod", version: "1.0.0", files: { "index.js": "module.exports = 'prod';\n" } },
      { name: "tiny-dev", version: "2.0.0", files: { "index.js": "module.exports = 'dev';\n".repeat(200) } },
    ]);
    project = writeProject({
      "package.json": JSON.stringify({
        name: "app",
        version: "1.0.0",
        dependencies: { "tiny-prod": "1.0.0" },
        devDependencies: { "tiny-dev": "2.0.0" },
      }),
      ".npmrc": `registry=${registry.url}\n`,
      "src/index.js": "console.log(require('tiny-prod'));\n",
    });
    roots.push(project);
    // Asynchronously: the registry answers from this very process.
    await promisify(execFile)("npm", ["install", "--package-lock-only", "--ignore-scripts"], {
      cwd: project,
      env,
    });
  }, 120_000);
  afterAll(async () => {
    await registry?.close();
    rmSync(home, { recursive: true, force: true });
  });

  it("passes when the smoke command needs production packages only, and compares the installs", async () => {
    const result = await verifyProd({
      root: project,
      target: ".",
      settings: settings({ smoke: "node src/index.js" }),
      env,
    });
    expect(result.smoke).toMatchObject({
      command: "node src/index.js",
      ok: true,
      exitCode: 0,
      timedOut: false,
    });
    expect(result.smoke?.outputTail).toBe("prod\n");
    expect(result.prod).toMatchObject({
      mode: "prod",
      ok: true,
      packages: 1,
      commands: ["npm ci --omit=dev --no-audit --no-fund"],
    });
    expect(result.full).toMatchObject({
      mode: "full",
      ok: true,
      packages: 2,
      commands: ["npm ci --include=dev --no-audit --no-fund"],
    });
    // tiny-dev's index.js alone is 200 × 24 bytes.
    expect((result.full?.bytes ?? 0) - result.prod.bytes).toBeGreaterThanOrEqual(4800);
    expect(result).toMatchObject({
      ecosystem: "npm",
      manager: "npm",
      lockfile: "package-lock.json",
      ok: true,
    });
  }, 120_000);

  it("fails when the smoke command needs a development package", async () => {
    const result = await verifyProd({
      root: project,
      target: ".",
      settings: settings({ smoke: `node -e "require('tiny-dev')"`, full: false }),
      env,
    });
    expect(result.ok).toBe(false);
    expect(result.prod.ok).toBe(true);
    expect(result.smoke).toMatchObject({ ok: false, exitCode: 1 });
    expect(result.smoke?.outputTail).toContain("Cannot find module 'tiny-dev'");
    expect(result.full).toBeUndefined();
  }, 120_000);
});

describe("verifyProd on a Python project with a local package index", () => {
  let index: LocalIndex;
  let project: string;
  const { env, home } = isolatedInstallEnv();

  beforeAll(async () => {
    index = await startPypiIndex([
      { name: "tinyprod", version: "1.0.0", files: { "tinyprod/__init__.py": "VALUE = 'prod'\n" } },
      { name: "tinydev", version: "2.0.0", files: { "tinydev/__init__.py": "VALUE = 'dev'\n" } },
    ]);
    project = writeProject({
      "requirements.txt": "tinyprod==1.0.0\n",
      "requirements-dev.txt": "tinydev==2.0.0\n",
      "app.py": "import tinyprod\nprint(tinyprod.VALUE)\n",
    });
    roots.push(project);
  });
  afterAll(async () => {
    await index?.close();
    rmSync(home, { recursive: true, force: true });
  });

  it("installs the production lock into a fresh venv from the index and runs the smoke command there", async () => {
    const result = await verifyProd({
      root: project,
      target: ".",
      settings: settings({ smoke: "python app.py", indexUrl: index.url }),
      env,
    });
    expect(result.smoke).toMatchObject({ ok: true, exitCode: 0, outputTail: "prod\n" });
    expect(result.prod).toMatchObject({
      ok: true,
      packages: 1,
      commands: [
        "python3 -m venv .venv",
        `python -m pip install --no-deps --disable-pip-version-check --no-input --index-url ${index.url} -r requirements.txt`,
      ],
    });
    expect(result.full).toMatchObject({ ok: true, packages: 2 });
    expect(result.full?.commands[1]).toMatch(/-r requirements\.txt -r requirements-dev\.txt$/);
    expect(result).toMatchObject({
      ecosystem: "pypi",
      manager: "pip",
      lockfile: "requirements.txt",
      ok: true,
    });
  }, 180_000);

  it("fails when the smoke command imports the development package", async () => {
    const result = await verifyProd({
      root: project,
      target: ".",
      settings: settings({ smoke: `python -c "import tinydev"`, indexUrl: index.url, full: false }),
      env,
    });
    expect(result.ok).toBe(false);
    expect(result.smoke).toMatchObject({ ok: false, exitCode: 1 });
    expect(result.smoke?.outputTail).toContain("ModuleNotFoundError: No module named 'tinydev'");
  }, 180_000);
});
