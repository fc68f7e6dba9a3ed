/**
 * One `packages` entry of bun.lock: an array whose first element is `name@resolution` and whose
 * shape depends on where the package comes from (Bun's `bun.lock.zig` writer):
 *
 * - npm:       `["name@1.2.3", registryOrEmpty, INFO, "sha512-…"]` (`""` is the default registry)
 * - git:       `["name@git+https://host/repo.git#ref", INFO, "<commit>"]`
 * - github:    `["name@github:owner/repo#ref", INFO, "owner-repo-<commit>"]`
 * - tarball:   `["name@https://host/x.tgz", INFO]` or a local `["name@./x.tgz", INFO]`
 * - folder:    `["name@file:path", INFO]`; symlink: `["name@link:path", INFO]`
 * - workspace: `["name@workspace:path"]`; root: `["name@root:", { bin }]`
 *
 * INFO holds the package's dependencies, optionalDependencies, peerDependencies, optionalPeers,
 * os, cpu and bin. The name is the package's own; the key may install it under an alias.
 */
import { hashesFromIntegrity } from "../../../../model/hashes.js";
import type { DependencyKind, Hash, PackageSource } from "../../../../model/types.js";

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A declared dependency of a package or a workspace. */
export interface BunDependency {
  name: string;
  range: string;
  kind: DependencyKind;
}

export type BunEntry =
  | { kind: "package"; name: string; version?: string; source: PackageSource; hashes: Hash[] }
  | { kind: "workspace"; name: string; path: string }
  | { kind: "root"; name: string };

/** Reads an entry's resolution; a string is the reason it cannot be read. */
export function readEntry(value: unknown): BunEntry | string {
  if (!Array.isArray(value)) return "entry is not an array";
  const id = value[0];
  if (typeof id !== "string") return "entry has no name@resolution string";
  const at = id.indexOf("@", 1);
  if (at <= 0 || at === id.length - 1) return `cannot read ${JSON.stringify(id)} as name@resolution`;
  const name = id.slice(0, at);
  const resolution = id.slice(at + 1);
  if (resolution.startsWith("workspace:")) return { kind: "workspace", name, path: resolution.slice(10) };
  if (resolution === "root:") return { kind: "root", name };
  if (typeof value[1] === "string") {
    // Only npm entries carry a registry as their second element.
    const integrity = value[3];
    if (integrity !== undefined && typeof integrity !== "string") return "integrity is not a string";
    const registry = value[1];
    return {
      kind: "package",
      name,
      version: resolution,
      source: registry === "" ? { kind: "registry" } : { kind: "registry", url: registry },
      hashes: hashesFromIntegrity(integrity),
    };
  }
  const source = nonRegistrySource(resolution, value[2]);
  if (typeof source === "string") return source;
  return { kind: "package", name, source, hashes: [] };
}

/** Where a package that is not from a registry comes from; git sources are pinned to the resolved commit. */
function nonRegistrySource(resolution: string, resolved: unknown): PackageSource | string {
  if (resolution.startsWith("link:")) return { kind: "link", url: resolution.slice(5) };
  if (resolution.startsWith("file:")) return { kind: "file", url: resolution.slice(5) };
  if (resolution.startsWith("github:") || resolution.startsWith("git+")) {
    const commit = typeof resolved === "string" ? resolvedCommit(resolution, resolved) : undefined;
    const hash = resolution.indexOf("#");
    const repository = hash < 0 ? resolution : resolution.slice(0, hash);
    return { kind: "git", url: commit ? `${repository}#${commit}` : resolution };
  }
  if (/^https?:\/\//.test(resolution)) return { kind: "url", url: resolution };
  // A local tarball is written as a bare path (`./x.tgz`, `../dist/x.tgz`).
  if (/\.(?:tgz|tar\.gz|tar)$/.test(resolution)) return { kind: "file", url: resolution };
  return `unknown resolution ${JSON.stringify(resolution)}`;
}

/**
 * The commit a git entry resolved to: the third element, which for `github:` entries is Bun's
 * cache tag `owner-repo-<commit>`.
 */
function resolvedCommit(resolution: string, resolved: string): string | undefined {
  const tag = resolution.startsWith("github:") ? resolved.slice(resolved.lastIndexOf("-") + 1) : resolved;
  return /^[0-9a-f]{7,40}$/i.test(tag) ? tag : undefined;
}

/** The INFO object of a non-workspace entry: the second element, or the third for npm entries. */
export function entryInfo(value: unknown[]): Record<string, unknown> | undefined {
  const info = typeof value[1] === "string" ? value[2] : value[1];
  return isRecord(info) ? info : undefined;
}

const FIELDS: ReadonlyArray<readonly [string, DependencyKind]> = [
  ["dependencies", "prod"],
  ["devDependencies", "dev"],
  ["optionalDependencies", "optional"],
  ["peerDependencies", "peer"],
];

/**
 * Visits the dependencies an INFO object or a workspace declares. Peers named in `optionalPeers`
 * are optional; a package's own devDependencies are never installed for it, so they are read for
 * workspaces only. Returns the fields that are not maps of strings, for the caller to report.
 */
export function visitDependencies(
  info: Record<string, unknown>,
  withDev: boolean,
  visit: (name: string, range: string, kind: DependencyKind) => void,
): string[] {
  const invalid: string[] = [];
  const optionalPeers = Array.isArray(info.optionalPeers) ? info.optionalPeers : undefined;
  for (const [field, kind] of FIELDS) {
    if (kind === "dev" && !withDev) continue;
    const map = info[field];
    if (map === undefined) continue;
    if (!isRecord(map)) {
      invalid.push(field);
      continue;
    }
    for (const name in map) {
      const range = map[name];
      if (typeof range !== "string") {
        invalid.push(`${field}.${name}`);
        continue;
      }
      const optionalPeer = kind === "peer" && optionalPeers?.includes(name) === true;
      visit(name, range, optionalPeer ? "optional" : kind);
    }
  }
  return invalid;
}

/** The dependencies a workspace declares, as a list (see visitDependencies). */
export function declaredDependencies(
  info: Record<string, unknown>,
  withDev: boolean,
): { dependencies: BunDependency[]; invalid: string[] } {
  const dependencies: BunDependency[] = [];
  const invalid = visitDependencies(info, withDev, (name, range, kind) =>
    dependencies.push({ name, range, kind }),
  );
  return { dependencies, invalid };
}
