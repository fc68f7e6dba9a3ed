import type { Edge, Snapshot } from "../model/types.js";

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
 * Paths from any root to `targetId`, shortest first, found by walking incoming edges backwards from
 * the target (so unrelated parts of the graph are never visited) and never repeating a node.
 */
export function findDependencyPaths(snapshot: Snapshot, targetId: string, limit: number): PathSearch {
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
  // Collected up to 4× the limit before sorting, so the shortest paths are very likely among them.
  found.sort((a, b) => a.edges.length - b.edges.length || pathKey(a).localeCompare(pathKey(b)));
  return { paths: found.slice(0, limit), truncated: truncated || found.length > limit };
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
