/**
 * Reading the parts of one uv.lock `[[package]]` entry: its source (and whether it is a project
 * of the workspace rather than a dependency), hashes and dependency references.
 */
import type { Hash, PackageSource } from "../../../model/types.js";
import type { TomlTable } from "../toml/read-toml.js";
import { arrayOf, isTable, stringOf, stringsOf, tableOf } from "../toml/toml-values.js";
import { hashOfFile } from "./python-hashes.js";
import { gitSourceUrl } from "./python-source.js";

/** uv's source kinds, in the order uv itself checks them. */
const SOURCE_KEYS = ["registry", "git", "url", "path", "directory", "editable", "virtual"] as const;
type UvSourceKey = (typeof SOURCE_KEYS)[number];

export interface UvSource {
  key: UvSourceKey;
  value: string;
}

/** `source = { registry = "…" }` and its siblings; undefined when absent or not understood. */
export function uvSource(value: unknown): UvSource | undefined {
  const table = tableOf(value);
  if (!table) return undefined;
  for (const key of SOURCE_KEYS) {
    const text = stringOf(table[key]);
    if (text !== undefined) return { key, value: text };
  }
  return undefined;
}

/** Identity of a source for matching dependency references (`{ name, version, source }`). */
export function uvSourceKey(source: UvSource | undefined): string | undefined {
  return source ? `${source.key}=${source.value}` : undefined;
}

/** Editable and virtual sources are projects of the workspace (installed from their own tree). */
export function isProjectSource(source: UvSource | undefined): boolean {
  return source?.key === "editable" || source?.key === "virtual";
}

export function packageSource(source: UvSource): PackageSource {
  switch (source.key) {
    case "registry":
      return { kind: "registry", url: source.value };
    case "git":
      return { kind: "git", url: uvGitUrl(source.value) };
    case "url":
      return { kind: "url", url: source.value };
    default:
      return { kind: "file", url: source.value };
  }
}

/** `https://host/repo?subdirectory=x&rev=v1#<commit>` as `git+https://host/repo@<commit>#subdirectory=x`. */
function uvGitUrl(value: string): string {
  const hash = value.indexOf("#");
  const commit = hash < 0 ? undefined : value.slice(hash + 1);
  const withoutCommit = hash < 0 ? value : value.slice(0, hash);
  const question = withoutCommit.indexOf("?");
  const repository = question < 0 ? withoutCommit : withoutCommit.slice(0, question);
  const query = new URLSearchParams(question < 0 ? "" : withoutCommit.slice(question + 1));
  const revision = commit || query.get("rev") || query.get("tag") || query.get("branch") || undefined;
  return gitSourceUrl(repository, revision, query.get("subdirectory") ?? undefined);
}

/** Digests of the sdist and every wheel (`hash = "sha256:…"`). */
export function uvHashes(entry: TomlTable): Hash[] {
  const hashes: Hash[] = [];
  const add = (file: unknown): void => {
    const hash = hashOfFile(file);
    if (hash) hashes.push(hash);
  };
  add(entry.sdist);
  for (const wheel of arrayOf(entry.wheels) ?? []) add(wheel);
  return hashes;
}

/** A dependency reference: `{ name, version?, source?, marker?, extra? }`. */
export interface UvReference {
  name: string;
  version?: string;
  source?: string;
  marker?: string;
  extras: string[];
}

/** The references of a list; `bad` counts items that are not references. */
export function uvReferences(list: unknown): { references: UvReference[]; bad: number } {
  const references: UvReference[] = [];
  let bad = 0;
  for (const item of arrayOf(list) ?? []) {
    const name = isTable(item) ? stringOf(item.name) : undefined;
    if (!isTable(item) || !name) {
      bad++;
      continue;
    }
    const reference: UvReference = { name, extras: stringsOf(item.extra) };
    const version = stringOf(item.version);
    if (version) reference.version = version;
    const source = uvSourceKey(uvSource(item.source));
    if (source) reference.source = source;
    const marker = stringOf(item.marker);
    if (marker) reference.marker = marker;
    references.push(reference);
  }
  return { references, bad };
}

/**
 * Declared ranges of a project from `[package.metadata]`: `requires-dist` and, per group,
 * `requires-dev` (both `{ name, specifier? }`). Keyed by group (`""` for requires-dist) and name.
 */
export function uvDeclaredRanges(
  metadata: unknown,
  normalise: (name: string) => string,
): Map<string, string> {
  const ranges = new Map<string, string>();
  const table = tableOf(metadata);
  const add = (group: string, list: unknown): void => {
    for (const item of arrayOf(list) ?? []) {
      const name = isTable(item) ? stringOf(item.name) : undefined;
      const specifier = isTable(item) ? stringOf(item.specifier) : undefined;
      const key = name ? `${group}\u0000${normalise(name)}` : undefined;
      if (key && specifier && !ranges.has(key)) ranges.set(key, specifier);
    }
  };
  add("", table?.["requires-dist"]);
  for (const [group, list] of Object.entries(tableOf(table?.["requires-dev"]) ?? {})) add(group, list);
  return ranges;
}

/** `resolution-markers` of a forked package: it is installed where any of them holds. */
export function uvMarkers(value: unknown): string | undefined {
  const markers = stringsOf(value).filter((m) => m !== "");
  if (markers.length <= 1) return markers[0];
  return markers.map((m) => `(${m})`).join(" or ");
}
