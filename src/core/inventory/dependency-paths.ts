import { edgeRank, scopeRank } from "../model/scopes.js";
import type { Edge, Scope, Snapshot } from "../model/types.js";

/** One path from a root to a package: the root id, then each edge taken. */
export interface DependencyPath {
  root: string;
  edges: Edge[];
}

export interface PathSearch {
  paths: DependencyPath[];
  /** True when more paths exist than were collected (limit or search budget reached). */
  truncated: boolean;
}

/** Steps a single search may take; dense npm graphs have exponentially many paths. */
const SEARCH_BUDGET = 200_000;

/**
 * Longest path followed: real ones are a few dozen edges; a hostile lockfile chaining thousands of
 * packages would otherwise overflow the stack of the recursive walk.
 */
const MAX_PATH_LENGTH = 1_000;

/**
 * Paths from any root to `targetId`: first those as strong as the package's scope (the path that
 * decides the scope leads), then the weaker ones, shortest first within each. Found by walking
 * incoming edges backwards from the target (so unrelated parts of the graph are never visited),
 * never repeating a node.
 */
export function findDependencyPaths(
  snapshot: Snapshot,
  targetId: string,
  limit: number,
  scope?: Scope,
): PathSearch {
  const incoming = incomingEdges(snapshot);
  const roots = new Set(snapshot.roots.map((r) => r.id));
  const found: DependencyPath[] = [];
  const onPath = new Set<string>([targetId]);
  const stack: Edge[] = [];
  let steps = 0;
  let truncated = false;

  const visit = (node: string): void => {
    for (const edge of incoming.get(node) ?? []) {
      if (truncated) return;
      if (++steps > SEARCH_BUDGET || found.length >= limit * 4) {
        truncated = true;
        return;
      }
      if (onPath.has(edge.from)) continue;
      if (stack.length >= MAX_PATH_LENGTH) {
        truncated = true;
        continue;
      }
      stack.push(edge);
      if (roots.has(edge.from)) {
        found.push({ root: edge.from, edges: [...stack].reverse() });
      } else {
        onPath.add(edge.from);
        visit(edge.from);
        onPath.delete(edge.from);
      }
      stack.pop();
    }
  };
  visit(targetId);
  // The deciding path may lie beyond what the walk collected (it stops at 4× the limit).
  const deciding = scope === undefined ? undefined : decidingPath(snapshot, targetId, scope);
  if (deciding && !found.some((path) => pathKey(path) === pathKey(deciding))) found.push(deciding);
  const wanted = scope === undefined ? 0 : scopeRank(scope);
  const order = (path: DependencyPath): number => {
    const rank = pathRank(path);
    return rank === wanted ? -1 : rank;
  };
  found.sort(
    (a, b) => order(a) - order(b) || a.edges.length - b.edges.length || pathKey(a).localeCompare(pathKey(b)),
  );
  return { paths: found.slice(0, limit), truncated: truncated || found.length > limit };
}

/** How weak a path is (0 prod … 3 dev): its weakest edge, the first one counted as a root's. */
export function pathRank(path: DependencyPath): number {
  let rank = 0;
  path.edges.forEach((edge, index) => {
    rank = Math.max(rank, edgeRank(edge.kind, index === 0));
  });
  return rank;
}

/**
 * The path that gives a package its scope: the strongest from any root, fewest steps among equally
 * strong ones (a best-first walk from the roots, stopped at the target). Undefined when no path is
 * as strong as `scope` (a package scoped from install locations rather than this graph).
 */
export function decidingPath(snapshot: Snapshot, targetId: string, scope: Scope): DependencyPath | undefined {
  return decidingPaths(snapshot)(targetId, scope);
}

/**
 * `decidingPath` for many targets of one snapshot: the best-first walk from the roots is made once,
 * to the end, and each question is then answered from it. A walk stopped at a target settles it
 * with the same rank and arrival edge as the full walk (later offers are never strictly better),
 * so the answers are the same; a scan with a thousand findings in a 10,000-package graph no longer
 * walks the graph a thousand times.
 */
export function decidingPaths(
  snapshot: Snapshot,
): (targetId: string, scope: Scope) => DependencyPath | undefined {
  const roots = new Set(snapshot.roots.map((r) => r.id));
  const outgoing = new Map<string, Edge[]>();
  for (const edge of snapshot.edges) {
    const list = outgoing.get(edge.from);
    if (list) list.push(edge);
    else outgoing.set(edge.from, [edge]);
  }
  const best = new Map<string, number>();
  /** The edge each package was first reached by at its best rank. */
  const arrival = new Map<string, Edge>();
  const buckets: string[][] = [[], [], [], []];
  const offer = (edge: Edge, rank: number): void => {
    const current = best.get(edge.to);
    if (roots.has(edge.to) || (current !== undefined && current <= rank)) return;
    best.set(edge.to, rank);
    arrival.set(edge.to, edge);
    buckets[rank]?.push(edge.to);
  };
  for (const root of roots)
    for (const edge of outgoing.get(root) ?? []) offer(edge, edgeRank(edge.kind, true));
  const settled = new Set<string>();
  for (const [rank, ids] of buckets.entries()) {
    for (const id of ids) {
      if (settled.has(id) || best.get(id) !== rank) continue;
      settled.add(id);
      for (const edge of outgoing.get(id) ?? []) offer(edge, Math.max(rank, edgeRank(edge.kind, false)));
    }
  }
  return (targetId, scope) =>
    best.get(targetId) === scopeRank(scope) ? pathTo(targetId, arrival, roots) : undefined;
}

function pathTo(
  targetId: string,
  arrival: Map<string, Edge>,
  roots: Set<string>,
): DependencyPath | undefined {
  const edges: Edge[] = [];
  for (let node = targetId; edges.length <= arrival.size; ) {
    const edge = arrival.get(node);
    if (!edge) return undefined;
    edges.push(edge);
    if (roots.has(edge.from)) return { root: edge.from, edges: edges.reverse() };
    node = edge.from;
  }
  return undefined;
}

function pathKey(path: DependencyPath): string {
  return path.edges.map((e) => e.to).join(">");
}

/** Incoming edges per package id, built once per snapshot for repeated path queries. */
export function incomingEdges(snapshot: Snapshot): Map<string, Edge[]> {
  const incoming = new Map<string, Edge[]>();
  for (const edge of snapshot.edges) {
    const list = incoming.get(edge.to);
    if (list) list.push(edge);
    else incoming.set(edge.to, [edge]);
  }
  return incoming;
}

/** The shortest path from any root to `targetId` (breadth-first backwards), or undefined when none exists. */
export function shortestDependencyPath(
  snapshot: Snapshot,
  targetId: string,
  incoming: Map<string, Edge[]> = incomingEdges(snapshot),
): DependencyPath | undefined {
  const roots = new Set(snapshot.roots.map((r) => r.id));
  // For each node reached, the edge that leads from it towards the target.
  const towardsTarget = new Map<string, Edge | undefined>([[targetId, undefined]]);
  const queue = [targetId];
  // The queue grows while it is walked; an array iterator visits what is pushed meanwhile.
  for (const node of queue) {
    for (const edge of incoming.get(node) ?? []) {
      if (towardsTarget.has(edge.from)) continue;
      towardsTarget.set(edge.from, edge);
      if (roots.has(edge.from)) {
        const edges: Edge[] = [];
        for (let step: Edge | undefined = edge; step; step = towardsTarget.get(step.to)) edges.push(step);
        return { root: edge.from, edges };
      }
      queue.push(edge.from);
    }
  }
  return undefined;
}
