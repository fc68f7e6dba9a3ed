import { copyFileSync, cpSync, existsSync, mkdirSync, readdirSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { SKIPPED_DIRECTORIES } from "../../../inventory/detect-lockfiles.js";

/** What a package manager reads to resolve: manifests, lockfiles and their configuration. */
const RESOLUTION_FILES = new Set([
  "package.json",
  "package-lock.json",
  "npm-shrinkwrap.json",
  "pnpm-lock.yaml",
  "pnpm-workspace.yaml",
  ".pnpmfile.cjs",
  "yarn.lock",
  ".npmrc",
  ".yarnrc",
  ".yarnrc.yml",
]);

/**
 * Copies only what resolution needs (workspace manifests included, sources left out), so a
 * package manager can change a lockfile in a scratch folder in a moment even for a large project.
 * Yarn 2+ also needs its pinned release and plugins from `.yarn/`.
 */
export function copyResolutionFiles(from: string, to: string): void {
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRECTORIES.has(entry.name) && entry.name !== ".yarn") walk(path);
      } else if (entry.isFile() && RESOLUTION_FILES.has(entry.name)) {
        const target = join(to, relative(from, path));
        mkdirSync(dirname(target), { recursive: true });
        copyFileSync(path, target);
      }
    }
  };
  walk(from);
  for (const folder of [".yarn/releases", ".yarn/plugins"]) {
    if (existsSync(join(from, folder))) cpSync(join(from, folder), join(to, folder), { recursive: true });
  }
}
