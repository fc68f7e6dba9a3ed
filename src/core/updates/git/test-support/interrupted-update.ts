// The child process of interrupt.test.ts (bundled with esbuild, run by plain Node): starts an
// update worktree, prints its directory, then waits to be signalled or calls process.exit.
// Usage: node interrupted-update.mjs <repo> <branch> wait|commit-then-wait|exit|tool-then-wait
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { runProcess } from "../../../verify-prod/run-process.js";
import { commitAll } from "../commit-all.js";
import { withUpdateWorktree } from "../update-branch.js";

const [repo = "", branch = "", mode = "wait"] = process.argv.slice(2);

await withUpdateWorktree(repo, { base: "main", branch }, async (dir) => {
  writeFileSync(join(dir, "package-lock.json"), "changed\n");
  if (mode === "commit-then-wait") await commitAll(dir, "chore(deps): interrupted while testing");
  process.stdout.write(`ready ${dir}\n`);
  if (mode === "exit") process.exit(3);
  if (mode === "tool-then-wait") {
    // A package manager still running in the worktree: it writes its pid there, then sleeps.
    void runProcess("sh", ["-c", "echo $$ > tool.pid; exec sleep 30"], { cwd: dir, env: process.env });
    while (!existsSync(join(dir, "tool.pid"))) await new Promise((resolve) => setTimeout(resolve, 20));
    process.stdout.write(`tool ${join(dir, "tool.pid")}\n`);
  }
  // A timer keeps the event loop alive until the signal comes.
  await new Promise<never>(() => setInterval(() => undefined, 60_000));
});
