import type { SourceKind } from "../../../model/types.js";
import { normalisePypiName } from "../names.js";

/** What a requirement URL or path tells about the package without fetching anything. */
export interface UrlFacts {
  kind: SourceKind;
  /** From `#egg=name` or an archive file name. */
  name?: string;
  /** From a wheel or sdist file name; VCS refs are not versions, so never from those. */
  version?: string;
  /** A local directory or file, relative or absolute, as written (no `file:` scheme, no fragment). */
  localPath?: string;
}

const VCS_PREFIX = /^(git|hg|svn|bzr)\+/i;
const SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*:\/\//;
const NAME = /^[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?$/;
const WHEEL = /^([^-]+)-([^-]+)(?:-[^-]+)?-[^-]+-[^-]+-[^-]+\.whl$/i;
const SDIST = /^(.+?)-(\d[^-]*?)\.(?:tar\.gz|tar\.bz2|tar\.xz|tgz|tbz|zip|tar)$/i;
const ARCHIVE = /\.(?:whl|tar\.gz|tar\.bz2|tar\.xz|tgz|tbz|zip|tar)$/i;

/**
 * Whether requirement text is a URL or a path rather than a PEP 508 name: a scheme, a VCS
 * prefix, an explicit relative or absolute path, or an archive file name (pip's own tests).
 */
export function looksLikeUrlOrPath(text: string): boolean {
  return (
    SCHEME.test(text) ||
    VCS_PREFIX.test(text) ||
    text.startsWith("file:") ||
    text === "." ||
    text === ".." ||
    text.startsWith("./") ||
    text.startsWith("../") ||
    (text.startsWith("/") && !text.startsWith("//")) ||
    text.startsWith("~") ||
    /^[A-Za-z]:[\\/]/.test(text) ||
    ARCHIVE.test(stripFragment(text))
  );
}

/** Reads the source kind, name and version a URL, VCS reference or path gives away. */
export function describeUrl(url: string): UrlFacts {
  const facts: UrlFacts = { kind: "url" };
  if (VCS_PREFIX.test(url)) {
    facts.kind = /^git\+/i.test(url) ? "git" : "url";
  } else if (/^file:/i.test(url)) {
    facts.kind = "file";
    facts.localPath = decodePath(stripFragment(url).replace(/^file:(\/\/(localhost)?)?/i, ""));
  } else if (!SCHEME.test(url)) {
    facts.kind = "file";
    facts.localPath = stripFragment(url);
  }
  const egg = /[#&]egg=([^&]+)/.exec(url)?.[1];
  const eggName = egg?.replace(/\[.*$/, "");
  if (eggName && NAME.test(eggName)) facts.name = eggName;
  // A git checkout's path segment is a repository, not a distribution file.
  if (facts.kind !== "git") {
    const archive = archiveFacts(lastSegment(url));
    if (archive) {
      if (!facts.name) facts.name = archive.name;
      if (normalisePypiName(facts.name) === normalisePypiName(archive.name)) facts.version = archive.version;
    }
  }
  return facts;
}

/** Name and version from a wheel (`name-1.0-py3-none-any.whl`) or sdist (`name-1.0.tar.gz`) file name. */
export function archiveFacts(fileName: string): { name: string; version: string } | undefined {
  const [, name, version] = WHEEL.exec(fileName) ?? SDIST.exec(fileName) ?? [];
  if (name === undefined || version === undefined) return undefined;
  return NAME.test(name) && /^v?\d/.test(version) ? { name, version } : undefined;
}

function stripFragment(url: string): string {
  const cut = url.search(/[#?]/);
  return cut < 0 ? url : url.slice(0, cut);
}

function lastSegment(url: string): string {
  const path = stripFragment(url).replace(/[\\/]+$/, "");
  return path.slice(Math.max(path.lastIndexOf("/"), path.lastIndexOf("\\")) + 1);
}

function decodePath(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path; // a stray `%` is a literal character in a hand-written path
  }
}
