import { existsSync } from "node:fs";
import { join } from "node:path";
import { folderBytes, folderEntries } from "../../../files/folder-bytes.js";
import type { InstallFootprint } from "../../install-support.js";

/**
 * Packages and size of a node_modules tree: npm and Yarn classic nest package folders
 * (`node_modules/a/node_modules/b`); pnpm keeps one folder per package in `node_modules/.pnpm`.
 */
export function nodeModulesFootprint(project: string): InstallFootprint {
  const root = join(project, "node_modules");
  if (!existsSync(root)) return { packages: new Set(), bytes: 0 };
  const pnpmStore = join(root, ".pnpm");
  const packages = existsSync(pnpmStore)
    ? new Set(
        folderEntries(pnpmStore)
          .filter((e) => e.isDirectory() && e.name !== "node_modules")
          .map((e) => e.name),
      )
    : packageFolders(root, new Set());
  return { packages, bytes: folderBytes(root) };
}

function packageFolders(nodeModules: string, found: Set<string>): Set<string> {
  for (const entry of folderEntries(nodeModules)) {
    if (!entry.isDirectory() || entry.name.startsWith(".")) continue;
    const path = join(nodeModules, entry.name);
    if (entry.name.startsWith("@")) {
      for (const scoped of folderEntries(path))
        if (scoped.isDirectory()) packageAt(join(path, scoped.name), found);
    } else {
      packageAt(path, found);
    }
  }
  return found;
}

function packageAt(dir: string, found: Set<string>): void {
  if (!existsSync(join(dir, "package.json"))) return;
  found.add(dir);
  const nested = join(dir, "node_modules");
  if (existsSync(nested)) packageFolders(nested, found);
}
