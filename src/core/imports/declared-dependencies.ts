import { readFileSync } from "node:fs";
import { join } from "node:path";
import { normalisePypiName } from "../ecosystems/pypi/names.js";
import { readPyproject } from "../ecosystems/pypi/toml/pyproject.js";
import { parseJsonText } from "../files/json-text.js";
import { dirnameRelative, joinRelative } from "../files/project-files.js";
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
  /** The project's own names (npm `name`, Python project name): importing itself is no dependency. */
  selfNames: Set<string>;
  /** By npm name, or by normalised PyPI name. */
  declared: Map<string, Declaration>;
  /** npm `scripts` text: a production dependency named there is used as a command. */
  scripts: string;
}

const RANK: Record<DependencyKind, number> = { prod: 0, optional: 1, peer: 2, dev: 3 };
const NPM_SECTIONS: [string, DependencyKind][] = [
  ["dependencies", "prod"],
  ["optionalDependencies", "optional"],
  ["peerDependencies", "peer"],
  ["devDependencies", "dev"],
];

/**
 * The source to name for a scope: its manifest when it has one, else a lockfile that is not a
 * development layer (`requirements/main.txt` rather than `requirements/dev.txt`).
 */
export function primarySource(scope: DependencyScope): string {
  const base = (path: string) => path.slice(path.lastIndexOf("/") + 1);
  const primary =
    scope.sources.find((s) => base(s) === "package.json" || base(s) === "pyproject.toml") ??
    scope.sources.find((s) => !/dev|test|lint|doc/i.test(base(s))) ??
    scope.sources[0];
  // A scope is made when its first manifest or lockfile is read.
  if (primary === undefined) throw new Error(`dependency scope ${scope.dir} has no source`);
  return primary;
}

/** The key a declared name is matched by. */
export function declarationKey(ecosystem: Ecosystem, name: string): string {
  return ecosystem === "pypi" ? normalisePypiName(name) : name;
}

/** Every dependency scope of a project: package.json and pyproject.toml files plus lockfile roots. */
export class DependencyScopes {
  private readonly scopes = new Map<string, DependencyScope>();

  constructor(
    private readonly root: string,
    manifests: { packageJsons: readonly string[]; pyprojects: readonly string[] },
    inventory: Inventory | undefined,
  ) {
    for (const path of manifests.packageJsons) this.addPackageJson(path);
    for (const path of manifests.pyprojects) this.addPyproject(path);
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
    const key = declarationKey(scope.ecosystem, name);
    const existing = scope.declared.get(key);
    // Declared both ways (dependencies and devDependencies): production wins, as npm installs it.
    if (!existing || RANK[kind] < RANK[existing.kind]) {
      scope.declared.set(key, { name, kind, source, direct: direct || existing?.direct === true });
    } else if (direct) {
      existing.direct = true;
    }
  }

  private addPackageJson(path: string): void {
    const manifest = parseJsonText(readFileSync(join(this.root, path), "utf8"), path);
    if (typeof manifest !== "object" || manifest === null || Array.isArray(manifest)) return;
    const record = manifest as Record<string, unknown>;
    const scope = this.scope("npm", dirnameRelative(path), path);
    if (typeof record.name === "string") scope.selfNames.add(record.name);
    for (const [section, kind] of NPM_SECTIONS) {
      const table = record[section];
      if (typeof table !== "object" || table === null) continue;
      for (const name of Object.keys(table)) this.declare(scope, name, kind, path);
    }
    if (typeof record.scripts === "object" && record.scripts !== null) {
      scope.scripts = Object.values(record.scripts)
        .filter((v) => typeof v === "string")
        .join("\n");
    }
  }

  private addPyproject(path: string): void {
    const content = readFileSync(join(this.root, path), "utf8");
    const manifest = readPyproject(path, content, /^\[tool\.poetry[.\]]/m.test(content) ? "poetry" : "uv");
    const scope = this.scope("pypi", dirnameRelative(path), path);
    if (manifest.name) scope.selfNames.add(normalisePypiName(manifest.name));
    for (const dependency of manifest.dependencies) {
      if (dependency.name.toLowerCase() === "python") continue; // Poetry's interpreter constraint
      this.declare(scope, dependency.name, dependency.kind, `${path} (${dependency.section})`);
    }
  }

  /** Lockfile roots declare their direct dependencies (with npm aliases as their import names). */
  private addSnapshot(snapshot: Snapshot): void {
    const ecosystem = snapshot.lockfile.ecosystem;
    if (ecosystem === "mixed") return;
    const lockDir = dirnameRelative(snapshot.lockfile.path);
    const byId = new Map(snapshot.packages.map((p) => [p.id, p]));
    const rootEdges = snapshot.edges.filter((edge) => edge.from.startsWith("root:"));
    const source = snapshot.lockfile.path;
    for (const root of snapshot.roots) {
      const dir = ecosystem === "pypi" ? pythonProjectDir(lockDir) : joinRelative(lockDir, root.path);
      const scope = this.scope(ecosystem, dir, source);
      if (root.name && ecosystem === "npm") scope.selfNames.add(root.name);
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

/** Python locks often live in `requirements/`; the code they serve is the folder above. */
function pythonProjectDir(lockDir: string): string {
  const base = lockDir.slice(lockDir.lastIndexOf("/") + 1);
  return /^req(uirement)?s?$/i.test(base) && lockDir !== "." ? dirnameRelative(lockDir) : lockDir;
}
