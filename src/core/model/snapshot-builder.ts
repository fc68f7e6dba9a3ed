import { comparePackageOrder, compareText, type VersionOrder } from "./package-order.js";
import { type PackageNaming, purlFor } from "./purl.js";
import { computeScopes, strongerScope } from "./scopes.js";
import type {
  DependencyKind,
  Ecosystem,
  Edge,
  Hash,
  LockfileInfo,
  PackageLocation,
  PackageNode,
  PackageSource,
  Root,
  Scope,
  SkippedEntry,
  Snapshot,
} from "./types.js";

export interface PackageInput {
  /** Only for sources that mix ecosystems (SBOMs); defaults to the builder's ecosystem. */
  ecosystem?: Ecosystem;
  /** Name as written in the lockfile; the builder normalises it with the ecosystem's rule. */
  name: string;
  version?: string;
  requirement?: string;
  source?: PackageSource;
  hashes?: Hash[];
  alias?: string;
  license?: string;
  markers?: string;
  location?: PackageLocation;
  /**
   * Scope to use when the graph cannot tell (no edges reach the package, as in Pipfile.lock or
   * plain requirements files). A graph-derived scope wins when there is one.
   */
  scopeHint?: Scope;
  /**
   * The scope the lockfile itself records, as its tool computed it with markers and extras the
   * graph does not see (pdm's `groups`, a pylock.toml's markers). It wins over the graph, which
   * then gives only direct flags and dependency paths. The strongest of several inputs counts.
   */
  lockScope?: Scope;
  /** Mark as declared by a root even when no root edge exists (formats without a graph). */
  directHint?: boolean;
}

export type NameNormaliser = (name: string) => string;

/** `<ecosystem>:<normalised name>@<version>`; unpinned packages use the requirement instead. */
export function packageId(
  ecosystem: Ecosystem,
  name: string,
  version: string | undefined,
  extra = "",
): string {
  return `${ecosystem}:${name}@${version ?? ""}${extra}`;
}

export function rootId(path: string): string {
  return `root:${path === "" ? "." : path}`;
}

/**
 * Collects roots, packages and edges while a parser reads a file, then derives scopes, direct
 * flags and a deterministic order. Every parser goes through it so those rules live in one place.
 */
export class SnapshotBuilder {
  private readonly roots = new Map<string, Root>();
  private readonly packages = new Map<string, PackageNode>();
  private readonly hints = new Map<string, { scope?: Scope; direct?: boolean }>();
  private readonly lockScopes = new Map<string, Scope>();
  /**
   * The hex value of each package's hashes: wheels-heavy Python packages carry over a hundred. The
   * value alone identifies a hash: every algorithm's digest has a length of its own.
   */
  private readonly hashKeys = new Map<string, Set<string>>();
  /** Edges by source, then target: one entry per pair, and grouped for a cheap ordered build. */
  private readonly edges = new Map<string, Map<string, Edge>>();
  /**
   * Install locations (npm's node_modules paths) and the dependencies between them, for lockfiles
   * where one name@version is installed in several places whose dependencies resolve differently.
   */
  private readonly locationEdges: Edge[] = [];
  private readonly locationRoots = new Set<string>();
  /** The package installed at each location. */
  private readonly packageAt = new Map<string, string>();
  private readonly skipped: SkippedEntry[] = [];
  private readonly warnings: string[] = [];
  private incomplete: string | undefined;
  private entries = 0;

  /**
   * @param naming the lockfile's ecosystem: name identity and purls.
   * @param others other ecosystems, for sources that mix them (SBOMs).
   */
  constructor(
    private readonly lockfile: LockfileInfo,
    private readonly naming: PackageNaming,
    private readonly others: readonly PackageNaming[] = [],
  ) {}

  addRoot(path: string, name?: string, version?: string): string {
    const id = rootId(path);
    if (!this.roots.has(id)) {
      const root: Root = { id, path: path === "" ? "." : path };
      if (name) root.name = name;
      if (version) root.version = version;
      this.roots.set(id, root);
    }
    return id;
  }

  /** Counts one package entry of the file (call once per entry, parsed or skipped). */
  countEntry(count = 1): void {
    this.entries += count;
  }

  /** Adds (or merges into) a package and returns its id. Does not count an entry. */
  addPackage(input: PackageInput): string {
    const ecosystem = input.ecosystem ?? this.naming.ecosystem;
    const naming =
      ecosystem === this.naming.ecosystem ? this.naming : this.others.find((n) => n.ecosystem === ecosystem);
    if (!naming) throw new Error(`SnapshotBuilder: no name rule for ${ecosystem}`);
    const name = naming.normaliseName(input.name);
    const version = input.version === "" ? undefined : input.version;
    const distinguisher = version === undefined ? (input.requirement ?? input.source?.url ?? "") : "";
    const id = packageId(ecosystem, name, version, distinguisher);
    let node = this.packages.get(id);
    if (!node) {
      node = {
        id,
        ecosystem,
        name,
        displayName: input.name,
        purl: purlFor(naming.purl, name, version, input.source),
        scope: "prod",
        direct: false,
        source: input.source ?? { kind: "registry" },
        hashes: [],
        locations: [],
      };
      if (version !== undefined) node.version = version;
      if (input.requirement) node.requirement = input.requirement;
      if (input.markers) node.markers = input.markers;
      this.packages.set(id, node);
    }
    // Copies of one package may not all declare their licence (npm records it per install path).
    if (input.license && !node.license) node.license = input.license;
    if (input.hashes && input.hashes.length > 0) this.mergeHashes(id, node, input.hashes);
    if (input.alias && input.alias !== input.name) {
      node.aliases ??= [];
      if (!node.aliases.includes(input.alias)) node.aliases.push(input.alias);
    }
    if (input.location) {
      node.locations.push(input.location);
      if (input.location.key !== undefined) this.packageAt.set(input.location.key, id);
    }
    if (input.lockScope) {
      const known = this.lockScopes.get(id);
      this.lockScopes.set(id, known ? strongerScope(known, input.lockScope) : input.lockScope);
    }
    if (input.scopeHint || input.directHint) {
      const hint = this.hints.get(id) ?? {};
      if (input.scopeHint)
        hint.scope = hint.scope ? strongerScope(hint.scope, input.scopeHint) : input.scopeHint;
      if (input.directHint) hint.direct = true;
      this.hints.set(id, hint);
    }
    return id;
  }

  /**
   * Adds hashes a package does not have yet. The common cases (a first single hash, or the very
   * objects already recorded for another copy of the package) never read `value`, so lazily decoded
   * integrity strings stay undecoded.
   */
  private mergeHashes(id: string, node: PackageNode, hashes: readonly Hash[]): void {
    const only = hashes.length === 1 ? hashes[0] : undefined;
    if (node.hashes.length === 0 && only) {
      node.hashes.push(only);
      return;
    }
    // Looking for the very objects is worth it only when some are recorded already.
    const recorded = node.hashes.length > 0;
    let keys = this.hashKeys.get(id);
    if (!keys) {
      keys = new Set(node.hashes.map((h) => h.value));
      this.hashKeys.set(id, keys);
    }
    for (const hash of hashes) {
      if (recorded && node.hashes.includes(hash)) continue;
      const key = hash.value;
      if (keys.has(key)) continue;
      keys.add(key);
      node.hashes.push(hash);
    }
  }

  hasPackage(id: string): boolean {
    return this.packages.has(id);
  }

  addEdge(from: string, to: string, kind: DependencyKind, range?: string): void {
    let targets = this.edges.get(from);
    if (!targets) {
      targets = new Map();
      this.edges.set(from, targets);
    }
    const existing = targets.get(to);
    if (existing) {
      // The same dependency declared twice (dependencies and devDependencies): keep the stronger kind.
      existing.kind = strongerScope(existing.kind, kind);
      return;
    }
    const edge: Edge = { from, to, kind };
    if (range) edge.range = range;
    targets.set(to, edge);
  }

  /** Marks an install location as a root's (the project's, a workspace's): scopes start there. */
  addLocationRoot(location: string): void {
    this.locationRoots.add(location);
  }

  /**
   * A dependency of whatever is installed at one location on what is installed at another. When a
   * parser gives these, a package's scope is the strongest of its locations' scopes, each computed
   * from the locations' own dependencies, as npm flags each install path: a copy inside a dev tool
   * does not make its dependencies production ones because another copy elsewhere is.
   */
  addLocationEdge(from: string, to: string, kind: DependencyKind): void {
    this.locationEdges.push({ from, to, kind });
  }

  /** Records an entry that could not be turned into a package. */
  skip(entry: string, reason: string, line?: number): void {
    const skipped: SkippedEntry = { entry, reason };
    if (line !== undefined) skipped.line = line;
    this.skipped.push(skipped);
  }

  warn(message: string): void {
    this.warnings.push(message);
  }

  /** Marks the file as not pinning every package that installs (see `Coverage.incomplete`). */
  markIncomplete(reason: string): void {
    this.incomplete = reason;
  }

  addManifest(path: string): void {
    if (!this.lockfile.manifests.includes(path)) this.lockfile.manifests.push(path);
  }

  /** Each located package's strongest scope over its install locations (empty without location edges). */
  private scopesByLocation(): Map<string, Scope> {
    const byPackage = new Map<string, Scope>();
    if (this.locationEdges.length === 0) return byPackage;
    const byLocation = computeScopes(this.locationEdges, (location) => this.locationRoots.has(location));
    for (const [location, scope] of byLocation) {
      const id = this.packageAt.get(location);
      if (id === undefined) continue;
      const current = byPackage.get(id);
      byPackage.set(id, current === undefined ? scope : strongerScope(current, scope));
    }
    return byPackage;
  }

  private versionOrder(ecosystem: Ecosystem): VersionOrder {
    const naming =
      ecosystem === this.naming.ecosystem ? this.naming : this.others.find((n) => n.ecosystem === ecosystem);
    return naming?.versionOrder ?? compareText;
  }

  /**
   * Packages by ecosystem, name, then version order (`comparePackageOrder`). The names are sorted
   * natively (keys end in NUL, which sorts `pip` before `pip-tools`); only the few runs of one name
   * need the ecosystem's version order.
   */
  private sortedPackages(): PackageNode[] {
    const keys: string[] = [];
    for (const node of this.packages.values()) keys.push(`${node.ecosystem}:${node.name}\u0000${node.id}`);
    keys.sort();
    const packages: PackageNode[] = [];
    for (const key of keys) {
      const node = this.packages.get(key.slice(key.indexOf("\u0000") + 1));
      if (node) packages.push(node);
    }
    const versionOrder = (ecosystem: Ecosystem) => this.versionOrder(ecosystem);
    const byOrder = (a: PackageNode, b: PackageNode) => comparePackageOrder(a, b, versionOrder);
    for (let start = 0; start < packages.length; ) {
      let end = start + 1;
      const first = packages[start] as PackageNode;
      while (end < packages.length && sameName(packages[end] as PackageNode, first)) end++;
      if (end - start > 1) packages.splice(start, end - start, ...packages.slice(start, end).sort(byOrder));
      start = end;
    }
    return packages;
  }

  build(): Snapshot {
    // Sorted by source, then target, without comparing every pair of edges.
    const edges: Edge[] = [];
    // Sorting bare keys, not [key, value] pairs: this runs once per lockfile over thousands of edges.
    // The default sort compares UTF-16 code units, as compareText does, without a call per pair.
    for (const from of [...this.edges.keys()].sort()) {
      const targets = this.edges.get(from);
      if (!targets) continue;
      for (const to of [...targets.keys()].sort()) {
        const edge = targets.get(to);
        if (edge && (this.packages.has(to) || this.roots.has(to))) edges.push(edge);
      }
    }
    const locationScopes = this.scopesByLocation();
    // The package graph decides the rest; with install locations, usually nothing is left to decide.
    let scopes: Map<string, Scope> | undefined;
    const graphScopes = () => {
      scopes ??= computeScopes(edges, (id) => this.roots.has(id));
      return scopes;
    };
    const directIds = new Set<string>();
    for (const root of this.roots.keys())
      for (const to of this.edges.get(root)?.keys() ?? []) directIds.add(to);
    for (const node of this.packages.values()) {
      const hint = this.hints.get(node.id);
      node.scope =
        this.lockScopes.get(node.id) ??
        locationScopes.get(node.id) ??
        graphScopes().get(node.id) ??
        hint?.scope ??
        "prod";
      node.direct = directIds.has(node.id) || hint?.direct === true;
    }
    const packages = this.sortedPackages();
    const roots = [...this.roots.values()].sort((a, b) => compareText(a.path, b.path));
    return {
      lockfile: this.lockfile,
      roots,
      packages,
      edges,
      coverage: {
        entries: this.entries,
        parsed: this.entries - this.skipped.length,
        skipped: this.skipped,
        warnings: this.warnings,
        ...(this.incomplete === undefined ? {} : { incomplete: this.incomplete }),
      },
    };
  }
}

function sameName(a: PackageNode, b: PackageNode): boolean {
  return a.name === b.name && a.ecosystem === b.ecosystem;
}
