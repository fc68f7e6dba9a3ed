import { execFile, execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startVerdaccio, type Verdaccio } from "../ecosystems/npm/registry/test-support/verdaccio.js";
import { removeDir, scriptedRepo } from "../history/test-support/git-repos.js";
import { isolateGitConfig } from "../updates/git/test-support/update-repos.js";
import type { AppEvent } from "./context.js";
import { dependencyHistoryReport } from "./history.js";
import { scanProject } from "./scan.js";
import { testContext } from "./test-support/test-context.js";
import { updateProject } from "./update.js";

/**
 * Cancelling a use case (Ctrl-C in the CLI, a stopped job on the server) must leave nothing
 * behind: no child process, no worktree or branch, no temporary folder.
 */

/** Child processes of this process still alive (zombies not counted), from /proc. */
function liveChildren(): string[] {
  const children: string[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      if (Number(fields[1]) === process.pid && fields[0] !== "Z")
        children.push(stat.slice(0, stat.indexOf(")") + 1));
    } catch {
      // gone meanwhile
    }
  }
  return children;
}

function isRunning(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) Z /.test(readFileSync(`/proc/${pid}/stat`, "utf8"));
  } catch {
    return false;
  }
}

const tempEntries = (prefix: string) =>
  readdirSync(tmpdir())
    .filter((name) => name.startsWith(prefix))
    .sort();

describe("cancelling a use case", () => {
  let restoreGit: () => void = () => undefined;
  beforeAll(() => {
    restoreGit = isolateGitConfig();
  });
  afterAll(() => restoreGit());

  it("stops a scan with CANCELLED", async () => {
    const context = testContext(process.cwd());
    context.controller.abort("test");
    await expect(scanProject(context, { target: "examples/goats" })).rejects.toMatchObject({
      code: "CANCELLED",
    });
  });

  it("stops a history walk and its git processes", async () => {
    const commits = Array.from({ length: 40 }, (_, i) => ({
      message: `bump ${i}`,
      files: { "requirements.txt": `requests==2.${i}.0\nurllib3==1.26.${i}\n` },
    }));
    const repo = scriptedRepo(commits);
    try {
      const context = testContext(repo, {
        onEvent: (event: AppEvent) => {
          if (event.kind === "history") context.controller.abort("test");
        },
      });
      await expect(dependencyHistoryReport(context, { dir: "." })).rejects.toMatchObject({
        code: "CANCELLED",
      });
      // git cat-file is killed on cancellation; give the kernel a moment to reap it.
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(liveChildren().filter((child) => child.includes("git"))).toEqual([]);
    } finally {
      removeDir(repo);
    }
  });

  describe("an update running its tests", () => {
    let registry: Verdaccio;
    let work: string;
    beforeAll(async () => {
      const module = (version: string) => ({ "index.js": `module.exports = ${JSON.stringify(version)};\n` });
      const old = new Date(Date.now() - 100 * 86_400_000).toISOString();
      registry = await startVerdaccio([
        {
          name: "lk-cancel",
          versions: [
            { version: "1.0.0", files: module("1.0.0"), publishedAt: old },
            { version: "1.1.0", files: module("1.1.0"), publishedAt: old },
          ],
        },
      ]);
      work = mkdtempSync(join(tmpdir(), "lk-cancel-update-"));
    }, 120_000);
    afterAll(async () => {
      await registry?.close();
      rmSync(work, { recursive: true, force: true });
    });

    it("stops the test command, removes the worktree and leaves no temporary folder", async () => {
      const repo = join(work, "repo");
      execFileSync("git", ["init", "-q", "-b", "main", repo]);
      const env = {
        ...process.env,
        npm_config_userconfig: join(work, "user-npmrc"),
        npm_config_cache: join(work, "npm-cache"),
      };
      writeFileSync(join(work, "user-npmrc"), "");
      writeFileSync(join(repo, ".npmrc"), `registry=${registry.url}\n`);
      writeFileSync(
        join(repo, "package.json"),
        '{"name":"app","version":"1.0.0","dependencies":{"lk-cancel":"1.0.0"}}\n',
      );
      // Asynchronous: the registry runs in this process and must keep answering npm.
      await promisify(execFile)("npm", ["install", "--package-lock-only", "--no-audit", "--no-fund"], {
        cwd: repo,
        env,
      });
      execFileSync("git", ["add", "--all"], { cwd: repo });
      execFileSync("git", ["-c", "user.name=U", "-c", "user.email=u@x", "commit", "-qm", "app"], {
        cwd: repo,
      });
      const pidFile = join(work, "test.pid");
      const before = tempEntries("lockkeeper-update-");
      const context = testContext(repo, {
        env,
        onEvent: (event: AppEvent) => {
          if (event.kind !== "step" || !event.message.includes("running")) return;
          // Cancel once the test command is running (it writes its pid first).
          const poll = setInterval(() => {
            if (!existsSync(pidFile)) return;
            clearInterval(poll);
            context.controller.abort("test");
          }, 20);
        },
      });
      await expect(
        updateProject(context, { dir: ".", test: `echo $$ > ${pidFile}; exec sleep 30` }),
      ).rejects.toMatchObject({ code: "CANCELLED" });
      const testPid = Number(readFileSync(pidFile, "utf8").trim());
      expect(isRunning(testPid)).toBe(false);
      expect(
        execFileSync("git", ["worktree", "list", "--porcelain"], { cwd: repo, encoding: "utf8" }),
      ).not.toContain("lockkeeper-update-");
      // The branch got its commit before the tests ran: it is kept (as an interrupted worktree's is).
      const revParse = (rev: string) =>
        execFileSync("git", ["rev-parse", rev], { cwd: repo, encoding: "utf8" });
      expect(revParse("lockkeeper/lk-cancel-1.1.0^")).toBe(revParse("main"));
      expect(
        execFileSync("git", ["status", "--porcelain", "--ignored", "--untracked-files=all"], {
          cwd: repo,
          encoding: "utf8",
        }),
      ).toBe("");
      expect(tempEntries("lockkeeper-update-")).toEqual(before);
      expect(context.cleanup.size).toBe(0);
    }, 120_000);
  });
});
