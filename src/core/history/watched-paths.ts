import type { LockfileParser } from "../ecosystems/types.js";
import { parserForFile, SKIPPED_DIRECTORIES } from "../inventory/detect-lockfiles.js";

/**
 * File names history and revision diffs read from git: every name a lockfile parser claims, and the
 * manifests parsers read beside them. Requirements files can have any `.txt`/`.in` name, so those
 * are watched by extension and sniffed like on disk. Keep in step with the parsers (a test checks
 * every fixture's lockfile and manifests are covered).
 */
const WATCHED_NAMES = [
  "package-lock.json",
  "npm-shrinkwrap.json",
  "pnpm-lock.yaml",
  "yarn.lock",
  "package.json",
  "poetry.lock",
  "uv.lock",
  "pipfile.lock",
  "pipfile",
  "pyproject.toml",
  "setup.cfg",
];
const WATCHED_EXTENSIONS = [".txt", ".in"];

/**
 * Git pathspecs for the watched names anywhere below `prefix` (a root-relative directory with a
 * trailing slash, `""` for the whole repository), case-insensitive, skipped directories excluded.
 */
export function watchedPathspecs(prefix: string): string[] {
  const globs = [
    ...WATCHED_NAMES.map((name) => `**/${name}`),
    ...WATCHED_EXTENSIONS.map((ext) => `**/*${ext}`),
  ];
  return [
    ...globs.map((glob) => `:(top,glob,icase)${prefix}${glob}`),
    ...[...SKIPPED_DIRECTORIES].map((dir) => `:(top,glob,exclude)${prefix}**/${dir}/**`),
  ];
}

/** Whether history keeps track of a path (relative, forward slashes): the JavaScript twin of watchedPathspecs. */
export function isWatchedPath(path: string): boolean {
  if (inSkippedDirectory(path)) return false;
  const name = baseName(path).toLowerCase();
  return (
    WATCHED_NAMES.includes(name) ||
    WATCHED_EXTENSIONS.some((ext) => name.endsWith(ext) && name.length > ext.length)
  );
}

/**
 * The parser for a path of a tree, by the same rules as detection on disk: the first parser that
 * claims the name (and, for ambiguous names, the content); installed-package folders are skipped;
 * a pip-tools input `x.in` is left out when `x.txt` sits beside it (the lock is the truth).
 */
export function lockfileParserAt(
  path: string,
  exists: (path: string) => boolean,
  read: () => string | undefined,
): LockfileParser | undefined {
  if (inSkippedDirectory(path)) return undefined;
  if (path.endsWith(".in") && exists(`${path.slice(0, -3)}.txt`)) return undefined;
  return parserForFile(baseName(path), read, false);
}

function inSkippedDirectory(path: string): boolean {
  return path
    .split("/")
    .slice(0, -1)
    .some((segment) => SKIPPED_DIRECTORIES.has(segment));
}

function baseName(path: string): string {
  return path.slice(path.lastIndexOf("/") + 1);
}
