/**
 * Reading the parts of one poetry.lock `[[package]]` entry: its source, hashes, markers and the
 * extras that pull in each optional dependency. Kept apart from the parser so each piece can be
 * tested on small tables.
 */
import type { Hash, PackageSource } from "../../../model/types.js";
import { normalisePypiName } from "../names.js";
import { parsePep508 } from "../pep508.js";
import type { TomlTable } from "../toml/read-toml.js";
import { arrayOf, isTable, stringOf, stringsOf, tableOf } from "../toml/toml-values.js";
import { hashOfFile } from "./python-hashes.js";
import { gitSourceUrl } from "./python-source.js";

/** `[package.source]`: absent means PyPI; `legacy` is a private (PEP 503 simple) registry. */
export function poetrySource(table: TomlTable | undefined): { source: PackageSource; unknownType?: string } {
  if (!table) return { source: { kind: "registry" } };
  const type = stringOf(table.type);
  const url = stringOf(table.url);
  const at = (kind: PackageSource["kind"]): PackageSource => (url ? { kind, url } : { kind });
  switch (type) {
    case "git": {
      if (!url) return { source: { kind: "git" } };
      const revision = stringOf(table.resolved_reference) ?? stringOf(table.reference);
      return { source: { kind: "git", url: gitSourceUrl(url, revision, stringOf(table.subdirectory)) } };
    }
    case "url":
      return { source: at("url") };
    case "file":
    case "directory":
      return { source: at("file") };
    case "legacy":
    case "pypi":
    case undefined:
      return { source: at("registry") };
    default:
      return { source: at("registry"), unknownType: type };
  }
}

/** Digests from `files = [{file, hash}]` (lock 2.x) or from the lock-wide tables of 1.x. */
export function poetryHashes(entry: TomlTable, legacy: LegacyHashes, version: string): Hash[] {
  const files = arrayOf(entry.files);
  if (files && files.length > 0) return hashesOfFiles(files);
  return legacy.hashesFor(stringOf(entry.name) ?? "", version);
}

function hashesOfFiles(files: unknown[]): Hash[] {
  const hashes: Hash[] = [];
  for (const file of files) {
    const hash = hashOfFile(file);
    if (hash) hashes.push(hash);
  }
  return hashes;
}

/**
 * Lock-version 1.x keeps hashes outside the entries: `[metadata.files]` (name → [{file, hash}])
 * or, before 1.0, `[metadata.hashes]` (name → bare sha256 hex). Both are keyed by name only, so
 * when a name is locked at several versions the file names tell the versions apart.
 */
export class LegacyHashes {
  private readonly files = new Map<string, unknown[]>();
  private readonly bare = new Map<string, string[]>();

  constructor(
    metadata: TomlTable | undefined,
    private readonly versionsPerName: Map<string, number>,
  ) {
    for (const [name, list] of Object.entries(tableOf(metadata?.files) ?? {})) {
      const items = arrayOf(list);
      if (items) this.files.set(normalisePypiName(name), items);
    }
    for (const [name, list] of Object.entries(tableOf(metadata?.hashes) ?? {}))
      this.bare.set(normalisePypiName(name), stringsOf(list));
  }

  hashesFor(name: string, version: string): Hash[] {
    const key = normalisePypiName(name);
    const files = this.files.get(key);
    if (files) {
      const shared = (this.versionsPerName.get(key) ?? 0) > 1;
      return hashesOfFiles(
        shared ? files.filter((f) => isTable(f) && fileHasVersion(stringOf(f.file) ?? "", version)) : files,
      );
    }
    return (this.bare.get(key) ?? []).flatMap((hex): Hash[] =>
      /^[0-9a-f]{64}$/i.test(hex) ? [{ algorithm: "sha256", value: hex.toLowerCase() }] : [],
    );
  }
}

function fileHasVersion(file: string, version: string): boolean {
  // Wheels and eggs: name-version-tags; sdists: name-version.tar.gz / .zip.
  if (file.includes(`-${version}-`)) return true;
  return [".tar.gz", ".zip", ".tar.bz2", ".tgz", ".tar"].some((ext) => file.endsWith(`-${version}${ext}`));
}

/**
 * Package markers: one string, or (lock 2.1) one per group when they differ. The package is
 * installed when any group's marker holds, so per-group markers are joined with `or`.
 */
export function poetryMarkers(value: unknown): string | undefined {
  if (typeof value === "string") return value || undefined;
  if (!isTable(value)) return undefined;
  const unique = [
    ...new Set(Object.values(value).filter((v): v is string => typeof v === "string" && v !== "")),
  ];
  if (unique.length <= 1) return unique[0];
  return unique.map((marker) => `(${marker})`).join(" or ");
}

/**
 * For each optional dependency (normalised name), the package's extras that list it in
 * `[package.extras]`. An extra may name the package itself with other extras
 * (`all = ["pkg[a,b]"]`); those are followed.
 */
export function extrasByDependency(extras: unknown, selfName: string): Map<string, string[]> {
  const self = normalisePypiName(selfName);
  const names = new Map<string, string[]>();
  const includes = new Map<string, string[]>();
  for (const [extra, list] of Object.entries(tableOf(extras) ?? {})) {
    const key = normalisePypiName(extra);
    for (const item of stringsOf(list)) {
      const requirement = parsePep508(item);
      if (typeof requirement === "string") continue;
      const name = normalisePypiName(requirement.name);
      if (name === self) push(includes, key, ...requirement.extras.map(normalisePypiName));
      else push(names, key, name);
    }
  }
  const result = new Map<string, string[]>();
  for (const extra of new Set([...names.keys(), ...includes.keys()])) {
    const seen = new Set<string>();
    const stack = [extra];
    for (let current = stack.pop(); current !== undefined; current = stack.pop()) {
      if (seen.has(current)) continue;
      seen.add(current);
      for (const name of names.get(current) ?? []) push(result, name, extra);
      stack.push(...(includes.get(current) ?? []));
    }
  }
  return result;
}

/** Extras named in a marker (`extra == "socks"`), for locks that have no `[package.extras]`. */
export function extrasInMarker(marker: string | undefined): string[] {
  if (!marker) return [];
  return [...marker.matchAll(/\bextra\s*==\s*["']([^"']+)["']/g)].map((m) => normalisePypiName(m[1] ?? ""));
}

function push(map: Map<string, string[]>, key: string, ...values: string[]): void {
  const list = map.get(key);
  if (list) {
    for (const value of values) if (!list.includes(value)) list.push(value);
  } else map.set(key, [...new Set(values)]);
}

/** One constraint of `[package.dependencies]`: `name = "range"`, a table, or a list of tables. */
export interface PoetryConstraint {
  range?: string;
  optional: boolean;
  extras: string[];
  markers?: string;
}

export function poetryConstraints(spec: unknown): PoetryConstraint[] | undefined {
  const specs = Array.isArray(spec) ? spec : [spec];
  const constraints: PoetryConstraint[] = [];
  for (const one of specs) {
    if (typeof one === "string") {
      constraints.push({ range: one, optional: false, extras: [] });
      continue;
    }
    if (!isTable(one)) return undefined;
    const constraint: PoetryConstraint = { optional: one.optional === true, extras: stringsOf(one.extras) };
    const range = stringOf(one.version);
    if (range) constraint.range = range;
    const markers = stringOf(one.markers);
    if (markers) constraint.markers = markers;
    constraints.push(constraint);
  }
  return constraints;
}
