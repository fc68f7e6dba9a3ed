import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, realpathSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { removeDir } from "../../history/test-support/git-repos.js";
import { localBranches, repoWithLockfile, revParse, worktreePaths } from "./test-support/update-repos.js";

// The real signal path needs a process that can die: the child runs the real modules, bundled
// by esbuild (Node 20 cannot run TypeScript), gets a real SIGINT/SIGTERM, and must both clean up
// and end by that same signal.
let bundleDir = "";
let childScript = "";
beforeAll(async () => {
  bundleDir = mkdtempSync(join(tmpdir(), "lk-interrupt-bundle-"));
  childScript = join(bundleDir, "interrupted-update.mjs");
  await build({
    entryPoints: [join(dirname(fileURLToPath(import.meta.url)), "test-support", "interrupted-update.ts")],
    outfile: childScript,
    bundle: true,
    format: "esm",
    platform: "node",
    target: "node20",
    logLevel: "warning",
  });
});
afterAll(() => removeDir(bundleDir));

const repos: string[] = [];
afterEach(() => {
  for (const dir of repos.splice(0)) removeDir(dir);
});

interface ChildEnd {
  code: number | null;
  signal: NodeJS.Signals | null;
  worktree: string;
}

/**
 * Runs the child until it prints its worktree, sends `signal` (if any), and waits for it to end.
 * A child still running after 10 s is killed (it then reports SIGKILL, and the test fails).
 */
function runChild(repo: string, branch: string, mode: string, signal?: NodeJS.Signals): Promise<ChildEnd> {
  const child = spawn(process.execPath, [childScript, repo, branch, mode], {
    env: { ...process.env, GIT_CONFIG_GLOBAL: "/dev/null", GIT_CONFIG_NOSYSTEM: "1" },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const watchdog = setTimeout(() => child.kill("SIGKILL"), 10_000);
  return new Promise((resolve, reject) => {
    let out = "";
    child.stdout.on("data", (chunk: Buffer) => {
      out += chunk.toString("utf8");
      if (signal && out.includes("\n")) child.kill(signal);
    });
    child.on("error", reject);
    child.on("exit", (code, received) => {
      clearTimeout(watchdog);
      resolve({ code, signal: received, worktree: /^ready (.*)$/m.exec(out)?.[1] ?? "" });
    });
  });
}

describe("an update interrupted in a real process", () => {
  it.each([
    { signal: "SIGINT", mode: "wait" },
    { signal: "SIGTERM", mode: "wait" },
  ] as const)(
    "removes worktree and uncommitted branch on $signal, then ends by $signal",
    async ({ signal, mode }) => {
      const repo = repoWithLockfile();
      repos.push(repo);
      const end = await runChild(repo, "lockkeeper/a-1.0.0", mode, signal);
      expect(end).toMatchObject({ code: null, signal });
      expect(end.worktree).not.toBe("");
      expect(existsSync(dirname(end.worktree))).toBe(false);
      expect(worktreePaths(repo)).toEqual([realpathSync(repo)]);
      expect(localBranches(repo)).toEqual(["main"]);
    },
  );

  it("keeps a branch that got its commit before the interruption", async () => {
    const repo = repoWithLockfile();
    repos.push(repo);
    const end = await runChild(repo, "lockkeeper/a-1.0.0", "commit-then-wait", "SIGTERM");
    expect(end).toMatchObject({ code: null, signal: "SIGTERM" });
    expect(existsSync(dirname(end.worktree))).toBe(false);
    expect(worktreePaths(repo)).toEqual([realpathSync(repo)]);
    expect(localBranches(repo)).toEqual(["lockkeeper/a-1.0.0", "main"]);
    expect(revParse(repo, "lockkeeper/a-1.0.0^")).toBe(revParse(repo, "main"));
  });

  it("cleans up when the work calls process.exit", async () => {
    const repo = repoWithLockfile();
    repos.push(repo);
    const end = await runChild(repo, "lockkeeper/a-1.0.0", "exit");
    expect(end).toMatchObject({ code: 3, signal: null });
    expect(existsSync(dirname(end.worktree))).toBe(false);
    expect(worktreePaths(repo)).toEqual([realpathSync(repo)]);
    expect(localBranches(repo)).toEqual(["main"]);
  });
});
