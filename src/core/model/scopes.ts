import type { DependencyKind, Edge, Scope } from "./types.js";

/**
 * Scope of each package from the dependency graph.
 *
 * A path from a root to a package is as weak as its weakest edge, ranked
 * prod < optional < peer < dev (a dev root edge makes the whole path dev; an optional edge
 * anywhere makes it optional). A package takes the strongest of its paths, so a package reached
 * from both a production and a development root is `prod`.
 * Peer edges between packages count as ordinary dependencies: npm ≥ 7 and pnpm install them.
 */
const RANK: Record<Scope, number> = { prod: 0, optional: 1, peer: 2, dev: 3 };
const BY_RANK: readonly Scope[] = ["prod", "optional", "peer", "dev"];

export function scopeRank(scope: Scope): number {
  return RANK[scope];
}

/** How weak an edge makes a path (0 prod … 3 dev); a path is as weak as its weakest edge. */
export function edgeRank(kind: DependencyKind, fromRoot: boolean): number {
  if (!fromRoot && kind === "peer") return RANK.prod;
  return RANK[kind];
}

/**
 * @param isRoot tells root ids from package ids.
 * @returns scope per reachable package id; unreachable packages are absent.
 */
export function computeScopes(edges: readonly Edge[], isRoot: (id: string) => boolean): Map<string, Scope> {
  const outgoing = new Map<string, Edge[]>();
  for (const edge of edges) {
    const list = outgoing.get(edge.from);
    if (list) list.push(edge);
    else outgoing.set(edge.from, [edge]);
  }
  // A bottleneck shortest path with four weights: a bucket queue per rank. A package is settled
  // when it leaves the lowest non-empty bucket, so each package's edges are followed once.
  const best = new Map<string, number>();
  const buckets = BY_RANK.map((scope) => ({ scope, ids: [] as string[] }));
  const offer = (id: string, rank: number) => {
    const current = best.get(id);
    if (current !== undefined && current <= rank) return;
    const bucket = buckets[rank];
    if (!bucket) throw new Error(`computeScopes: no scope of rank ${rank}`);
    best.set(id, rank);
    bucket.ids.push(id);
  };
  for (const edge of edges) {
    if (isRoot(edge.from) && !isRoot(edge.to)) offer(edge.to, edgeRank(edge.kind, true));
  }
  const result = new Map<string, Scope>();
  for (const [rank, { scope, ids }] of buckets.entries()) {
    // Offers made while a bucket is read land in it or a later one: the loop sees them.
    for (const id of ids) {
      if (result.has(id) || best.get(id) !== rank) continue; // settled earlier at a stronger rank
      result.set(id, scope);
      for (const edge of outgoing.get(id) ?? []) {
        if (!isRoot(edge.to)) offer(edge.to, Math.max(rank, edgeRank(edge.kind, false)));
      }
    }
  }
  return result;
}

/** The stronger of two scopes (prod beats everything, dev loses to everything). */
export function strongerScope(a: Scope, b: Scope): Scope {
  return RANK[a] <= RANK[b] ? a : b;
}
