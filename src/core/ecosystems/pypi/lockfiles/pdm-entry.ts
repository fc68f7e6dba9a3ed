/**
 * Reading the parts of one pdm.lock `[[package]]` entry: its source, its files' digests (inline
 * since lock 4.3, in `[metadata.files]` before) and the scope its `groups` give it.
 */
import type { Hash, PackageSource, Scope } from "../../../model/types.js";
import { normalisePypiName } from "../names.js";
import type { TomlTable } from "../toml/read-toml.js";
import { arrayOf, stringOf, stringsOf, tableOf } from "../toml/toml-values.js";
import { hashOfFile } from "./python-hashes.js";
import { gitSourceUrl } from "./python-source.js";

/** `git = …` (with `revision`, the resolved commit), `url = …`, `path = …`, or the index. */
export function pdmSource(entry: TomlTable): PackageSource {
  const git = stringOf(entry.git);
  if (git) {
    const revision = stringOf(entry.revision) ?? stringOf(entry.ref);
    return { kind: "git", url: gitSourceUrl(git, revision, stringOf(entry.subdirectory)) };
  }
  const url = stringOf(entry.url);
  if (url) return url.startsWith("file:") ? { kind: "file", url: url.slice(5) } : { kind: "url", url };
  const path = stringOf(entry.path);
  if (path) return { kind: "file", url: path };
  return { kind: "registry" };
}

/**
 * `[metadata.files]` of locks before 4.3: `"name version" = [{url, hash}, …]`, looked up by the
 * normalised name and the version.
 */
export class LegacyFiles {
  private readonly byKey = new Map<string, unknown[]>();

  constructor(metadata: TomlTable | undefined) {
    for (const [key, list] of Object.entries(tableOf(metadata?.files) ?? {})) {
      const space = key.lastIndexOf(" ");
      const files = arrayOf(list);
      if (space > 0 && files)
        this.byKey.set(`${normalisePypiName(key.slice(0, space))} ${key.slice(space + 1)}`, files);
    }
  }

  filesOf(name: string, version: string): unknown[] | undefined {
    return this.byKey.get(`${normalisePypiName(name)} ${version}`);
  }
}

export function pdmHashes(entry: TomlTable, legacy: LegacyFiles, name: string, version: string): Hash[] {
  const files = arrayOf(entry.files) ?? legacy.filesOf(name, version) ?? [];
  const hashes: Hash[] = [];
  for (const file of files) {
    const hash = hashOfFile(file);
    if (hash) hashes.push(hash);
  }
  return hashes;
}

/**
 * The scope pdm's `groups` give a package (lock 4.4.1 and later): what the `default` group
 * needs is production, what only an extra of the project (`[project.optional-dependencies]`)
 * needs is optional, the rest development. Undefined when the entry has no groups.
 */
export function scopeFromGroups(entry: TomlTable, extras: ReadonlySet<string>): Scope | undefined {
  if (!Array.isArray(entry.groups)) return undefined;
  const groups = stringsOf(entry.groups).map(normalisePypiName);
  if (groups.includes("default")) return "prod";
  return groups.some((group) => extras.has(group)) ? "optional" : "dev";
}
