import type { DependencyKind, Hash, PackageSource } from "../../../../model/types.js";
import type { Descriptor } from "./descriptors.js";
import { blockField, type YarnMap } from "./lock-syntax.js";

/** A dependency an entry (or a workspace) declares, as written in yarn.lock. */
export interface LockDependency {
  name: string;
  range: string;
  kind: DependencyKind;
  line: number;
}

/** One yarn.lock entry, dialect-independent: a package, or a workspace when `workspacePath` is set. */
export interface LockEntry {
  /** The header as written, all descriptors (`a@^1, a@^1.1`): the location key. */
  key: string;
  line: number;
  /** The descriptors that resolve to this entry: the keys dependencies are looked up by. */
  descriptors: Descriptor[];
  /** Real package name (an alias's target, a patch's package). */
  name: string;
  version?: string;
  source: PackageSource;
  hashes: Hash[];
  /** Descriptor names that differ from the real name (`npm:` aliases). */
  aliases: string[];
  /** Set for berry `workspace:` entries: the workspace's directory relative to the lockfile. */
  workspacePath?: string;
  dependencies: LockDependency[];
}

/** An entry, or the reason it could not be read. */
export type EntryResult = { entry: LockEntry } | { error: string };

/**
 * Reads a `dependencies`-like block (`name range` pairs).
 * @param kindOf the edge kind of each name (berry marks optional ones in `dependenciesMeta`).
 * @returns the pairs, or an error naming the malformed line.
 */
export function readDependencyBlock(
  body: YarnMap,
  block: string,
  kindOf: (name: string) => DependencyKind,
  into: LockDependency[],
): string | undefined {
  const field = body.get(block);
  if (field === undefined) return undefined;
  if (typeof field.value === "string") {
    // `dependencies: {}` style or a stray scalar: an empty flow map is the only harmless one.
    return field.value === "{}" ? undefined : `"${block}" is not a block (line ${field.line})`;
  }
  for (const [name, dep] of field.value) {
    if (typeof dep.value !== "string" || dep.value === "") {
      return `dependency "${name}" in "${block}" has no range (line ${dep.line})`;
    }
    into.push({ name, range: dep.value, kind: kindOf(name), line: dep.line });
  }
  return undefined;
}

const NONE: ReadonlySet<string> = new Set();

/** Names berry marks `optional: true` in `dependenciesMeta` (optional dependencies live in `dependencies`). */
export function optionalNames(body: YarnMap): ReadonlySet<string> {
  const meta = blockField(body, "dependenciesMeta");
  if (!meta) return NONE;
  const names = new Set<string>();
  for (const [name, field] of meta) {
    if (typeof field.value !== "string" && field.value.get("optional")?.value === "true") names.add(name);
  }
  return names;
}
