import { existsSync } from "node:fs";
import { dirname, join } from "node:path";

/**
 * The root of the git checkout a directory is in: the nearest directory at or above it holding
 * `.git` (a folder, or a worktree's file). Found on disk, without running git, so a scan of a
 * checkout without git installed still knows its root. Undefined outside a checkout.
 */
export function checkoutRoot(dir: string): string | undefined {
  for (let current = dir; ; current = dirname(current)) {
    if (existsSync(join(current, ".git"))) return current;
    if (dirname(current) === current) return undefined;
  }
}
