/**
 * Turns the `packages` of a bun.lock into the builder's packages and edges. Package identity is
 * name@version (source, for packages without a version): the copies Bun installs in several
 * places become one package with one location per key, and their edges are merged, as for pnpm.
 */
import type { SnapshotBuilder } from "../../../../model/snapshot-builder.js";
import type { BunDependency } from "./package-entry.js";
import { declaredDependencies, entryInfo, readEntry } from "./package-entry.js";
import { installedName, resolveKey } from "./package-keys.js";
import type { BunWorkspace } from "./workspaces.js";

/** How many problems of a kind to quote in a summary warning. */
const EXAMPLES = 5;

interface Placed {
  key: string;
  id: string;
  dependencies: BunDependency[];
}

export class BunPackageGraph {
  /** Key → package id, or the root id of the workspace a key names. */
  private readonly targets = new Map<string, string>();
  private readonly roots = new Set<string>();
  private readonly placed: Placed[] = [];
  private readonly unresolved: string[] = [];

  constructor(
    private readonly builder: SnapshotBuilder,
    private readonly lines: ReadonlyMap<string, number>,
  ) {}

  /** Reads every entry: a package (one counted entry, or a skip with its reason) or a workspace's link. */
  readPackages(packages: Record<string, unknown>, workspaces: readonly BunWorkspace[]): void {
    const { builder } = this;
    const rootByPath = new Map(workspaces.map((w) => [w.path, w.rootId]));
    for (const key in packages) {
      const value = packages[key];
      const line = this.lines.get(key);
      const entry = readEntry(value);
      if (typeof entry !== "string" && entry.kind !== "package") {
        // Workspaces and the root are projects (roots), not packages: a reference to one is no edge.
        const rootId = entry.kind === "workspace" ? rootByPath.get(entry.path) : rootByPath.get(".");
        if (rootId !== undefined) {
          this.targets.set(key, rootId);
          this.roots.add(rootId);
        } else builder.warn(`${key}: workspace ${JSON.stringify(entry.name)} is not among the workspaces`);
        continue;
      }
      builder.countEntry();
      if (typeof entry === "string") {
        builder.skip(key, entry, line);
        continue;
      }
      const name = installedName(key);
      const id = builder.addPackage({
        name: entry.name,
        ...(entry.version === undefined ? {} : { version: entry.version }),
        source: entry.source,
        hashes: entry.hashes,
        ...(name === entry.name ? {} : { alias: name }),
        location: line === undefined ? { key } : { key, line },
      });
      this.targets.set(key, id);
      const info = entryInfo(value as unknown[]);
      const { dependencies, invalid } = info
        ? declaredDependencies(info, false)
        : { dependencies: [], invalid: [] };
      if (invalid.length > 0) builder.warn(`${key}: unreadable ${invalid.join(", ")}`);
      if (dependencies.length > 0) this.placed.push({ key, id, dependencies });
    }
  }

  /** Adds every edge once all keys are known, and one warning for references that lead nowhere. */
  link(workspaces: readonly BunWorkspace[]): void {
    for (const workspace of workspaces) {
      // A workspace's own copies are keyed under its package name; the root's are at the top.
      const from = workspace.path === "." ? "" : (workspace.name ?? "");
      this.linkAll(workspace.rootId, from, workspace.dependencies, workspace.path);
    }
    for (const { key, id, dependencies } of this.placed) this.linkAll(id, key, dependencies, key);
    if (this.unresolved.length > 0) {
      const shown = this.unresolved.slice(0, EXAMPLES).join(", ");
      this.builder.warn(
        `${this.unresolved.length} dependency reference(s) point at no package entry: ${shown}${this.unresolved.length > EXAMPLES ? ", …" : ""}`,
      );
    }
  }

  private linkAll(
    from: string,
    fromKey: string,
    dependencies: readonly BunDependency[],
    label: string,
  ): void {
    const has = (key: string) => this.targets.has(key);
    for (const dependency of dependencies) {
      const key = resolveKey(fromKey, dependency.name, has);
      const to = key === undefined ? undefined : this.targets.get(key);
      if (to === undefined) {
        // Bun records optional dependencies for every platform and writes a peer it could not
        // place among the optional ones, so only a required dependency left out is a problem.
        if (dependency.kind !== "optional") this.unresolved.push(`${label} → ${dependency.name}`);
        continue;
      }
      if (this.roots.has(to) || to === from) continue;
      this.builder.addEdge(from, to, dependency.kind, dependency.range);
    }
  }
}
