/**
 * Turns the `packages` of a bun.lock into the builder's packages and edges. Package identity is
 * name@version (source, for packages without a version): the copies Bun installs in several
 * places become one package with one location per key, and their edges are merged, as for pnpm.
 */
import type { PackageInput, SnapshotBuilder } from "../../../../model/snapshot-builder.js";
import type { DependencyKind } from "../../../../model/types.js";
import { entryInfo, readEntry, visitDependencies } from "./package-entry.js";
import { installedName, parentKey } from "./package-keys.js";
import type { BunWorkspace } from "./workspaces.js";

/** How many problems of a kind to quote in a summary warning. */
const EXAMPLES = 5;

interface Placed {
  key: string;
  id: string;
  info: Record<string, unknown>;
}

export class BunPackageGraph {
  /** Key → package id, or the root id of the workspace a key names. */
  private readonly targets = new Map<string, string>();
  /** Keys other keys are nested under: only those are worth looking into for a nested copy. */
  private readonly enclosing = new Set<string>();
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
      this.enclosing.add(parentKey(key));
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
      // Built field by field: spreading optional fields allocates for each of thousands of entries.
      const input: PackageInput = {
        name: entry.name,
        source: entry.source,
        hashes: entry.hashes,
        location: line === undefined ? { key } : { key, line },
      };
      if (entry.version !== undefined) input.version = entry.version;
      const name = installedName(key);
      if (name !== entry.name) input.alias = name;
      const id = builder.addPackage(input);
      this.targets.set(key, id);
      const info = entryInfo(value as unknown[]);
      if (info) this.placed.push({ key, id, info });
    }
  }

  /** Adds every edge once all keys are known, and one warning for references that lead nowhere. */
  link(workspaces: readonly BunWorkspace[]): void {
    for (const workspace of workspaces) {
      // A workspace's own copies are keyed under its package name; the root's are at the top.
      const fromKey = workspace.path === "." ? "" : (workspace.name ?? "");
      for (const { name, range, kind } of workspace.dependencies)
        this.linkOne(workspace.rootId, fromKey, name, range, kind, workspace.path);
    }
    for (const { key, id, info } of this.placed) {
      const invalid = visitDependencies(info, false, (name, range, kind) =>
        this.linkOne(id, key, name, range, kind, key),
      );
      if (invalid.length > 0) this.builder.warn(`${key}: unreadable ${invalid.join(", ")}`);
    }
    if (this.unresolved.length > 0) {
      const shown = this.unresolved.slice(0, EXAMPLES).join(", ");
      this.builder.warn(
        `${this.unresolved.length} dependency reference(s) point at no package entry: ${shown}${this.unresolved.length > EXAMPLES ? ", …" : ""}`,
      );
    }
  }

  private linkOne(
    from: string,
    fromKey: string,
    name: string,
    range: string,
    kind: DependencyKind,
    label: string,
  ): void {
    const to = this.targets.get(this.resolve(fromKey, name) ?? "");
    if (to === undefined) {
      // Bun records optional dependencies for every platform and writes a peer it could not
      // place among the optional ones, so only a required dependency left out is a problem.
      if (kind !== "optional") this.unresolved.push(`${label} → ${name}`);
      return;
    }
    if (this.roots.has(to) || to === from) return;
    this.builder.addEdge(from, to, kind, range);
  }

  /**
   * The key a dependency resolves to from `fromKey`, as Node resolves it: the nearest enclosing
   * place that holds a copy, the top-level one last (see package-keys.ts).
   */
  private resolve(fromKey: string, name: string): string | undefined {
    for (let prefix = fromKey; prefix !== ""; prefix = parentKey(prefix)) {
      if (!this.enclosing.has(prefix)) continue;
      const candidate = `${prefix}/${name}`;
      if (this.targets.has(candidate)) return candidate;
    }
    return this.targets.has(name) ? name : undefined;
  }
}
