import { normalisePypiName } from "../names.js";
import { formatVersion, parseVersion } from "../pep440/version.js";

/** The two kinds of file pip installs from an index. */
export type DistributionKind = "wheel" | "sdist";

/** What a file name says: its kind and its canonical PEP 440 version, or why it is not used. */
export type FilenameVersion =
  | { ok: true; kind: DistributionKind; version: string }
  | { ok: false; reason: string };

// pip's archive extensions for source distributions (old releases still carry .zip and .tar.bz2).
const SDIST_EXTENSIONS = [
  ".tar.gz",
  ".tgz",
  ".tar.bz2",
  ".tbz",
  ".tar.xz",
  ".txz",
  ".tlz",
  ".tar.lz",
  ".tar.lzma",
  ".tar",
  ".zip",
];

// The wheel file name convention (PEP 427 / binary distribution format): the name and version
// cannot contain `-`, an optional build tag starts with a digit, then three tags.
const WHEEL_NAME = /^([^\s-]+?)-([^\s-]*?)(?:-\d[^-]*?)?-[^\s-]+?-[^\s-]+?-[^\s-]+?\.whl$/i;

/**
 * The version a distribution file of `project` carries in its name, as pip reads it: wheels by
 * the wheel naming convention, sdists by finding the `-` after which the rest is the version and
 * before which the PEP 503 name is the project's (`Foo_Bar-1.0.tar.gz` belongs to `foo-bar`).
 * Versions are returned in canonical form so `1.0-1` and `1.0.post1` are one release.
 */
export function versionFromFilename(filename: string, project: string): FilenameVersion {
  const canonicalName = normalisePypiName(project);
  const wheel = WHEEL_NAME.exec(filename);
  if (wheel) {
    const [, name = "", version = ""] = wheel;
    if (normalisePypiName(name) !== canonicalName) return otherProject(canonicalName);
    // Wheel names escape `-` in the version as `_` (`1.0_1` is `1.0-1`).
    return canonical("wheel", version.replaceAll("_", "-"), filename);
  }
  const lower = filename.toLowerCase();
  const extension = SDIST_EXTENSIONS.find((candidate) => lower.endsWith(candidate));
  if (!extension) return { ok: false, reason: "not a wheel or a source distribution" };
  const stem = filename.slice(0, -extension.length);
  // Legacy sdist names keep the project's own `-` (`foo-bar-1.0.tar.gz`): try each separator.
  for (let at = stem.indexOf("-"); at !== -1; at = stem.indexOf("-", at + 1)) {
    if (normalisePypiName(stem.slice(0, at)) === canonicalName) {
      return canonical("sdist", stem.slice(at + 1), filename);
    }
  }
  return otherProject(canonicalName);
}

function canonical(kind: DistributionKind, text: string, filename: string): FilenameVersion {
  const parsed = parseVersion(text);
  if (!parsed || text.trim() !== text) {
    return { ok: false, reason: `"${text}" in ${filename} is not a PEP 440 version` };
  }
  return { ok: true, kind, version: formatVersion(parsed) };
}

function otherProject(canonicalName: string): FilenameVersion {
  return { ok: false, reason: `the file name does not start with the project name ${canonicalName}` };
}
