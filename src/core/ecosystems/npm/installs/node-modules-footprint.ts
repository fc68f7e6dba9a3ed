import { type Dirent, existsSync, lstatSync, readdirSync } from "node:fs";
import { join } from "node:path";

export interface Footprint {
  packages: number;
  bytes: number;
}

/** Bytes of every file below a folder; symbolic links are not followed (workspace links, pnpm). */
export function folderBytes(dir: string): number {
  let total = 0;
  for (const entry of entries(dir)) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) total += folderBytes(path);
    else if (entry.isFile()) total += lstatSync(path).size;
  }
  return total;
}

/**
 * Packages and size of a node_modules tree: npm and Yarn classic nest package folders
 * (`node_modules/a/node_modules/b`); pnpm keeps one folder per package in `node_modules/.pnpm`.
 */
export function nodeModulesFootprint(project: string): Footprint {
  const root = join(project, "node_modules");
  if (!existsSync(root)) return { packages: 0, bytes: 0 };
  const pnpmStore = join(root, ".pnpm");
  const packages = existsSync(pnpmStore)
    ? entries(pnpmStore).filter((e) => e.isDirectory() && e.name !== "node_modules").length
    : countPackages(root);
  return { packages, bytes: folderBytes(root) };
}

function countPackages(nodeModules: string): number {
  let count = 0;
  for (const entry of entries(nodeModules)) {
    if (!entry.isDirectory() || entry.name.startsWith(".")) continue;
    const path = join(nodeModules, entry.name);
    if (entry.name.startsWith("@")) {
      for (const scoped of entries(path))
        if (scoped.isDirectory()) count += packageAt(join(path, scoped.name));
    } else {
      count += packageAt(path);
    }
  }
  return count;
}

function packageAt(dir: string): number {
  if (!existsSync(join(dir, "package.json"))) return 0;
  const nested = join(dir, "node_modules");
  return 1 + (existsSync(nested) ? countPackages(nested) : 0);
}

/** Distributions (`*.dist-info`) and size of a virtual environment's site-packages folders. */
export function sitePackagesFootprint(sitePackages: readonly string[]): Footprint & { names: Set<string> } {
  const names = new Set<string>();
  let bytes = 0;
  for (const dir of sitePackages) {
    bytes += folderBytes(dir);
    for (const entry of entries(dir)) if (entry.name.endsWith(".dist-info")) names.add(entry.name);
  }
  return { packages: names.size, bytes, names };
}

function entries(dir: string): Dirent[] {
  try {
    return readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
}
