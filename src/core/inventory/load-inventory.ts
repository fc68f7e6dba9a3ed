import { existsSync, statSync } from "node:fs";
import { basename, dirname, resolve } from "node:path";
import type { LockfileParser } from "../ecosystems/types.js";
import { isLockkeeperError, LockkeeperError } from "../errors.js";
import { DiskFiles } from "../files/project-files.js";
import { DEFAULT_LIMITS, type ReadLimits, readRegularFile } from "../files/read-regular-file.js";
import type { Inventory, Snapshot } from "../model/types.js";
import { detectLockfiles, parserForFile, sbomParserByContent } from "./detect-lockfiles.js";
import { parseLockfile } from "./parse-lockfile.js";

export interface LoadInventoryOptions {
  /** Directory relative targets are resolved against, and file names in messages are shown from. */
  cwd: string;
  /** Paths (relative to the target directory) to leave out of detection. */
  exclude?: (path: string) => boolean;
  /** Called before each lockfile is parsed, for progress on large monorepos. */
  onLockfile?: (path: string, index: number, total: number) => void;
  /** The size limit of every file read (`limits.maxFileSize`). */
  limits?: ReadLimits;
  /** Told of every file read: lockfiles, SBOMs and the manifests and includes parsers read beside them. */
  onFileRead?: (absolutePath: string, text: string) => void;
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
  return { target, snapshots: [loadFile(absolute, target, options)] };
}

function loadDirectory(target: string, absolute: string, options: LoadInventoryOptions): Inventory {
  const files = new DiskFiles(absolute, options.cwd, options.limits, options.onFileRead);
  const detected = detectLockfiles(absolute, files, options.exclude ?? (() => false));
  if (detected.length === 0) {
    throw new LockkeeperError("NO_LOCKFILE", `no lockfile found under ${target}`, {
      hint: "Lockkeeper reads package-lock.json, npm-shrinkwrap.json, pnpm-lock.yaml, yarn.lock, bun.lock, requirements*.txt, *.in, poetry.lock, uv.lock, Pipfile.lock, pdm.lock and pylock.toml (pylock.*.toml); pass an SBOM file directly.",
    });
  }
  const unreadable: LockkeeperError[] = [];
  const snapshots: Snapshot[] = detected.map(({ path, parser, unreadable: reason }, index) => {
    options.onLockfile?.(path, index, detected.length);
    if (reason !== undefined) {
      const error = new LockkeeperError("UNREADABLE", reason, { file: files.display(path) });
      unreadable.push(error);
      return unreadableSnapshot(path, parser, error);
    }
    try {
      const content = files.readText(path) ?? "";
      return parseLockfile(parser, { path, content, files });
    } catch (error: unknown) {
      // One corrupt lockfile of a monorepo must not hide the others: it is reported in its
      // coverage and the command says the result is incomplete. Bugs and cancellation still throw.
      if (!isLockkeeperError(error) || error.code === "CANCELLED") throw error;
      unreadable.push(error);
      return unreadableSnapshot(path, parser, error);
    }
  });
  if (unreadable.length > 0 && unreadable.length === snapshots.length) {
    // Nothing could be read: that is an input error, not an empty inventory.
    const [first] = unreadable as [LockkeeperError];
    if (unreadable.length === 1) throw first;
    throw new LockkeeperError(
      "PARSE",
      `none of the ${unreadable.length} lockfiles under ${target} could be read: ${unreadable.map((e) => e.describe().split("\n")[0]).join("; ")}`,
    );
  }
  return { target, snapshots };
}

/** The place of a lockfile that could not be read at all: no packages, and the reason in its coverage. */
export function unreadableSnapshot(path: string, parser: LockfileParser, error: LockkeeperError): Snapshot {
  return {
    lockfile: { path, format: parser.format, ecosystem: parser.ecosystem, formatVersion: "", manifests: [] },
    roots: [],
    packages: [],
    edges: [],
    coverage: {
      entries: 0,
      parsed: 0,
      skipped: [],
      warnings: [],
      unreadable: { reason: error.message, ...(error.line !== undefined ? { line: error.line } : {}) },
    },
  };
}

function loadFile(absolute: string, target: string, options: LoadInventoryOptions): Snapshot {
  const name = basename(absolute);
  const limits = options.limits ?? DEFAULT_LIMITS;
  let content: string | undefined;
  const read = (): string => {
    if (content === undefined) {
      content = readRegularFile(absolute, target, limits);
      options.onFileRead?.(absolute, content);
    }
    return content;
  };
  const parser = parserForFile(name, read, true) ?? sbomParserByContent(read());
  if (!parser) {
    throw new LockkeeperError("UNKNOWN_FORMAT", `${target}: not a lockfile or SBOM format Lockkeeper reads`, {
      file: target,
      hint: "supported: package-lock.json, npm-shrinkwrap.json, pnpm-lock.yaml, yarn.lock, bun.lock, requirements files, poetry.lock, uv.lock, Pipfile.lock, pdm.lock, pylock.toml, CycloneDX and SPDX JSON",
    });
  }
  const files = new DiskFiles(dirname(absolute), options.cwd, limits, options.onFileRead);
  return parseLockfile(parser, { path: name, content: read(), files });
}

/** A lockfile that could not be read while others were (see `Coverage.unreadable`). */
export interface UnreadableLockfile {
  path: string;
  reason: string;
  line?: number;
}

/** The lockfiles of an inventory that could not be read, in inventory order. */
export function unreadableLockfiles(inventory: Inventory): UnreadableLockfile[] {
  return inventory.snapshots.flatMap((s) =>
    s.coverage.unreadable ? [{ path: s.lockfile.path, ...s.coverage.unreadable }] : [],
  );
}
