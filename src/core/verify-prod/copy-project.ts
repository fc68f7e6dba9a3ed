import { cpSync, existsSync } from "node:fs";
import { basename, join } from "node:path";

/** Never copied: installed dependencies, virtual environments, caches and version control. */
const SKIPPED = new Set([
  "node_modules",
  ".git",
  ".hg",
  ".svn",
  "__pycache__",
  ".pnpm-store",
  ".tox",
  ".nox",
]);

/**
 * Copies a project for a clean install: everything (sources, manifests, lockfiles, `.npmrc`,
 * build output the smoke command may run) except what an install would create.
 */
export function copyProject(from: string, to: string): void {
  cpSync(from, to, {
    recursive: true,
    filter: (source) => {
      if (source === from) return true;
      if (SKIPPED.has(basename(source))) return false;
      return !existsSync(join(source, "pyvenv.cfg"));
    },
  });
}
