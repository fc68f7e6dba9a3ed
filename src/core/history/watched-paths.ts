import { lockfileParsers } from "../ecosystems/index.js";
import type { LockfileParser } from "../ecosystems/types.js";
import { isReplaced, parserForFile, SKIPPED_DIRECTORIES } from "../inventory/detect-lockfiles.js";

/**
 * Manifests parsers read beside their lockfiles. The lockfiles themselves are watched by the name
 * patterns each parser declares (`fileNamePatterns`), so a new format needs nothing here. Keep in
 * step with the parsers (a test checks every fixture's lockfile and manifests are covered).
 */
const WATCHED_MANIFESTS = ["package.json", "pipfile", "pyproject.toml", "setup.cfg"];

/** Every lockfile name pattern the registered parsers declare, plus the manifests, lower-cased. */
function watchedPatterns(): string[] {
  const patterns = new Set(WATCHED_MANIFESTS);
  for (const parser of lockfileParsers())
    for (const pattern of parser.fileNamePatterns ?? []) patterns.add(pattern.toLowerCase());
  return [...patterns];
}

/**
 * A pattern as a test on a lower-cased file name. `*` stands for at least one character that is
 * not `/`: `*.in` must not watch a file named just `.in`.
 */
function nameTest(pattern: string): (name: string) => boolean {
  if (!pattern.includes("*")) return (name) => name === pattern;
  const source = pattern
    .split("*")
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
    .join("[^/]+");
  const regex = new RegExp(`^${source}$`);
  return (name) => regex.test(name);
}

let cachedTests: { key: string; tests: Array<(name: string) => boolean> } | undefined;

/** The name tests for the parsers registered now (a test may register an ecosystem of its own). */
function nameTests(): Array<(name: string) => boolean> {
  const patterns = watchedPatterns();
  const key = patterns.join("\u0000");
  if (cachedTests?.key !== key) cachedTests = { key, tests: patterns.map(nameTest) };
  return cachedTests.tests;
}

/**
 * Git pathspecs for the watched names anywhere below `prefix` (a root-relative directory with a
 * trailing slash, `""` for the whole repository), case-insensitive, skipped directories excluded.
 */
export function watchedPathspecs(prefix: string): string[] {
  const globs = watchedPatterns().map((pattern) => `**/${pattern}`);
  return [
    ...globs.map((glob) => `:(top,glob,icase)${prefix}${glob}`),
    ...[...SKIPPED_DIRECTORIES].map((dir) => `:(top,glob,exclude)${prefix}**/${dir}/**`),
  ];
}

/** Whether history keeps track of a path (relative, forward slashes): the JavaScript twin of watchedPathspecs. */
export function isWatchedPath(path: string): boolean {
  if (inSkippedDirectory(path)) return false;
  const name = baseName(path).toLowerCase();
  return nameTests().some((test) => test(name));
}

/**
 * The parser for a path of a tree, by the same rules as detection on disk: the first parser that
 * claims the name (and, for ambiguous names, the content); installed-package folders are skipped;
 * a file its parser says is replaced by one beside it (`x.in` beside `x.txt`) is left out.
 */
export function lockfileParserAt(
  path: string,
  exists: (path: string) => boolean,
  read: () => string | undefined,
): LockfileParser | undefined {
  if (inSkippedDirectory(path)) return undefined;
  const name = baseName(path);
  const parser = parserForFile(name, read, false);
  if (!parser) return undefined;
  const dir = path.slice(0, path.length - name.length);
  return isReplaced(parser, name, { has: (sibling) => exists(`${dir}${sibling}`) }) ? undefined : parser;
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
