import { normalisePypiName } from "../../names.js";
import { parsePep508 } from "../../pep508.js";
import type { LayerSources } from "./input-tree.js";
import { evaluateMarker, type MarkerEnvironment } from "./pep508-markers.js";
import type { ReportItem } from "./pip-report.js";

/** What pip-compile writes beside a pin: the extras it was asked with and who asked for it. */
export interface Annotation {
  /** Sorted, normalised. */
  extras: string[];
  /** pip-compile's `# via` items, sorted: `-c file`, `-r file`, parent package names. */
  via: string[];
}

interface Edge {
  parent: string;
  child: string;
  extras: string[];
  marker?: string;
}

/**
 * Rebuilds pip-compile's annotations from pip's report: a parent is an installed package whose
 * `Requires-Dist` names the package with a marker that holds in the report's environment for
 * the extras the parent was installed with; requested packages name their input files and
 * pinned ones their constraint files. Keyed by normalised name.
 */
export function annotate(
  install: readonly ReportItem[],
  environment: MarkerEnvironment,
  sources: LayerSources,
): Map<string, Annotation> {
  const keys = new Set(install.map((item) => normalisePypiName(item.name)));
  const edges: Edge[] = [];
  const extras = new Map<string, Set<string>>();
  for (const item of install) {
    const key = normalisePypiName(item.name);
    const asked = [...item.requestedExtras, ...(item.requested ? (sources.extras.get(key) ?? []) : [])];
    extras.set(key, new Set(asked.map(normalisePypiName)));
    for (const text of item.requiresDist) {
      const requirement = parsePep508(text);
      if (typeof requirement === "string") continue; // pip resolved with it; an entry it could not name adds no edge
      const child = normalisePypiName(requirement.name);
      if (child === key || !keys.has(child)) continue;
      const edge: Edge = { parent: key, child, extras: requirement.extras.map(normalisePypiName) };
      if (requirement.markers) edge.marker = requirement.markers;
      edges.push(edge);
    }
  }
  // An active edge can ask for extras, which can activate more edges (`a[x]` needs `b[y]`).
  const active = new Set<Edge>();
  let changed = true;
  while (changed) {
    changed = false;
    for (const edge of edges) {
      if (active.has(edge) || !holds(edge, environment, extras.get(edge.parent) ?? new Set())) continue;
      active.add(edge);
      changed = true;
      const childExtras = extras.get(edge.child) ?? new Set<string>();
      for (const extra of edge.extras) childExtras.add(extra);
      extras.set(edge.child, childExtras);
    }
  }
  const annotations = new Map<string, Annotation>();
  for (const item of install) {
    const key = normalisePypiName(item.name);
    const via = new Set<string>();
    for (const file of sources.constraints.get(key) ?? []) via.add(`-c ${file}`);
    if (item.requested) for (const file of sources.inputs.get(key) ?? [sources.entry]) via.add(`-r ${file}`);
    for (const edge of active) if (edge.child === key) via.add(edge.parent);
    annotations.set(key, { extras: [...(extras.get(key) ?? [])].sort(), via: [...via].sort() });
  }
  return annotations;
}

/** An unreadable marker counts as holding: pip installed the package, so someone needed it. */
function holds(edge: Edge, environment: MarkerEnvironment, parentExtras: Set<string>): boolean {
  if (!edge.marker) return true;
  return evaluateMarker(edge.marker, environment, [...parentExtras]) !== false;
}
