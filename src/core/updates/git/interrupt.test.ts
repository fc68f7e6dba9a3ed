import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, realpathSync } from "node:fs";
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
  /** The pid of the tool the child started in its worktree (tool-then-wait), read before the signal. */
  toolPid?: number;
}

/** Running, as opposed to gone or a zombie nobody has reaped yet (Linux: /proc/<pid>/stat). */
function isRunning(pid: number | undefined): boolean {
  if (pid === undefined) throw new Error("no tool pid");
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return !/^\d+ \(.*\) Z /.test(stat);
  } catch {
    return false;
  }
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
    let toolPid: number | undefined;
    // The child is signalled once it is ready (and, in tool-then-wait, its tool is running).
    const readyLines = mode === "tool-then-wait" ? 2 : 1;
    child.stdout.on("data", (chunk: Buffer) => {
      out += chunk.toString("utf8");
      const pidFile = /^tool (.*)$/m.exec(out)?.[1];
      if (pidFile && toolPid === undefined) toolPid = Number(readFileSync(pidFile, "utf8").trim());
      if (signal && out.split("\n").length > readyLines) child.kill(signal);
    });
    child.on("error", reject);
    child.on("exit", (code, received) => {
      clearTimeout(watchdog);
      resolve({
        code,
        signal: received,
        worktree: /^ready (.*)$/m.exec(out)?.[1] ?? "",
        ...(toolPid !== undefined ? { toolPid } : {}),
      });
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

  it("stops a tool still running in the worktree, and removes the worktree", async () => {
    const repo = repoWithLockfile();
    repos.push(repo);
    const end = await runChild(repo, "lockkeeper/a-1.0.0", "tool-then-wait", "SIGTERM");
    expect(end).toMatchObject({ code: null, signal: "SIGTERM" });
    expect(existsSync(dirname(end.worktree))).toBe(false);
    expect(isRunning(end.toolPid)).toBe(false);
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
