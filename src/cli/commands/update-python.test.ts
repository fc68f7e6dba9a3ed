import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type PypiServer,
  startPypiServer,
} from "../../core/ecosystems/pypi/registry/test-support/pypi-server.js";
import { isolateGitConfig } from "../../core/updates/git/test-support/update-repos.js";
import { isolatedInstallEnv } from "../../core/verify-prod/test-support/test-env.js";
import { bufferIo } from "../io.js";
import { addCommand } from "./add.js";
import { updateCommand } from "./update.js";

const git = (cwd: string, ...args: string[]) => execFileSync("git", args, { cwd, encoding: "utf8" }).trim();
const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString();
const { env, home } = isolatedInstallEnv();
const BRANCH = "lockkeeper/tiny-web-1.1";
const CHANGES = `Changes
=======

1.1 (2026-10-01)
----------------

- Faster routing.

1.0 (2025-01-01)
----------------

- First release.
`;

/** A lock's entry for one pin: its line and the continued lines and comments under it. */
const entryOf = (lock: string, pin: string) =>
  lock.split(/\n(?=\S)/).find((entry) => entry.startsWith(`${pin} `)) ?? "";

describe("lk update for Python", () => {
  let server: PypiServer;
  let work: string;
  let repo: string;
  /** A hand-maintained, hashed requirements.txt (no pip-tools). */
  let plainRepo: string;
  let restoreGit: () => void;
  /** sha256 of tiny-web 1.1's wheel and sdist. */
  let newWebShas: string[] = [];

  const publish = (name: string, version: string, requires: string[] = [], days = 400) =>
    server.publish({ name, version, kind: "wheel", requires, license: "MIT", uploadTime: daysAgo(days) });

  beforeAll(async () => {
    restoreGit = isolateGitConfig();
    server = await startPypiServer();
    const baseSha = publish("tiny-base", "1.0").sha256;
    const webSha = publish("tiny-web", "1.0", ["tiny-base>=1"]).sha256;
    publish("tiny-devtool", "1.0", ["tiny-web"]);
    work = mkdtempSync(join(tmpdir(), "lk-update-python-"));
    repo = newRepo("repo");
    plainRepo = newRepo("plain");
    writeFileSync(
      join(plainRepo, "requirements.txt"),
      `tiny-web==1.0 \\\n    --hash=sha256:${webSha}\ntiny-base==1.0 \\\n    --hash=sha256:${baseSha}\n`,
    );
    git(plainRepo, "add", ".");
    git(plainRepo, "commit", "-q", "-m", "app");
    mkdirSync(join(repo, "requirements"));
    writeFileSync(join(repo, "requirements/main.in"), "");
    writeFileSync(join(repo, "requirements/dev.in"), "-c main.txt\n");
    // The layers are made the way a user makes them: with lk add.
    for (const [spec, dev] of [
      ["tiny-web", false],
      ["tiny-devtool", true],
    ] as const) {
      const io = bufferIo(repo);
      io.env = env;
      expect(await addCommand(io, spec, { dir: ".", dev }), io.err).toBe(0);
    }
    git(repo, "add", ".");
    git(repo, "commit", "-q", "-m", "app");
    // tiny-web 1.1 is the update; tiny-base 2.0 is newer than its pin, which must nevertheless stay.
    const sdist = server.publish({
      name: "tiny-web",
      version: "1.1",
      kind: "sdist",
      requires: ["tiny-base>=1"],
      license: "MIT",
      uploadTime: daysAgo(30),
      files: { "tiny_web/__init__.py": '__version__ = "1.1"\n', "CHANGES.rst": CHANGES },
    });
    newWebShas = [publish("tiny-web", "1.1", ["tiny-base>=1"], 30).sha256, sdist.sha256];
    publish("tiny-base", "2.0", [], 30);
  }, 180_000);

  /** A git repository with Lockkeeper configured for the test index. */
  function newRepo(name: string): string {
    const dir = join(work, name);
    execFileSync("git", ["init", "-q", "-b", "main", dir]);
    git(dir, "config", "user.name", "Dev");
    git(dir, "config", "user.email", "dev@example.com");
    writeFileSync(join(dir, ".gitignore"), ".venv/\n");
    writeFileSync(
      join(dir, "lockkeeper.yaml"),
      [
        "registries:",
        `  pypiIndex: ${server.simpleUrl}/`,
        `  pypiJsonApi: ${server.jsonApiUrl}`,
        "  cacheMinutes: 0",
        `  cacheDir: ${join(work, "cache")}`,
        "",
      ].join("\n"),
    );
    return dir;
  }

  async function update(dir: string) {
    const io = bufferIo(dir);
    io.env = env;
    const code = await updateCommand(io, ".", {
      format: "json",
      package: ["tiny-web"],
      test: `python -c "import tiny_web, sys; sys.exit(tiny_web.__version__ != '1.1')"`,
      out: join(work, "descriptions"),
    });
    const report = JSON.parse(io.out) as {
      updates: { branch: string; status: string; descriptionFile?: string; test?: { passed: boolean } }[];
    };
    expect(code, io.err).toBe(0);
    expect(report.updates, io.out).toMatchObject([
      { branch: BRANCH, status: "committed", test: { passed: true } },
    ]);
    return report;
  }

  afterAll(async () => {
    await server?.close();
    rmSync(work, { recursive: true, force: true });
    rmSync(home, { recursive: true, force: true });
    restoreGit();
  });

  it("moves the pin in its layer and the layers built on it, with hashes, then tests it in a fresh venv", async () => {
    const head = git(repo, "rev-parse", "HEAD");
    const report = await update(repo);

    const show = (file: string) => git(repo, "show", `${BRANCH}:${file}`);
    const main = show("requirements/main.txt");
    for (const sha of newWebShas) expect(entryOf(main, "tiny-web==1.1")).toContain(`--hash=sha256:${sha}`);
    expect(main).toMatch(/^tiny-base==1\.0 /m);
    // dev.txt is compiled with -c main.txt: it follows the moved pin.
    expect(show("requirements/dev.txt")).toMatch(/^tiny-web==1\.1 /m);
    expect(show("requirements/main.in")).toBe("tiny-web");
    expect(git(repo, "log", "-1", "--format=%s", BRANCH)).toBe("fix(deps): update tiny-web to 1.1");

    const description = readFileSync(report.updates[0]?.descriptionFile as string, "utf8");
    expect(description).toContain("| `tiny-web` | 1.0 → **1.1** | minor |");
    // The release notes come from the sdist's CHANGES.rst, between the two versions only.
    expect(description).toContain("CHANGES.rst");
    expect(description).toContain("Faster routing.");
    expect(description).not.toContain("First release.");
    expect(description).toMatch(/✅ `python -c .*` passed/);

    // The checkout is where it was: same branch and commit, nothing left behind.
    expect(git(repo, "rev-parse", "HEAD")).toBe(head);
    expect(git(repo, "branch", "--show-current")).toBe("main");
    expect(git(repo, "status", "--porcelain", "--ignored", "--untracked-files=all")).toBe("");
  }, 240_000);

  it("moves a pin in a hand-maintained requirements file in place, with the new release's hashes", async () => {
    const before = git(plainRepo, "show", "HEAD:requirements.txt");
    await update(plainRepo);
    const after = git(plainRepo, "show", `${BRANCH}:requirements.txt`);
    // Both files of the new release are hashed, one continued line each; the other pin is untouched.
    const entry = after.split("\n").slice(0, 3);
    expect(entry.map((line) => line.endsWith(" \\"))).toEqual([true, true, false]);
    expect(entry.map((line) => line.replace(/ \\$/, "")).sort()).toEqual(
      ["tiny-web==1.1", ...newWebShas.map((sha) => `    --hash=sha256:${sha}`)].sort(),
    );
    expect(after.split("\n").slice(3)).toEqual(before.split("\n").slice(2));
    expect(git(plainRepo, "status", "--porcelain", "--ignored", "--untracked-files=all")).toBe("");
  }, 240_000);

  it("holds back what an unreachable index leaves unknown, and says why", async () => {
    const offline = newRepo("offline");
    writeFileSync(join(offline, "lockkeeper.yaml"), "registries:\n  pypiIndex: http://127.0.0.1:9/simple/\n");
    writeFileSync(join(offline, "requirements.txt"), "tiny-web==1.0\n");
    git(offline, "add", ".");
    git(offline, "commit", "-q", "-m", "app");
    const io = bufferIo(offline);
    io.env = env;
    expect(await updateCommand(io, ".", { format: "json" })).toBe(0);
    expect(JSON.parse(io.out)).toMatchObject({
      updates: [],
      heldBack: [{ name: "tiny-web", from: "1.0", reason: "the registry could not be reached" }],
    });
    expect(git(offline, "status", "--porcelain", "--ignored", "--untracked-files=all")).toBe("");
  }, 60_000);
});
