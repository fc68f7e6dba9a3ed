import { execFile, execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type SeedPackage,
  startVerdaccio,
  type Verdaccio,
} from "../../core/ecosystems/npm/registry/test-support/verdaccio.js";
import { isolateGitConfig } from "../../core/updates/git/test-support/update-repos.js";
import { REPO_ROOT } from "../../test-support/fixtures.js";
import { bufferIo } from "../io.js";
import { addCommand } from "./add.js";
import { updateCommand } from "./update.js";

const run = promisify(execFile);
const git = (cwd: string, ...args: string[]) => execFileSync("git", args, { cwd, encoding: "utf8" }).trim();
const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString();
const module = (version: string) => ({ "index.js": `module.exports = ${JSON.stringify(version)};\n` });
const release = (version: string, days: number, manifest: Record<string, unknown> = {}) => ({
  version,
  files: module(version),
  manifest: { license: "MIT", ...manifest },
  publishedAt: daysAgo(days),
});

const REGISTRY: SeedPackage[] = [
  { name: "lk-helper", versions: [release("1.0.0", 400)] },
  { name: "lk-good", versions: [release("2.0.0", 400, { dependencies: { "lk-helper": "^1.0.0" } })] },
  { name: "lk-pad", versions: [release("1.0.0", 400)] },
];

/**
 * pnpm and yarn 1 are dev dependencies of Lockkeeper (real tools, run from node_modules/.bin):
 * `lk add` and `lk update` must drive them as they drive npm.
 */
describe.each([
  {
    tool: "pnpm",
    lockfile: "pnpm-lock.yaml",
    create: ["install", "--lockfile-only"],
    locked: "lk-pad@1.1.0:",
  },
  {
    tool: "yarn",
    lockfile: "yarn.lock",
    create: ["install", "--ignore-scripts", "--non-interactive"],
    locked: 'lk-pad@^1.1.0:\n  version "1.1.0"',
  },
])("$tool projects", ({ tool, lockfile, create, locked }) => {
  let registry: Verdaccio;
  let work: string;
  let repo: string;
  let env: NodeJS.ProcessEnv;
  let restoreGit: () => void;

  beforeAll(async () => {
    restoreGit = isolateGitConfig();
    registry = await startVerdaccio(REGISTRY);
    work = mkdtempSync(join(tmpdir(), `lk-${tool}-`));
    repo = join(work, "app");
    mkdirSync(repo);
    writeFileSync(join(work, "user-npmrc"), "");
    env = {
      ...process.env,
      PATH: `${join(REPO_ROOT, "node_modules", ".bin")}${delimiter}${process.env.PATH ?? ""}`,
      npm_config_userconfig: join(work, "user-npmrc"),
      npm_config_cache: join(work, "npm-cache"),
      npm_config_store_dir: join(work, "pnpm-store"),
      YARN_CACHE_FOLDER: join(work, "yarn-cache"),
      XDG_DATA_HOME: join(work, "data"),
      XDG_CACHE_HOME: join(work, "cache"),
    };
    execFileSync("git", ["init", "-q", "-b", "main", repo]);
    git(repo, "config", "user.name", "Dev");
    git(repo, "config", "user.email", "dev@example.com");
    writeFileSync(join(repo, ".npmrc"), `registry=${registry.url}\n`);
    writeFileSync(join(repo, ".gitignore"), "node_modules/\n");
    writeFileSync(
      join(repo, "package.json"),
      `${JSON.stringify(
        {
          name: "app",
          version: "1.0.0",
          scripts: { test: "node test.js" },
          dependencies: { "lk-pad": "^1.0.0" },
        },
        null,
        2,
      )}\n`,
    );
    writeFileSync(join(repo, "test.js"), 'console.log("lk-pad " + require("lk-pad"));\n');
    await run(tool, create, { cwd: repo, env });
    git(repo, "add", ".");
    git(repo, "commit", "-q", "-m", "app");
  }, 120_000);

  afterAll(async () => {
    await registry?.close();
    rmSync(work, { recursive: true, force: true });
    restoreGit();
  });

  it(`lk add changes package.json and ${lockfile} with ${tool}, transitive packages included`, async () => {
    const io = bufferIo(repo);
    io.env = env;
    const code = await addCommand(io, "lk-good", { dir: "." });
    expect(code, io.err).toBe(0);
    expect(io.out).toContain(`lk-good@2.0.0 (dependencies, ${tool})`);
    expect(io.out).toMatch(/added\s+lk-good\s+2\.0\.0/);
    expect(io.out).toMatch(/added\s+lk-helper\s+1\.0\.0/);
    const manifest = JSON.parse(readFileSync(join(repo, "package.json"), "utf8")) as {
      dependencies: Record<string, string>;
    };
    expect(manifest.dependencies["lk-good"]).toBe("^2.0.0");
    const lock = readFileSync(join(repo, lockfile), "utf8");
    expect(lock).toMatch(/lk-good@/);
    expect(lock).toMatch(/lk-helper@/);
    git(repo, "checkout", "--", ".");
  }, 120_000);

  it(`lk update makes a tested branch with ${tool} and leaves the checkout alone`, async () => {
    registry.seed([{ name: "lk-pad", versions: [release("1.1.0", 30)] }]);
    const head = git(repo, "rev-parse", "HEAD");
    const io = bufferIo(repo);
    io.env = env;
    const code = await updateCommand(io, ".", {
      format: "json",
      test: "node test.js",
      out: join(work, "descriptions"),
    });
    expect(code, io.err).toBe(0);
    const report = JSON.parse(io.out) as {
      updates: { branch: string; status: string; test?: { passed: boolean; logTail: string } }[];
    };
    expect(report.updates).toMatchObject([
      { branch: "lockkeeper/lk-pad-1.1.0", status: "committed", test: { passed: true } },
    ]);
    expect(report.updates[0]?.test?.logTail).toContain("lk-pad 1.1.0");
    const onBranch = (file: string) => git(repo, "show", `lockkeeper/lk-pad-1.1.0:${file}`);
    // The range keeps its caret (pnpm and yarn would save the bare version they are given).
    expect(JSON.parse(onBranch("package.json")).dependencies).toEqual({ "lk-pad": "^1.1.0" });
    const lock = onBranch(lockfile);
    expect(lock).toContain(locked);
    expect(lock).not.toContain("1.0.0");
    expect(git(repo, "rev-parse", "HEAD")).toBe(head);
    expect(git(repo, "branch", "--show-current")).toBe("main");
    expect(git(repo, "status", "--porcelain")).toBe("");
  }, 180_000);
});
