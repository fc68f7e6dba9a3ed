// The child process of interrupt.test.ts (bundled with esbuild, run by plain Node): under the
// CLI's interruption handling, starts an update worktree, prints its directory, then waits to be
// signalled or calls process.exit.
// Usage: node interrupted-update.mjs <repo> <branch> wait|commit-then-wait|exit|tool-then-wait
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { withInterruption } from "../../../../cli/interruption.js";
import { cancelledError } from "../../../process/cancellation.js";
import { runProcess } from "../../../process/run-process.js";
import { commitAll } from "../commit-all.js";
import { withUpdateWorktree } from "../update-branch.js";

const [repo = "", branch = "", mode = "wait"] = process.argv.slice(2);

const ended = await withInterruption(({ signal, cleanup }) => {
  const context = { env: process.env, signal, cleanup };
  return withUpdateWorktree(repo, { base: "main", branch }, context, async (dir) => {
    writeFileSync(join(dir, "package-lock.json"), "changed\n");
    if (mode === "commit-then-wait") await commitAll(dir, "chore(deps): interrupted while testing", context);
    process.stdout.write(`ready ${dir}\n`);
    if (mode === "exit") process.exit(3);
    if (mode === "tool-then-wait") {
      // A package manager still running in the worktree: it writes its pid there, then sleeps.
      const tool = runProcess("sh", ["-c", "echo $$ > tool.pid; exec sleep 30"], {
        cwd: dir,
        env: process.env,
        signal,
      });
      while (!existsSync(join(dir, "tool.pid"))) await new Promise((resolve) => setTimeout(resolve, 20));
      process.stdout.write(`tool ${join(dir, "tool.pid")}\n`);
      await tool;
    }
    // Work in core waits on processes and requests, which end on cancellation; so does this wait.
    await new Promise<never>((_, reject) => {
      const keepAlive = setInterval(() => undefined, 60_000);
      signal.addEventListener("abort", () => {
        clearInterval(keepAlive);
        reject(cancelledError("the test's wait", signal));
      });
    });
  });
});
if (ended.signal) process.kill(process.pid, ended.signal);
