import { execFile, execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  type SeedPackage,
  startVerdaccio,
  type Verdaccio,
} from "../../core/ecosystems/npm/registry/test-support/verdaccio.js";
import { bufferIo } from "../io.js";
import { type AddOptions, addCommand } from "./add.js";

const run = promisify(execFile);
const git = (cwd: string, ...args: string[]) =>
  execFileSync("git", args, { cwd, encoding: "utf8" }).trimEnd();
const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString();
const files = { "index.js": "module.exports = 1;\n" };
const old = (version: string, manifest: Record<string, unknown> = { license: "MIT" }) => ({
  version,
  files,
  manifest,
  publishedAt: daysAgo(400),
});

const REGISTRY: SeedPackage[] = [
  { name: "lk-helper", versions: [old("1.0.0")] },
  { name: "lk-good", versions: [old("2.0.0", { license: "MIT", dependencies: { "lk-helper": "^1.0.0" } })] },
  {
    name: "lk-fresh",
    versions: [{ version: "1.0.0", files, manifest: { license: "MIT" }, publishedAt: daysAgo(0.2) }],
  },
  { name: "lk-gpl", versions: [old("1.0.0", { license: "GPL-3.0-only" })] },
  { name: "lk-old", versions: [{ ...old("1.0.0"), deprecated: "use lk-good" }] },
  {
    name: "lk-builder",
    versions: [old("1.0.0", { license: "MIT", scripts: { postinstall: "node build.js" } })],
  },
  // A transitive package with an install script: the requested one looks clean.
  {
    name: "lk-native",
    versions: [old("1.0.0", { license: "MIT", scripts: { install: "node-gyp rebuild" } })],
  },
  {
    name: "lk-wrapper",
    versions: [old("1.0.0", { license: "MIT", dependencies: { "lk-native": "1.0.0" } })],
  },
  // lodash 4.17.15 is affected by NSWG-ECO-516 in the advisory snapshot shipped with Lockkeeper.
  { name: "lodash", versions: [old("4.17.15"), old("4.17.19")] },
];

describe("lk add vets a dependency before changing the project", () => {
  let registry: Verdaccio;
  let work: string;
  let project: string;
  let env: NodeJS.ProcessEnv;
  let pristine: { manifest: string; lock: string };

  beforeAll(async () => {
    registry = await startVerdaccio(REGISTRY);
    work = mkdtempSync(join(tmpdir(), "lk-add-"));
    const userconfig = join(work, "user-npmrc");
    writeFileSync(userconfig, "");
    env = { ...process.env, npm_config_userconfig: userconfig, npm_config_cache: join(work, "npm-cache") };
    project = join(work, "app");
    await run("mkdir", [project]);
    writeFileSync(join(project, ".npmrc"), `registry=${registry.url}\n`);
    writeFileSync(
      join(project, "package.json"),
      `${JSON.stringify({ name: "app", version: "1.0.0", dependencies: {} }, null, 2)}\n`,
    );
    writeFileSync(join(project, "lockkeeper.yaml"), "licenses:\n  deny: [GPL-3.0-only]\n");
    await run("npm", ["install", "--package-lock-only", "--no-audit", "--no-fund"], { cwd: project, env });
    // A checkout, so that anything lk add leaves behind shows in git status (ignored files too).
    git(project, "init", "-q", "-b", "main");
    git(project, "add", ".");
    git(project, "-c", "user.name=Dev", "-c", "user.email=dev@example.com", "commit", "-q", "-m", "app");
    pristine = {
      manifest: readFileSync(join(project, "package.json"), "utf8"),
      lock: readFileSync(join(project, "package-lock.json"), "utf8"),
    };
  }, 60_000);

  beforeEach(() => {
    writeFileSync(join(project, "package.json"), pristine.manifest);
    writeFileSync(join(project, "package-lock.json"), pristine.lock);
  });

  afterAll(async () => {
    await registry.close();
    rmSync(work, { recursive: true, force: true });
  });

  async function add(spec: string, options: Partial<AddOptions> = {}) {
    const io = bufferIo(project);
    io.env = { ...env, XDG_CACHE_HOME: mkdtempSync(join(work, "cache-")) };
    const code = await addCommand(io, spec, { dir: ".", ...options });
    return { code, out: io.out, err: io.err };
  }

  /** Every file git sees in the checkout that differs from the commit, ignored ones included. */
  const checkout = () => git(project, "status", "--porcelain", "--ignored", "--untracked-files=all");

  const unchanged = () => {
    expect(readFileSync(join(project, "package.json"), "utf8")).toBe(pristine.manifest);
    expect(readFileSync(join(project, "package-lock.json"), "utf8")).toBe(pristine.lock);
    expect(checkout()).toBe("");
  };

  it("adds a clean package with the project's npm and prints the lockfile change, transitive packages included", async () => {
    const { code, out } = await add("lk-good@^2.0.0");
    expect(code).toBe(0);
    expect(out).toContain("lk-good@2.0.0 (dependencies, npm)");
    expect(out).toContain("Checks: all passed");
    expect(out).toMatch(/added\s+lk-good\s+2\.0\.0/);
    expect(out).toMatch(/added\s+lk-helper\s+1\.0\.0/);
    const manifest = JSON.parse(readFileSync(join(project, "package.json"), "utf8")) as {
      dependencies: Record<string, string>;
    };
    expect(manifest.dependencies).toEqual({ "lk-good": "^2.0.0" });
    // The manifest and the lockfile changed, and nothing else was written (no node_modules, no scratch).
    expect(checkout()).toBe(" M package-lock.json\n M package.json");
  }, 60_000);

  it.each([
    ["lk-fresh", "release-age", /younger than the 3-day cool-down/],
    ["lk-gpl", "licence", /GPL-3\.0-only is denied/],
    ["lk-old", "deprecation", /deprecated: use lk-good/],
    ["lk-builder", "install-script", /lk-builder@1\.0\.0: runs install scripts/],
    ["lk-wrapper", "install-script", /lk-native@1\.0\.0: runs install scripts/],
    ["lodash@4.17.15", "vulnerability", /NSWG-ECO-516/],
  ])(
    "refuses %s (%s) and changes nothing",
    async (spec, check, message) => {
      const { code, out, err } = await add(spec);
      expect(code).toBe(1);
      expect(out).toMatch(new RegExp(`✖ ${check}`));
      expect(out).toMatch(message);
      expect(err).toContain("refused");
      unchanged();
    },
    60_000,
  );

  it("--force --reason makes the change and records the reason; --force alone is refused", async () => {
    await expect(add("lk-fresh", { force: true })).rejects.toThrow(/--force needs --reason/);
    const { code, out } = await add("lk-fresh", {
      force: true,
      reason: "hotfix for INC-42",
      dev: true,
      exact: true,
    });
    expect(code).toBe(0);
    expect(out).toContain("Forced past 1 failed check: hotfix for INC-42");
    const manifest = JSON.parse(readFileSync(join(project, "package.json"), "utf8")) as {
      devDependencies: Record<string, string>;
    };
    expect(manifest.devDependencies).toEqual({ "lk-fresh": "1.0.0" });
    expect(checkout()).toBe(" M package-lock.json\n M package.json");
  }, 60_000);

  it("--dry-run vets and shows the change without making it", async () => {
    const { code, out } = await add("lk-good", { dryRun: true });
    expect(code).toBe(0);
    expect(out).toMatch(/added\s+lk-helper\s+1\.0\.0/);
    unchanged();
  }, 60_000);

  it("a package the registry does not have: the failed npm install leaves the checkout as it was", async () => {
    // npm's E404 ends the add as an input error (exit 2 from the CLI).
    await expect(add("lk-missing@^1.0.0")).rejects.toMatchObject({ code: "USAGE", message: /E404/ });
    unchanged();
  }, 60_000);

  it("explains what it does not take", async () => {
    await expect(add("git+https://example.com/x.git")).rejects.toThrow(
      /is not a package name with an optional range/,
    );
  });
});
