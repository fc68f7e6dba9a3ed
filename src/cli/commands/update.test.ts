import { execFile, execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type SeedPackage,
  startVerdaccio,
  type Verdaccio,
} from "../../core/ecosystems/npm/registry/test-support/verdaccio.js";
import { isolateGitConfig } from "../../core/updates/git/test-support/update-repos.js";
import { FakeForge } from "../../core/updates/pull-requests/test-support/fake-forge.js";
import { validateDocument } from "../../test-support/json-schemas.js";
import { bufferIo } from "../io.js";
import { REPO_ROOT } from "../test-support/golden-text.js";
import { updateCommand } from "./update.js";

const run = promisify(execFile);
const git = (cwd: string, ...args: string[]) => execFileSync("git", args, { cwd, encoding: "utf8" }).trim();
const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString();

const CHANGELOG = `# Changelog

## [1.2.0] - 2026-11-10
### Added
- \`pad()\` takes a fill character.

## [1.1.0] - 2026-10-01
### Fixed
- Unicode widths.

## [1.0.0] - 2026-01-01
- First release.
`;
const MAJOR_CHANGELOG = `# 2.0.0

## BREAKING CHANGES
- \`pad()\` returns a Buffer.

# 1.0.0

- First release.
`;

const module = (version: string) => ({ "index.js": `module.exports = ${JSON.stringify(version)};\n` });

const INSTALLED: SeedPackage[] = [
  { name: "lk-pad", versions: [{ version: "1.0.0", files: module("1.0.0"), publishedAt: daysAgo(300) }] },
  { name: "lk-major", versions: [{ version: "1.0.0", files: module("1.0.0"), publishedAt: daysAgo(300) }] },
  { name: "lk-fresh", versions: [{ version: "1.0.0", files: module("1.0.0"), publishedAt: daysAgo(300) }] },
  { name: "lk-lint", versions: [{ version: "1.0.0", files: module("1.0.0"), publishedAt: daysAgo(300) }] },
  { name: "lk-format", versions: [{ version: "1.0.0", files: module("1.0.0"), publishedAt: daysAgo(300) }] },
];

const PUBLISHED_LATER: SeedPackage[] = [
  {
    name: "lk-pad",
    versions: [
      {
        version: "1.1.0",
        files: { ...module("1.1.0"), "CHANGELOG.md": CHANGELOG },
        publishedAt: daysAgo(50),
      },
      {
        version: "1.2.0",
        files: { ...module("1.2.0"), "CHANGELOG.md": CHANGELOG },
        publishedAt: daysAgo(16),
        manifest: { license: "MIT" },
      },
    ],
  },
  {
    name: "lk-major",
    versions: [
      {
        version: "2.0.0",
        files: { ...module("2.0.0"), "CHANGELOG.md": MAJOR_CHANGELOG },
        publishedAt: daysAgo(20),
      },
    ],
  },
  { name: "lk-fresh", versions: [{ version: "1.0.1", files: module("1.0.1"), publishedAt: daysAgo(0.1) }] },
  { name: "lk-lint", versions: [{ version: "1.0.1", files: module("1.0.1"), publishedAt: daysAgo(30) }] },
  { name: "lk-format", versions: [{ version: "1.1.0", files: module("1.1.0"), publishedAt: daysAgo(30) }] },
];

/** The project's tests: they fail once lk-major is 2.x (its API broke). */
const TEST_SCRIPT = `const major = require("lk-major");
if (!major.startsWith("1.")) { console.error("lk-major " + major + " broke the API"); process.exit(1); }
console.log("tests pass with lk-major " + major);
`;

describe("lk update: one tested branch per update, pushed and proposed", () => {
  let registry: Verdaccio;
  let forge: FakeForge;
  let work: string;
  let repo: string;
  let remote: string;
  let env: NodeJS.ProcessEnv;
  let restoreGit: () => void;

  beforeAll(async () => {
    restoreGit = isolateGitConfig();
    registry = await startVerdaccio(INSTALLED);
    work = mkdtempSync(join(tmpdir(), "lk-update-"));
    repo = join(work, "repo");
    remote = join(work, "remote.git");
    execFileSync("git", ["init", "-q", "--bare", remote]);
    execFileSync("git", ["init", "-q", "-b", "main", repo]);
    git(repo, "config", "user.name", "Dev");
    git(repo, "config", "user.email", "dev@example.com");
    const userconfig = join(work, "user-npmrc");
    writeFileSync(userconfig, "");
    env = {
      ...process.env,
      npm_config_userconfig: userconfig,
      npm_config_cache: join(work, "npm-cache"),
      XDG_CACHE_HOME: join(work, "cache"),
      GITHUB_TOKEN: "ghp_test_token_never_printed",
    };
    writeFileSync(join(repo, ".npmrc"), `registry=${registry.url}\n`);
    writeFileSync(
      join(repo, "package.json"),
      `${JSON.stringify(
        {
          name: "app",
          version: "1.0.0",
          scripts: { test: "node test.js" },
          dependencies: { "lk-pad": "^1.0.0", "lk-major": "^1.0.0", "lk-fresh": "^1.0.0" },
          devDependencies: { "lk-lint": "^1.0.0", "lk-format": "^1.0.0" },
        },
        null,
        2,
      )}\n`,
    );
    writeFileSync(join(repo, "test.js"), TEST_SCRIPT);
    writeFileSync(join(repo, ".gitignore"), "node_modules/\n");
    await run("npm", ["install", "--package-lock-only", "--no-audit", "--no-fund"], { cwd: repo, env });
    // Per pushed branch: the pull request, then its labels.
    forge = await new FakeForge([
      { status: 201, json: { html_url: "https://github.example/acme/app/pull/1", number: 1 } },
      { status: 200, json: [{ name: "dependencies" }] },
      { status: 201, json: { html_url: "https://github.example/acme/app/pull/2", number: 2 } },
      { status: 200, json: [{ name: "dependencies" }] },
    ]).start();
    writeFileSync(
      join(repo, "lockkeeper.yaml"),
      [
        "updates:",
        "  test: npm test",
        "  rules:",
        "    - scope: dev",
        "      updateTypes: [patch, minor]",
        "      group: dev-tools",
        "  pullRequests:",
        "    provider: github",
        "    repository: acme/app",
        `    apiUrl: ${forge.url}`,
        "    labels: [dependencies]",
        "",
      ].join("\n"),
    );
    git(repo, "add", ".");
    git(repo, "commit", "-q", "-m", "app");
    git(repo, "remote", "add", "origin", remote);
    registry.seed(PUBLISHED_LATER);
  }, 90_000);

  afterAll(async () => {
    await forge?.stop();
    await registry?.close();
    rmSync(work, { recursive: true, force: true });
    restoreGit();
  });

  it("makes, tests, describes, pushes and proposes each update, leaving the checkout alone", async () => {
    // The developer has uncommitted work: it must survive untouched.
    writeFileSync(join(repo, "notes.txt"), "work in progress\n");
    const head = git(repo, "rev-parse", "HEAD");
    const io = bufferIo(repo);
    io.env = env;
    const code = await updateCommand(io, ".", {
      format: "json",
      push: "origin",
      openPr: true,
      out: join(work, "descriptions"),
    });
    const report = JSON.parse(io.out) as {
      updates: {
        branch: string;
        status: string;
        pushed: boolean;
        descriptionFile?: string;
        test?: { passed: boolean };
        pullRequest?: { url: string };
      }[];
      heldBack: { name: string; reason: string }[];
    };
    expect(code).toBe(1);
    expect(validateDocument("update", report).messages).toEqual([]);
    const byBranch = Object.fromEntries(report.updates.map((u) => [u.branch, u]));
    expect(Object.keys(byBranch).sort()).toEqual([
      "lockkeeper/dev-tools",
      "lockkeeper/lk-major-2.0.0",
      "lockkeeper/lk-pad-1.2.0",
    ]);
    expect(byBranch["lockkeeper/lk-pad-1.2.0"]).toMatchObject({
      status: "committed",
      pushed: true,
      test: { passed: true },
    });
    expect(byBranch["lockkeeper/dev-tools"]).toMatchObject({ status: "committed", pushed: true });
    expect(byBranch["lockkeeper/lk-major-2.0.0"]).toMatchObject({
      status: "tests-failed",
      pushed: false,
      test: { passed: false },
    });
    expect(report.heldBack).toEqual([
      { name: "lk-fresh", from: "1.0.0", reason: "newer releases are younger than the 3-day cool-down" },
    ]);

    // The checkout: same branch, same commit, the uncommitted file still there, no stray worktree.
    expect(git(repo, "rev-parse", "--abbrev-ref", "HEAD")).toBe("main");
    expect(git(repo, "rev-parse", "HEAD")).toBe(head);
    expect(git(repo, "status", "--porcelain", "--ignored", "--untracked-files=all")).toBe("?? notes.txt");
    expect(git(repo, "worktree", "list").split("\n")).toHaveLength(1);

    // One conventional commit per branch, with only the manifest and lockfile changed.
    expect(git(repo, "log", "-1", "--format=%s", "lockkeeper/lk-pad-1.2.0")).toBe(
      "fix(deps): update lk-pad to 1.2.0",
    );
    expect(git(repo, "log", "-1", "--format=%s", "lockkeeper/dev-tools")).toBe(
      "chore(deps): update dev-tools group (2 packages)",
    );
    expect(git(repo, "diff", "--name-only", "main", "lockkeeper/lk-pad-1.2.0").split("\n")).toEqual([
      "package-lock.json",
      "package.json",
    ]);
    const lock = JSON.parse(git(repo, "show", "lockkeeper/dev-tools:package-lock.json")) as {
      packages: Record<string, { version: string }>;
    };
    expect(lock.packages["node_modules/lk-lint"]?.version).toBe("1.0.1");
    expect(lock.packages["node_modules/lk-format"]?.version).toBe("1.1.0");

    // Pushed branches are on the remote; the failing one is not.
    const remoteBranches = git(remote, "branch", "--list")
      .split("\n")
      .map((b) => b.trim())
      .sort();
    expect(remoteBranches).toEqual(["lockkeeper/dev-tools", "lockkeeper/lk-pad-1.2.0"]);

    // The description says what changed between the versions.
    const pad = readFileSync(byBranch["lockkeeper/lk-pad-1.2.0"]?.descriptionFile as string, "utf8");
    expect(pad).toContain("| `lk-pad` | 1.0.0 → **1.2.0** | minor |");
    expect(pad).toContain("From `CHANGELOG.md` in the published package.");
    expect(pad).toContain("`pad()` takes a fill character.");
    expect(pad).toContain("Unicode widths.");
    expect(pad).not.toContain("First release.");
    expect(pad).toContain("✅ `npm test` passed");
    const major = readFileSync(byBranch["lockkeeper/lk-major-2.0.0"]?.descriptionFile as string, "utf8");
    expect(major).toContain("> [!WARNING]");
    expect(major).toContain("`pad()` returns a Buffer.");
    expect(major).toContain("❌ `npm test` failed (exit 1)");
    expect(major).toContain("lk-major 2.0.0 broke the API");

    // Pull requests were opened for the pushed branches only, with the description as body.
    const opened = forge.requests.filter((r) => r.method === "POST" && r.path === "/repos/acme/app/pulls");
    expect(opened.map((r) => (r.body as { head: string }).head).sort()).toEqual([
      "lockkeeper/dev-tools",
      "lockkeeper/lk-pad-1.2.0",
    ]);
    const padRequest = opened.find((r) => (r.body as { head: string }).head === "lockkeeper/lk-pad-1.2.0");
    expect(padRequest?.body).toMatchObject({
      title: "fix(deps): update lk-pad to 1.2.0",
      base: "main",
      body: pad,
    });
    expect(padRequest?.headers.authorization).toBe("Bearer ghp_test_token_never_printed");
    expect(io.out + io.err).not.toContain("ghp_test_token_never_printed");
  }, 180_000);

  it("refuses to recreate a branch that exists, and leaves everything as it was", async () => {
    const io = bufferIo(repo);
    io.env = env;
    const before = git(repo, "branch", "--list");
    const code = await updateCommand(io, ".", {
      format: "table",
      package: ["lk-pad"],
      out: join(work, "descriptions"),
    });
    expect(code).toBe(1);
    expect(io.out).toContain("the branch lockkeeper/lk-pad-1.2.0 already exists");
    expect(git(repo, "branch", "--list")).toBe(before);
    expect(git(repo, "status", "--porcelain", "--ignored", "--untracked-files=all")).toBe("?? notes.txt");
  }, 60_000);

  it("lk update -t false: the installed binary exits 1 on a failed test run, keeps the branch and pushes nothing", async () => {
    const branch = "lockkeeper/lk-major-2.0.0";
    const before = git(repo, "rev-parse", branch);
    const bin = join(REPO_ROOT, "dist/bundle/main.js");
    const args = [bin, "update", ".", "-p", "lk-major", "-t", "false", "--recreate", "--push", "origin"];
    const result = await run(process.execPath, [...args, "-o", join(work, "descriptions")], {
      cwd: repo,
      env,
    }).then(
      (done) => ({ code: 0, stdout: done.stdout }),
      (failed: { code: number; stdout: string }) => failed,
    );
    expect(result.stdout).toMatch(/lockkeeper\/lk-major-2\.0\.0 .* TESTS FAILED +failed +no/);
    expect(result.code).toBe(1);
    // The branch was made again (a new commit), kept locally, and never reached the remote.
    expect(git(repo, "rev-parse", branch)).not.toBe(before);
    expect(git(remote, "branch", "--list", branch)).toBe("");
    expect(git(repo, "status", "--porcelain", "--ignored", "--untracked-files=all")).toBe("?? notes.txt");
  }, 120_000);

  it("an update whose install fails (a dependency the registry lacks) leaves no branch, worktree or file behind", async () => {
    const other = join(work, "install-fails");
    execFileSync("git", ["init", "-q", "-b", "main", other]);
    git(other, "config", "user.name", "Dev");
    git(other, "config", "user.email", "dev@example.com");
    registry.seed([
      {
        name: "lk-broken",
        versions: [{ version: "1.0.0", files: module("1.0.0"), publishedAt: daysAgo(300) }],
      },
    ]);
    writeFileSync(join(other, ".npmrc"), `registry=${registry.url}\n`);
    writeFileSync(join(other, ".gitignore"), "node_modules/\n");
    writeFileSync(
      join(other, "package.json"),
      `${JSON.stringify({ name: "other", version: "1.0.0", dependencies: { "lk-broken": "^1.0.0" } }, null, 2)}\n`,
    );
    await run("npm", ["install", "--package-lock-only", "--no-audit", "--no-fund"], { cwd: other, env });
    git(other, "add", ".");
    git(other, "commit", "-q", "-m", "other");
    // 1.1.0 needs a package nobody published: npm cannot install it.
    registry.seed([
      {
        name: "lk-broken",
        versions: [
          {
            version: "1.1.0",
            files: module("1.1.0"),
            publishedAt: daysAgo(30),
            manifest: { dependencies: { "lk-ghost": "^1.0.0" } },
          },
        ],
      },
    ]);
    const io = bufferIo(other);
    io.env = env;
    const code = await updateCommand(io, ".", {
      format: "json",
      out: join(work, "descriptions-other"),
    }).catch((error: unknown) => error);
    expect(code, io.err).toBe(1);
    expect(JSON.parse(io.out)).toMatchObject({
      updates: [{ branch: "lockkeeper/lk-broken-1.1.0", status: "failed", error: /lk-ghost/, pushed: false }],
    });
    expect(io.err).not.toContain("internal error");
    expect(git(other, "status", "--porcelain", "--ignored", "--untracked-files=all")).toBe("");
    expect(git(other, "worktree", "list").split("\n")).toHaveLength(1);
    expect(git(other, "branch", "--list")).toBe("* main");
  }, 120_000);
});
