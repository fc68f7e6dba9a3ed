/**
 * Reading one `packages` (or 9.x `snapshots`) entry of pnpm-lock.yaml: where the package comes
 * from and what it depends on. Entries are checked by hand rather than with a schema: a lockfile
 * has thousands of them and these checks are on the parse's hot path.
 */
import { hashesFromIntegrity } from "../../../../model/hashes.js";
import type { DependencyKind, Hash, PackageSource } from "../../../../model/types.js";

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export interface Resolved {
  source: PackageSource;
  hashes: Hash[];
}

/**
 * The `resolution` field: `{integrity}` (registry), `{integrity, tarball}` (another registry, or
 * a tarball URL), `{type: git, repo, commit}`, `{type: directory, directory}`. Returns a reason
 * string for shapes it does not know.
 */
export function readResolution(resolution: unknown, registryKey: boolean): Resolved | string {
  if (resolution === undefined) return { source: { kind: "registry" }, hashes: [] };
  if (!isRecord(resolution)) return "resolution is not a mapping";
  const integrity = resolution.integrity;
  if (integrity !== undefined && typeof integrity !== "string") return "resolution.integrity is not a string";
  const hashes = hashesFromIntegrity(integrity);
  const type = resolution.type;
  if (type === "git") {
    const { repo, commit } = resolution;
    if (typeof repo !== "string" || typeof commit !== "string")
      return "git resolution without repo and commit";
    return { source: { kind: "git", url: `${repo}#${commit}` }, hashes };
  }
  if (type === "directory") {
    const directory = resolution.directory;
    if (typeof directory !== "string") return "directory resolution without a directory";
    return { source: { kind: "file", url: directory }, hashes };
  }
  if (type !== undefined) return `unsupported resolution type ${JSON.stringify(type)}`;
  const tarball = resolution.tarball;
  if (tarball !== undefined) {
    if (typeof tarball !== "string") return "resolution.tarball is not a string";
    if (tarball.startsWith("file:")) return { source: { kind: "file", url: tarball.slice(5) }, hashes };
    // A registry-shaped key with a tarball is a package from a registry other than npmjs.org.
    return { source: { kind: registryKey ? "registry" : "url", url: tarball }, hashes };
  }
  if (integrity === undefined) return "resolution has neither integrity, tarball nor type";
  return { source: { kind: "registry" }, hashes };
}

export interface PackageDependency {
  /** The name the dependency is installed under (an alias when it differs from the package's). */
  name: string;
  ref: string;
  kind: DependencyKind;
  /** Declared range: pnpm records ranges only for peer dependencies. */
  range?: string;
}

/**
 * `dependencies` and `optionalDependencies` of an entry. pnpm lists resolved peers among them;
 * required ones become `peer` edges, all keep the range from `peerDependencies`.
 * Values that are not strings are returned in `invalid` (by name) for the caller to report.
 */
export function readPackageDependencies(
  entry: Record<string, unknown>,
  peerRanges: unknown,
): { dependencies: PackageDependency[]; invalid: string[] } {
  const dependencies: PackageDependency[] = [];
  const invalid: string[] = [];
  const peers = isRecord(peerRanges) ? peerRanges : undefined;
  collect(entry.dependencies, "prod");
  collect(entry.optionalDependencies, "optional");
  return { dependencies, invalid };

  function collect(map: unknown, kind: DependencyKind): void {
    if (map === undefined || map === null) return;
    if (!isRecord(map)) {
      invalid.push(kind === "prod" ? "dependencies" : "optionalDependencies");
      return;
    }
    for (const name in map) {
      const ref = map[name];
      if (typeof ref !== "string") {
        invalid.push(name);
        continue;
      }
      const peerRange = peers?.[name];
      if (typeof peerRange !== "string") dependencies.push({ name, ref, kind });
      // 9.x lists resolved optional peers under optionalDependencies. They stay optional: pnpm
      // installs them only when something else asks for them, so they must not turn prod.
      else
        dependencies.push({ name, ref, kind: kind === "optional" ? "optional" : "peer", range: peerRange });
    }
  }
}
