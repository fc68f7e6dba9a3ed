/**
 * Turns the `packages` (and 9.x `snapshots`) of a pnpm lockfile and its importers into the
 * builder's packages and edges.
 *
 * Package identity is name@version: the peer-resolved variants pnpm keeps apart
 * (`/a@1.0.0(react@17)`, `/a@1.0.0(react@18)`) become one package with one location per key,
 * and their edges are merged. References are followed exactly (key by key) so every edge reaches
 * the package pnpm installs.
 */
import { joinRelative } from "../../../../files/project-files.js";
import type { PackageInput, SnapshotBuilder } from "../../../../model/snapshot-builder.js";
import type { PackageSource } from "../../../../model/types.js";
import { type DepPathStyle, parsePackageKey, resolveReference, stripPeerSuffix } from "./dep-path.js";
import type { Importer } from "./importers.js";
import {
  isRecord,
  type PackageDependency,
  readPackageDependencies,
  readResolution,
} from "./package-entry.js";

/** Where a key sits in the file (from the YAML reader). */
export type KeyLine = (mapping: object, key: string) => number | undefined;

interface GraphEntry {
  id: string;
  dependencies: PackageDependency[];
}

/** How many problems of a kind to quote in a summary warning. */
const EXAMPLES = 5;

export class PnpmPackageGraph {
  /** `packages` keys, and for 9.x also `snapshots` keys, to package ids. */
  private readonly idByKey = new Map<string, string>();
  /** The same keys without peer suffixes: a fallback for references to a variant not listed. */
  private readonly idByBareKey = new Map<string, string>();
  private readonly inputById = new Map<string, PackageInput>();
  private readonly graph: GraphEntry[] = [];
  private readonly unresolved: string[] = [];
  /** References that named a peer variant not in the file, followed by name and version. */
  private readonly approximate: string[] = [];
  /** `<id>\0<alias>` for dependencies installed under another name (npm: aliases). */
  private readonly aliases = new Set<string>();

  constructor(
    private readonly builder: SnapshotBuilder,
    private readonly style: DepPathStyle,
    private readonly lineOf: KeyLine,
  ) {}

  /** Reads every `packages` entry: one counted entry each, a package or a skip with its reason. */
  readPackages(packages: Record<string, unknown>): void {
    const { builder, style } = this;
    for (const key in packages) {
      builder.countEntry();
      const line = this.lineOf(packages, key);
      const entry = packages[key];
      if (!isRecord(entry)) {
        builder.skip(key, "entry is not a mapping", line);
        continue;
      }
      const parts = parsePackageKey(key, style);
      const name = typeof entry.name === "string" ? entry.name : parts?.name;
      const version =
        typeof entry.version === "string" ? entry.version : parts?.registry ? parts.version : undefined;
      if (!name) {
        builder.skip(key, "neither the key nor a name field gives the package name", line);
        continue;
      }
      const resolved = readResolution(entry.resolution, parts?.registry === true);
      if (typeof resolved === "string") {
        builder.skip(key, resolved, line);
        continue;
      }
      if (version === undefined && resolved.source.kind === "registry") {
        builder.skip(key, "registry package without a version", line);
        continue;
      }
      const input: PackageInput = { name, source: resolved.source, hashes: resolved.hashes };
      if (version !== undefined) input.version = version;
      const id = builder.addPackage({ ...input, location: line === undefined ? { key } : { key, line } });
      this.inputById.set(id, { name, version, source: resolved.source });
      this.index(key, id);
      if (style !== 9) this.addGraphEntry(key, id, entry, entry.peerDependencies);
    }
  }

  /** 9.x: the dependency graph lives in `snapshots`, keyed like `packages` plus peer suffixes. */
  readSnapshots(snapshots: Record<string, unknown>, packages: Record<string, unknown>): void {
    const orphans: string[] = [];
    for (const key in snapshots) {
      const entry = snapshots[key] ?? {};
      const packageKey = stripPeerSuffix(key, this.style);
      const id = this.idByKey.get(packageKey);
      if (id === undefined || !isRecord(entry)) {
        orphans.push(key);
        continue;
      }
      this.index(key, id);
      const metadata = packages[packageKey];
      this.addGraphEntry(key, id, entry, isRecord(metadata) ? metadata.peerDependencies : undefined);
    }
    if (orphans.length > 0) {
      this.builder.warn(
        `${orphans.length} snapshot(s) without a readable package entry, their dependencies not read: ${examples(orphans)}`,
      );
    }
  }

  /**
   * Adds every edge once all packages are read: root edges of each importer, edges between
   * packages, aliases, and one warning per kind of reference that could not be followed.
   * @param rootIds importer path → root id.
   */
  link(importers: readonly Importer[], rootIds: ReadonlyMap<string, string>): void {
    this.linkImporters(importers, rootIds);
    this.linkPackages(rootIds);
  }

  /** `link:` to another importer is a workspace link, not a package: no edge. */
  private linkImporters(importers: readonly Importer[], rootIds: ReadonlyMap<string, string>): void {
    for (const importer of importers) {
      const from = rootIds.get(importer.path);
      if (from === undefined) continue;
      for (const dependency of importer.dependencies) {
        const to = this.target(dependency.name, dependency.ref, importer.path, rootIds);
        if (to === null) continue;
        if (to === undefined) {
          this.unresolved.push(`${importer.path} → ${dependency.name}@${dependency.ref}`);
          continue;
        }
        this.builder.addEdge(from, to, dependency.kind, dependency.range);
      }
    }
  }

  private linkPackages(rootIds: ReadonlyMap<string, string>): void {
    for (const { id, dependencies } of this.graph) {
      for (const dependency of dependencies) {
        // Links inside `packages` are relative to the lockfile's directory.
        const to = this.target(dependency.name, dependency.ref, ".", rootIds);
        if (to === null) continue;
        if (to === undefined) {
          this.unresolved.push(`${id} → ${dependency.name}@${dependency.ref}`);
          continue;
        }
        this.builder.addEdge(id, to, dependency.kind, dependency.range);
      }
    }
    for (const pair of this.aliases) {
      const [id = "", alias] = pair.split("\0");
      const input = this.inputById.get(id);
      if (input) this.builder.addPackage({ ...input, alias });
    }
    if (this.approximate.length > 0) {
      this.builder.warn(
        `${this.approximate.length} reference(s) to a peer variant not in the file, followed to the same name and version: ${examples(this.approximate)}`,
      );
    }
    if (this.unresolved.length > 0) {
      this.builder.warn(
        `${this.unresolved.length} dependency reference(s) point at no package entry: ${examples(this.unresolved)}`,
      );
    }
  }

  private index(key: string, id: string): void {
    this.idByKey.set(key, id);
    const bare = stripPeerSuffix(key, this.style);
    if (!this.idByBareKey.has(bare)) this.idByBareKey.set(bare, id);
  }

  private addGraphEntry(key: string, id: string, entry: Record<string, unknown>, peers: unknown): void {
    const { dependencies, invalid } = readPackageDependencies(entry, peers);
    if (invalid.length > 0) this.builder.warn(`${key}: unreadable dependencies ${invalid.join(", ")}`);
    this.graph.push({ id, dependencies });
  }

  /**
   * The package id a reference leads to; null for a link to a workspace project (no edge: the
   * project is a root of its own); undefined when nothing matches.
   */
  private target(
    name: string,
    ref: string,
    fromPath: string,
    rootIds: ReadonlyMap<string, string>,
  ): string | null | undefined {
    const reference = resolveReference(name, ref, this.style);
    if (reference.kind === "link") {
      const path = joinRelative(fromPath, reference.path);
      if (rootIds.has(path)) return null;
      const source: PackageSource = { kind: "link", url: path };
      const id = this.builder.addPackage({ name, source });
      this.inputById.set(id, { name, source });
      return id;
    }
    let id = this.idByKey.get(reference.key);
    if (id === undefined) {
      id = this.idByBareKey.get(stripPeerSuffix(reference.key, this.style));
      if (id !== undefined) this.approximate.push(reference.key);
    }
    if (id !== undefined && this.inputById.get(id)?.name !== name) this.aliases.add(`${id}\0${name}`);
    return id;
  }
}

function examples(items: readonly string[]): string {
  const shown = items.slice(0, EXAMPLES).join(", ");
  return items.length > EXAMPLES ? `${shown}, …` : shown;
}
