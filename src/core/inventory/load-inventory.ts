import { existsSync, readFileSync, statSync } from "node:fs";
import { basename, dirname, resolve } from "node:path";
import { LockkeeperError } from "../errors.js";
import { DiskFiles } from "../files/project-files.js";
import type { Inventory, Snapshot } from "../model/types.js";
import { detectLockfiles, parserForFile, sbomParserByContent } from "./detect-lockfiles.js";

export interface LoadInventoryOptions {
  /** Directory relative targets are resolved against, and file names in messages are shown from. */
  cwd: string;
  /** Paths (relative to the target directory) to leave out of detection. */
  exclude?: (path: string) => boolean;
  /** Called before each lockfile is parsed, for progress on large monorepos. */
  onLockfile?: (path: string, index: number, total: number) => void;
}

/**
 * The inventory of a directory (every lockfile below it) or of one file (a lockfile or an SBOM).
 * Throws LockkeeperError for a missing target, an unknown file format or a directory without lockfiles.
 */
export function loadInventory(target: string, options: LoadInventoryOptions): Inventory {
  const absolute = resolve(options.cwd, target);
  if (!existsSync(absolute)) {
    throw new LockkeeperError("NOT_FOUND", `no such file or directory: ${target}`);
  }
  if (statSync(absolute).isDirectory()) return loadDirectory(target, absolute, options);
  return { target, snapshots: [loadFile(absolute, target, options.cwd)] };
}

function loadDirectory(target: string, absolute: string, options: LoadInventoryOptions): Inventory {
  const files = new DiskFiles(absolute, options.cwd);
  const detected = detectLockfiles(absolute, files, options.exclude ?? (() => false));
  if (detected.length === 0) {
    throw new LockkeeperError("NO_LOCKFILE", `no lockfile found under ${target}`, {
      hint: "Lockkeeper reads package-lock.json, npm-shrinkwrap.json, pnpm-lock.yaml, yarn.lock, requirements*.txt, *.in, poetry.lock, uv.lock and Pipfile.lock; pass an SBOM file directly.",
    });
  }
  const snapshots: Snapshot[] = detected.map(({ path, parser }, index) => {
    options.onLockfile?.(path, index, detected.length);
    const content = files.readText(path) ?? "";
    return parser.parse({ path, content, files });
  });
  return { target, snapshots };
}

function loadFile(absolute: string, target: string, cwd: string): Snapshot {
  const name = basename(absolute);
  let content: string | undefined;
  const read = (): string => {
    content ??= readFileSync(absolute, "utf8");
    return content;
  };
  const parser = parserForFile(name, read, true) ?? sbomParserByContent(read());
  if (!parser) {
    throw new LockkeeperError("UNKNOWN_FORMAT", `${target}: not a lockfile or SBOM format Lockkeeper reads`, {
      file: target,
      hint: "supported: package-lock.json, npm-shrinkwrap.json, pnpm-lock.yaml, yarn.lock, requirements files, poetry.lock, uv.lock, Pipfile.lock, CycloneDX and SPDX JSON",
    });
  }
  const files = new DiskFiles(dirname(absolute), cwd);
  return parser.parse({ path: name, content: read(), files });
}
