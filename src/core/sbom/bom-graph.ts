import { basename } from "node:path";
import { dirnameRelative, joinRelative } from "../files/project-files.js";
import { compareText } from "../model/package-order.js";
import { strongerScope } from "../model/scopes.js";
import type {
  DependencyKind,
  Ecosystem,
  Hash,
  HashAlgorithm,
  Inventory,
  LockfileInfo,
  PackageNode,
  PackageSource,
  Scope,
} from "../model/types.js";

/** The project or a workspace member, as one SBOM element. */
export interface BomRoot {
  /** `root:<path>`, the path relative to the inventory's target (`root:.` is the project). */
  ref: string;
  path: string;
  name: string;
  version?: string;
}

/** Every package of the inventory with the same purl, merged into one SBOM element. */
export interface BomPackage {
  /** The purl: unique in the SBOM, as CycloneDX `bom-ref` and SPDX external reference. */
  ref: string;
  ecosystem: Ecosystem;
  name: string;
  displayName: string;
  version?: string;
  requirement?: string;
  scope: Scope;
  direct: boolean;
  source: PackageSource;
  /** Sorted by algorithm, then value. */
  hashes: Hash[];
  license?: string;
  markers?: string;
  aliases: string[];
}

export interface BomEdge {
  from: string;
  to: string;
  kind: DependencyKind;
}

/**
 * The inventory as the SBOM writers see it: snapshots merged (one element per purl, one project
 * root), in a deterministic order. Both CycloneDX and SPDX output are a rendering of this.
 */
export interface BomGraph {
  project: BomRoot;
  /** Workspace members and other roots besides the project, sorted by ref. */
  workspaces: BomRoot[];
  /** Sorted by ref. */
  packages: BomPackage[];
  /** Sorted by from, then to. */
  edges: BomEdge[];
  lockfiles: LockfileInfo[];
}

export const PROJECT_REF = "root:.";

const HASH_ORDER: Record<HashAlgorithm, number> = { md5: 0, sha1: 1, sha256: 2, sha384: 3, sha512: 4 };

/**
 * Merges the snapshots of an inventory. A package in several snapshots keeps the strongest scope,
 * is direct when it is direct anywhere and collects every hash. Every snapshot's `.` root is the
 * project; other roots (workspaces) keep their path relative to the target. A package marked
 * direct without a root edge (formats without a graph) gets one, so the SBOM graph shows it.
 */
export function collectBomGraph(inventory: Inventory): BomGraph {
  const packages = new Map<string, BomPackage>();
  const hashKeys = new Map<string, Set<string>>();
  const workspaces = new Map<string, BomRoot>();
  const edges = new Map<string, BomEdge>();
  const addEdge = (from: string, to: string, kind: DependencyKind): void => {
    if (from === to) return;
    const key = `${from}\u0000${to}`;
    const existing = edges.get(key);
    if (existing) existing.kind = strongerScope(existing.kind, kind);
    else edges.set(key, { from, to, kind });
  };

  for (const snapshot of inventory.snapshots) {
    const refs = new Map<string, string>();
    const dir = dirnameRelative(snapshot.lockfile.path);
    for (const root of snapshot.roots) {
      const path = root.path === "." ? "." : joinRelative(dir, root.path);
      const ref = path === "." ? PROJECT_REF : `root:${path}`;
      refs.set(root.id, ref);
      if (ref !== PROJECT_REF && !workspaces.has(ref)) {
        const member: BomRoot = { ref, path, name: root.name ?? path };
        if (root.version) member.version = root.version;
        workspaces.set(ref, member);
      }
    }
    for (const node of snapshot.packages) {
      refs.set(node.id, node.purl);
      mergePackage(packages, hashKeys, node);
    }
    const rootTargets = new Set<string>();
    for (const edge of snapshot.edges) {
      const from = refs.get(edge.from);
      const to = refs.get(edge.to);
      if (from === undefined || to === undefined) continue;
      if (from.startsWith("root:")) rootTargets.add(edge.to);
      addEdge(from, to, edge.kind);
    }
    for (const node of snapshot.packages) {
      if (node.direct && !rootTargets.has(node.id)) addEdge(PROJECT_REF, node.purl, node.scope);
    }
  }

  for (const pkg of packages.values()) {
    pkg.hashes.sort(
      (a, b) => HASH_ORDER[a.algorithm] - HASH_ORDER[b.algorithm] || compareText(a.value, b.value),
    );
    pkg.aliases.sort(compareText);
  }
  return {
    project: projectRoot(inventory),
    workspaces: [...workspaces.values()].sort((a, b) => compareText(a.ref, b.ref)),
    packages: [...packages.values()].sort((a, b) => compareText(a.ref, b.ref)),
    edges: [...edges.values()].sort((a, b) => compareText(a.from, b.from) || compareText(a.to, b.to)),
    lockfiles: inventory.snapshots.map((s) => s.lockfile),
  };
}

function mergePackage(
  packages: Map<string, BomPackage>,
  hashKeys: Map<string, Set<string>>,
  node: PackageNode,
): void {
  let pkg = packages.get(node.purl);
  let seen = hashKeys.get(node.purl);
  if (!pkg || !seen) {
    pkg = {
      ref: node.purl,
      ecosystem: node.ecosystem,
      name: node.name,
      displayName: node.displayName,
      scope: node.scope,
      direct: node.direct,
      source: node.source,
      hashes: [],
      aliases: [],
    };
    if (node.version !== undefined) pkg.version = node.version;
    seen = new Set();
    packages.set(node.purl, pkg);
    hashKeys.set(node.purl, seen);
  } else {
    pkg.scope = strongerScope(pkg.scope, node.scope);
    pkg.direct ||= node.direct;
    // A registry package seen elsewhere from git (or a path) is better described by the latter.
    if (pkg.source.kind === "registry" && node.source.kind !== "registry") pkg.source = node.source;
  }
  if (pkg.requirement === undefined && node.requirement !== undefined) pkg.requirement = node.requirement;
  if (pkg.license === undefined && node.license !== undefined) pkg.license = node.license;
  if (pkg.markers === undefined && node.markers !== undefined) pkg.markers = node.markers;
  for (const hash of node.hashes) {
    const key = `${hash.algorithm}:${hash.value}`;
    if (!seen.has(key)) {
      seen.add(key);
      pkg.hashes.push(hash);
    }
  }
  for (const alias of node.aliases ?? []) if (!pkg.aliases.includes(alias)) pkg.aliases.push(alias);
}

/** The project: named after the first snapshot whose `.` root has a name, else after the target. */
function projectRoot(inventory: Inventory): BomRoot {
  for (const snapshot of inventory.snapshots) {
    const root = snapshot.roots.find((r) => r.path === ".");
    if (root?.name) {
      const project: BomRoot = { ref: PROJECT_REF, path: ".", name: root.name };
      if (root.version) project.version = root.version;
      return project;
    }
  }
  const base = basename(inventory.target.replace(/[\\/]+$/, ""));
  return {
    ref: PROJECT_REF,
    path: ".",
    name: base === "" || base === "." || base === ".." ? "project" : base,
  };
}
