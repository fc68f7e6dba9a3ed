import type { Inventory, PackageNode, Scope, Snapshot } from "../model/types.js";

export type ScopeFilter = "prod" | "dev" | "all";

/**
 * Which scopes a filter keeps. `prod` keeps what is installed in production: prod, optional and peer
 * packages (optional ones are installed when they can be); `dev` keeps development-only packages.
 */
export function scopeMatches(filter: ScopeFilter, scope: Scope): boolean {
  if (filter === "all") return true;
  return filter === "dev" ? scope === "dev" : scope !== "dev";
}

/** The snapshot restricted to a scope: packages filtered, edges kept between what remains. */
export function filterSnapshot(snapshot: Snapshot, filter: ScopeFilter): Snapshot {
  if (filter === "all") return snapshot;
  return withPackages(
    snapshot,
    snapshot.packages.filter((p) => scopeMatches(filter, p.scope)),
  );
}

/** The snapshot with only these of its packages, and the edges between what remains. */
export function withPackages(snapshot: Snapshot, packages: PackageNode[]): Snapshot {
  const kept = new Set<string>([...snapshot.roots.map((r) => r.id), ...packages.map((p) => p.id)]);
  return { ...snapshot, packages, edges: snapshot.edges.filter((e) => kept.has(e.from) && kept.has(e.to)) };
}

export function filterInventory(inventory: Inventory, filter: ScopeFilter): Inventory {
  return { ...inventory, snapshots: inventory.snapshots.map((s) => filterSnapshot(s, filter)) };
}

export interface SnapshotSummary {
  packages: number;
  byScope: Record<Scope, number>;
  direct: number;
  transitive: number;
}

export function summarise(packages: readonly PackageNode[]): SnapshotSummary {
  const byScope: Record<Scope, number> = { prod: 0, optional: 0, peer: 0, dev: 0 };
  let direct = 0;
  for (const pkg of packages) {
    byScope[pkg.scope]++;
    if (pkg.direct) direct++;
  }
  return { packages: packages.length, byScope, direct, transitive: packages.length - direct };
}
