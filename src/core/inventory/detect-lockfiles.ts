import { readdirSync, type Stats, statSync } from "node:fs";
import { join } from "node:path";
import { lockfileParsers } from "../ecosystems/index.js";
import type { LockfileParser } from "../ecosystems/types.js";
import { isLockkeeperError } from "../errors.js";
import type { ProjectFiles } from "../files/project-files.js";
import { notRegularReason } from "../files/read-regular-file.js";
import { SBOM_PARSERS } from "../sbom/index.js";

/** Directories never searched for lockfiles: installed packages, virtual environments, VCS data. */
export const SKIPPED_DIRECTORIES: ReadonlySet<string> = new Set([
  "node_modules",
  ".git",
  ".hg",
  ".svn",
  ".venv",
  "venv",
  ".tox",
  ".nox",
  "__pycache__",
  ".yarn",
  ".pnpm-store",
]);

export interface DetectedLockfile {
  /** Relative to the searched directory, forward slashes. */
  path: string;
  parser: LockfileParser;
  /**
   * Why the file cannot be read (a FIFO, a device, above the size limit, a binary format only
   * recognised): reported, never skipped, and never opened.
   */
  unreadable?: string;
}

/**
 * Picks the parser for one file: by name first, then (for names that several formats could use, such
 * as `*.txt`) by the parser's look at the content. SBOM readers take part only when `includeSboms`.
 */
export function parserForFile(
  fileName: string,
  readContent: () => string | undefined,
  includeSboms: boolean,
): LockfileParser | undefined {
  const candidates = includeSboms ? [...lockfileParsers(), ...SBOM_PARSERS] : lockfileParsers();
  let content: string | undefined;
  for (const parser of candidates) {
    if (!parser.matchesFileName(fileName)) continue;
    if (!parser.sniff) return parser;
    content ??= readContent();
    if (content !== undefined && parser.sniff(content, fileName)) return parser;
  }
  return undefined;
}

/**
 * Every lockfile below a directory (monorepos have several), in path order. A file its parser
 * says is replaced by one beside it (a pip-tools input `x.in` beside its compiled `x.txt`) is left out.
 */
export function detectLockfiles(
  root: string,
  files: ProjectFiles,
  exclude: (path: string) => boolean,
): DetectedLockfile[] {
  const found: DetectedLockfile[] = [];
  const walk = (relativeDir: string): void => {
    const absolute = relativeDir === "." ? root : join(root, relativeDir);
    let entries: import("node:fs").Dirent[];
    try {
      entries = readdirSync(absolute, { withFileTypes: true });
    } catch {
      return; // unreadable directory: nothing to detect there
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const names = new Set(entries.map((e) => e.name));
    for (const entry of entries) {
      const path = relativeDir === "." ? entry.name : `${relativeDir}/${entry.name}`;
      if (exclude(path)) continue;
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRECTORIES.has(entry.name)) walk(path);
        continue;
      }
      if (!entry.isFile()) {
        // A symbolic link counts as what it points to (links to folders are not followed, as
        // before: they can loop). A FIFO or device with a lockfile's name is reported, not opened:
        // reading it would block or never end.
        const stats = statOrUndefined(join(absolute, entry.name));
        if (!stats || stats.isDirectory()) continue;
        const reason = notRegularReason(stats);
        if (reason) {
          const parser = parserForFile(entry.name, () => undefined, false);
          if (parser && !isReplaced(parser, entry.name, names))
            found.push({ path, parser, unreadable: reason });
          continue;
        }
      }
      try {
        const parser = parserForFile(entry.name, () => files.readText(path), false);
        if (!parser || isReplaced(parser, entry.name, names)) continue;
        const cannotRead = parser.cannotRead?.(entry.name);
        found.push(cannotRead === undefined ? { path, parser } : { path, parser, unreadable: cannotRead });
      } catch (error: unknown) {
        // A file too large to look into is still reported under the first format its name fits.
        if (!isLockkeeperError(error) || error.code !== "UNREADABLE") throw error;
        const parser = lockfileParsers().find((p) => p.matchesFileName(entry.name));
        if (parser && !isReplaced(parser, entry.name, names))
          found.push({ path, parser, unreadable: error.message });
      }
    }
  };
  walk(".");
  return found;
}

/** Whether the parser names a file that replaces this one and that file is among `siblings`. */
export function isReplaced(
  parser: LockfileParser,
  fileName: string,
  siblings: { has(name: string): boolean },
): boolean {
  const replacement = parser.replacedBy?.(fileName);
  return replacement !== undefined && siblings.has(replacement);
}

function statOrUndefined(path: string): Stats | undefined {
  try {
    return statSync(path);
  } catch {
    return undefined; // a dangling link: nothing to read
  }
}

/** An SBOM under any file name (`deps.json`) is still recognised by its content. */
export function sbomParserByContent(content: string): LockfileParser | undefined {
  return SBOM_PARSERS.find((parser) => parser.sniff?.(content) === true);
}
