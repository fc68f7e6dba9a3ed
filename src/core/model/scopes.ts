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
const BY_RANK: Scope[] = ["prod", "optional", "peer", "dev"];

function edgeRank(kind: DependencyKind, fromRoot: boolean): number {
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
  const result = new Map<string, Scope>();
  // One breadth-first pass per rank: pass r follows only edges of rank ≤ r, and claims the
  // packages earlier (stronger) passes did not reach. Linear in edges × 4.
  for (let rank = 0; rank < BY_RANK.length; rank++) {
    const scope = BY_RANK[rank] as Scope;
    const seen = new Set<string>();
    const queue: string[] = [];
    for (const edge of edges) {
      if (isRoot(edge.from) && edgeRank(edge.kind, true) <= rank && !seen.has(edge.to)) {
        seen.add(edge.to);
        queue.push(edge.to);
      }
    }
    for (let i = 0; i < queue.length; i++) {
      const id = queue[i] as string;
      if (!result.has(id)) result.set(id, scope);
      for (const edge of outgoing.get(id) ?? []) {
        if (isRoot(edge.to) || seen.has(edge.to) || edgeRank(edge.kind, false) > rank) continue;
        seen.add(edge.to);
        queue.push(edge.to);
      }
    }
  }
  return result;
}

/** The stronger of two scopes (prod beats everything, dev loses to everything). */
export function strongerScope(a: Scope, b: Scope): Scope {
  return RANK[a] <= RANK[b] ? a : b;
}
