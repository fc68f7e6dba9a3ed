import { join } from "node:path";
import type { ImportingAdapter } from "../ecosystems/import-support.js";
import { dirnameRelative } from "../files/project-files.js";
import { readRegularFile } from "../files/read-regular-file.js";
import type { DependencyKind, Ecosystem, Inventory, PackageNode, Snapshot } from "../model/types.js";

/** One dependency a manifest (or a lockfile's root) declares. */
export interface Declaration {
  /** As written (an npm alias is the name the code imports). */
  name: string;
  kind: DependencyKind;
  /** The manifest or lockfile that declares it. */
  source: string;
  /**
   * Declared as a direct dependency by a manifest, or by a lockfile that tells direct from
   * transitive (a pinned requirements.txt lists both alike): only these can be "never imported".
   */
  direct: boolean;
}

/** The dependencies that govern the source files below one directory, for one ecosystem. */
export interface DependencyScope {
  ecosystem: Ecosystem;
  /** Relative to the project, `.` for the project itself. */
  dir: string;
  /** Manifests and lockfiles that contributed, for messages. */
  sources: string[];
  /** Its manifest (package.json, pyproject.toml), when it has one. */
  manifest?: string;
  /** The project's own names (npm `name`, Python project name), by key: importing itself is no dependency. */
  selfNames: Set<string>;
  /** By key: the name as the ecosystem's adapter normalises it (PEP 503 for PyPI). */
  declared: Map<string, Declaration>;
  /** The commands its manifest runs (npm `scripts`): a production dependency named there is used. */
  scripts: string;
}

const RANK: Record<DependencyKind, number> = { prod: 0, optional: 1, peer: 2, dev: 3 };

/**
 * The source to name for a scope: its manifest when it has one, else a lockfile that is not a
 * development layer (`requirements/main.txt` rather than `requirements/dev.txt`).
 */
export function primarySource(scope: DependencyScope): string {
  const base = (path: string) => path.slice(path.lastIndexOf("/") + 1);
  const primary =
    scope.manifest ?? scope.sources.find((s) => !/dev|test|lint|doc/i.test(base(s))) ?? scope.sources[0];
  // A scope is made when its first manifest or lockfile is read.
  if (primary === undefined) throw new Error(`dependency scope ${scope.dir} has no source`);
  return primary;
}

/**
 * Every dependency scope of a project, for the ecosystems with import support: their manifests
 * (package.json, pyproject.toml) plus lockfile roots.
 */
export class DependencyScopes {
  private readonly scopes = new Map<string, DependencyScope>();
  private readonly adapters: ReadonlyMap<Ecosystem, ImportingAdapter>;

  /** `manifests`: per ecosystem, the relative paths of its manifests. */
  constructor(
    private readonly root: string,
    adapters: readonly ImportingAdapter[],
    manifests: ReadonlyMap<Ecosystem, readonly string[]>,
    inventory: Inventory | undefined,
  ) {
    this.adapters = new Map(adapters.map((adapter) => [adapter.ecosystem, adapter]));
    for (const adapter of adapters)
      for (const path of manifests.get(adapter.ecosystem) ?? []) this.addManifest(adapter, path);
    for (const snapshot of inventory?.snapshots ?? []) this.addSnapshot(snapshot);
  }

  /** The nearest scope of an ecosystem at or above a directory. */
  scopeFor(ecosystem: Ecosystem, dir: string): DependencyScope | undefined {
    for (let current = dir; ; current = dirnameRelative(current)) {
      const scope = this.scopes.get(`${ecosystem}:${current}`);
      if (scope) return scope;
      if (current === ".") return undefined;
    }
  }

  /** The scopes above a scope (a workspace member's root project), nearest first. */
  ancestorsOf(scope: DependencyScope): DependencyScope[] {
    const found: DependencyScope[] = [];
    for (let dir = scope.dir; dir !== "."; ) {
      dir = dirnameRelative(dir);
      const parent = this.scopes.get(`${scope.ecosystem}:${dir}`);
      if (parent) found.push(parent);
    }
    return found;
  }

  all(): DependencyScope[] {
    return [...this.scopes.values()].sort((a, b) => (a.dir < b.dir ? -1 : a.dir > b.dir ? 1 : 0));
  }

  private key(ecosystem: Ecosystem, name: string): string {
    const adapter = this.adapters.get(ecosystem);
    if (!adapter) throw new Error(`no import support for ${ecosystem}`);
    return adapter.normaliseName(name);
  }

  private scope(ecosystem: Ecosystem, dir: string, source: string): DependencyScope {
    const key = `${ecosystem}:${dir}`;
    let scope = this.scopes.get(key);
    if (!scope) {
      scope = {
        ecosystem,
        dir,
        sources: [],
        selfNames: new Set(),
        declared: new Map(),
        scripts: "",
      };
      this.scopes.set(key, scope);
    }
    if (!scope.sources.includes(source)) scope.sources.push(source);
    return scope;
  }

  private declare(
    scope: DependencyScope,
    name: string,
    kind: DependencyKind,
    source: string,
    direct = true,
  ): void {
    const key = this.key(scope.ecosystem, name);
    const existing = scope.declared.get(key);
    // Declared both ways (dependencies and devDependencies): production wins, as npm installs it.
    if (!existing || RANK[kind] < RANK[existing.kind]) {
      scope.declared.set(key, { name, kind, source, direct: direct || existing?.direct === true });
    } else if (direct) {
      existing.direct = true;
    }
  }

  private addManifest(adapter: ImportingAdapter, path: string): void {
    const manifest = adapter.imports.readManifest(path, readRegularFile(join(this.root, path), path));
    if (!manifest) return;
    const scope = this.scope(adapter.ecosystem, dirnameRelative(path), path);
    scope.manifest = path;
    if (manifest.name !== undefined) scope.selfNames.add(this.key(adapter.ecosystem, manifest.name));
    for (const { name, kind, source } of manifest.dependencies) this.declare(scope, name, kind, source);
    if (manifest.scripts !== undefined) scope.scripts = manifest.scripts;
  }

  /** Lockfile roots declare their direct dependencies (with npm aliases as their import names). */
  private addSnapshot(snapshot: Snapshot): void {
    const ecosystem = snapshot.lockfile.ecosystem;
    // SBOMs mix ecosystems; an ecosystem without import support has no source to check.
    const adapter = ecosystem === "mixed" ? undefined : this.adapters.get(ecosystem);
    if (!adapter) return;
    const lockDir = dirnameRelative(snapshot.lockfile.path);
    const byId = new Map(snapshot.packages.map((p) => [p.id, p]));
    const rootEdges = snapshot.edges.filter((edge) => edge.from.startsWith("root:"));
    const source = snapshot.lockfile.path;
    for (const root of snapshot.roots) {
      const { dir, selfName } = adapter.imports.scopeOfRoot(lockDir, root);
      const scope = this.scope(adapter.ecosystem, dir, source);
      if (selfName) scope.selfNames.add(this.key(adapter.ecosystem, selfName));
      const declareNode = (node: PackageNode, kind: DependencyKind, direct = true): void => {
        this.declare(scope, node.displayName, kind, source, direct);
        for (const alias of node.aliases ?? []) this.declare(scope, alias, kind, source, direct);
      };
      const edges = rootEdges.filter((edge) => edge.from === root.id);
      for (const edge of edges) {
        const node = byId.get(edge.to);
        if (node) declareNode(node, edge.kind);
      }
      if (rootEdges.length === 0) {
        // Formats without a graph (pinned requirements, Pipfile.lock) mark direct packages instead.
        const direct = snapshot.packages.filter((p) => p.direct);
        const tellsDirect = direct.length < snapshot.packages.length;
        for (const node of direct) declareNode(node, node.scope, tellsDirect);
      }
    }
  }
}
