/**
 * Reading one `[[packages]]` entry of a pylock.toml (PEP 751): where it installs from and the
 * digests of its files. A package comes from exactly one of `vcs`, `directory`, `archive`, or an
 * index (`index`, with `sdist` and `wheels`).
 */
import { hashFromPrefixed } from "../../../../model/hashes.js";
import type { Hash, PackageSource } from "../../../../model/types.js";
import type { TomlTable } from "../../toml/read-toml.js";
import { arrayOf, isTable, stringOf, tableOf } from "../../toml/toml-values.js";
import { gitSourceUrl } from "../python-source.js";

export type PylockSource =
  | { kind: "package"; source: PackageSource }
  /** A directory at the lock's own directory: the project being locked, a root rather than a package. */
  | { kind: "project" };

/** The entry's source; a string is the reason it cannot be read. */
export function pylockSource(entry: TomlTable): PylockSource | string {
  const vcs = entry.vcs;
  if (vcs !== undefined) {
    if (!isTable(vcs)) return "vcs is not a table";
    const type = stringOf(vcs.type);
    const location = stringOf(vcs.url) ?? stringOf(vcs.path);
    if (!type || !location) return "vcs without a type and a url or path";
    const commit = stringOf(vcs["commit-id"]);
    const subdirectory = stringOf(vcs.subdirectory);
    if (type === "git")
      return { kind: "package", source: { kind: "git", url: gitSourceUrl(location, commit, subdirectory) } };
    // Other systems (hg, svn, bzr) in pip's `<vcs>+<url>@<revision>` spelling.
    const url = `${type}+${location}${commit ? `@${commit}` : ""}${subdirectory ? `#subdirectory=${subdirectory}` : ""}`;
    return { kind: "package", source: { kind: "url", url } };
  }
  const directory = entry.directory;
  if (directory !== undefined) {
    const path = isTable(directory) ? stringOf(directory.path) : undefined;
    if (path === undefined) return "directory without a path";
    if (path === "." || path === "./") return { kind: "project" };
    return { kind: "package", source: { kind: "file", url: path } };
  }
  const archive = entry.archive;
  if (archive !== undefined) {
    if (!isTable(archive)) return "archive is not a table";
    const url = stringOf(archive.url);
    const path = stringOf(archive.path);
    if (url) return { kind: "package", source: { kind: "url", url } };
    if (path) return { kind: "package", source: { kind: "file", url: path } };
    return "archive without a url or path";
  }
  const index = stringOf(entry.index);
  return { kind: "package", source: index ? { kind: "registry", url: index } : { kind: "registry" } };
}

/** Digests of the archive, the sdist and every wheel (`hashes = { sha256 = "…" }`). */
export function pylockHashes(entry: TomlTable): Hash[] {
  const hashes: Hash[] = [];
  const add = (file: unknown): void => {
    const table = isTable(file) ? tableOf(file.hashes) : undefined;
    if (!table) return;
    for (const algorithm in table) {
      const value = table[algorithm];
      if (typeof value !== "string") continue;
      // Nearly every digest is a lower-case sha256: build those without the general path's checks.
      if (algorithm === "sha256" && value.length === 64 && isLowerHex(value))
        hashes.push({ algorithm, value });
      else {
        const hash = hashFromPrefixed(`${algorithm}:${value}`);
        if (hash) hashes.push(hash);
      }
    }
  };
  add(entry.archive);
  add(entry.sdist);
  for (const wheel of arrayOf(entry.wheels) ?? []) add(wheel);
  return hashes;
}

function isLowerHex(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (!((c >= 48 && c <= 57) || (c >= 97 && c <= 102))) return false;
  }
  return true;
}
