import { groupByAliases } from "../advisories/matching/alias-groups.js";
import { evaluateRecord } from "../advisories/matching/evaluate-record.js";
import type { OsvRecord } from "../advisories/schema/osv.js";
import { recordSeverity, worstSeverity } from "../advisories/severity/record-severity.js";
import { incomingEdges, shortestDependencyPath } from "../inventory/dependency-paths.js";
import type { Ecosystem, Edge, Inventory, PackageNode, Snapshot } from "../model/types.js";
import { suggestFix } from "./fix-suggestion.js";
import type { Finding } from "./types.js";

/** What the scanner needs from an advisory database: records by ecosystem and normalised name. */
export interface AdvisoryLookup {
  query(ecosystem: Ecosystem, name: string): readonly OsvRecord[];
}

/** Published versions of a package, when a registry (or its cached metadata) is available. */
export type RegistryVersions = (ecosystem: Ecosystem, name: string) => readonly string[] | undefined;

export interface SkippedPackage {
  lockfile: string;
  package: string;
  reason: string;
}

export interface ScanResult {
  findings: Finding[];
  /** Packages that could not be checked (no exact version, not from a registry), with the reason. */
  skipped: SkippedPackage[];
  /** Package versions checked against the database. */
  checked: number;
}

/**
 * Matches every package of an inventory against the advisories: one finding per alias group per
 * package version, with severity, fixed versions, a fix suggestion and the shortest path from a root.
 */
export function scanInventory(
  inventory: Inventory,
  advisories: AdvisoryLookup,
  registryVersions?: RegistryVersions,
): ScanResult {
  const result: ScanResult = { findings: [], skipped: [], checked: 0 };
  // The same names recur across lockfiles and versions (a monorepo's locks, nodegoat's 1,000 packages
  // in two lockfiles): one database lookup per name keeps the scan's cost in the matching.
  const recordsByName = new Map<string, readonly OsvRecord[]>();
  const recordsFor = (ecosystem: Ecosystem, name: string): readonly OsvRecord[] => {
    const key = `${ecosystem}:${name}`;
    let records = recordsByName.get(key);
    if (!records) {
      records = advisories.query(ecosystem, name);
      recordsByName.set(key, records);
    }
    return records;
  };
  for (const snapshot of inventory.snapshots) {
    let graph: SnapshotGraph | undefined;
    for (const pkg of snapshot.packages) {
      const reason = uncheckableReason(pkg);
      if (reason) {
        result.skipped.push({ lockfile: snapshot.lockfile.path, package: pkg.id, reason });
        continue;
      }
      result.checked++;
      const version = pkg.version as string;
      const affecting = recordsFor(pkg.ecosystem, pkg.name)
        .map((record) => ({ record, evaluation: evaluateRecord(record, pkg.ecosystem, pkg.name, version) }))
        .filter(({ evaluation }) => evaluation.affected);
      if (affecting.length === 0) continue;
      for (const group of groupByAliases(affecting.map((a) => a.record))) {
        const evaluations = affecting
          .filter((a) => group.records.includes(a.record))
          .map((a) => a.evaluation);
        graph ??= snapshotGraph(snapshot);
        result.findings.push(
          buildFinding(snapshot, graph, { ...pkg, version }, group, evaluations, registryVersions),
        );
      }
    }
  }
  return result;
}

function uncheckableReason(pkg: PackageNode): string | undefined {
  if (!pkg.version) return "no exact version (unpinned requirement)";
  if (pkg.source.kind !== "registry")
    return `installed from ${pkg.source.kind}${pkg.source.url ? ` (${pkg.source.url})` : ""}, not a registry release`;
  return undefined;
}

/** What finding paths need of a snapshot's graph, built once per snapshot that has findings. */
interface SnapshotGraph {
  incoming: Map<string, Edge[]>;
  nodes: Map<string, PackageNode>;
}

function snapshotGraph(snapshot: Snapshot): SnapshotGraph {
  return { incoming: incomingEdges(snapshot), nodes: new Map(snapshot.packages.map((p) => [p.id, p])) };
}

function buildFinding(
  snapshot: Snapshot,
  graph: SnapshotGraph,
  pkg: PackageNode & { version: string },
  group: ReturnType<typeof groupByAliases>[number],
  evaluations: ReturnType<typeof evaluateRecord>[],
  registryVersions: RegistryVersions | undefined,
): Finding {
  const severities = group.records.map((record) => {
    const indexes = evaluations.find((e) => e.recordId === record.id)?.entries.map((e) => e.index) ?? [];
    return recordSeverity(record, indexes);
  });
  const fixedVersions = [...new Set(evaluations.flatMap((e) => e.entries.flatMap((entry) => entry.fixed)))];
  const declaredRanges = (graph.incoming.get(pkg.id) ?? [])
    .filter((e) => e.range)
    .map((e) => e.range as string);
  const finding: Finding = {
    id: group.id,
    aliases: group.aliases,
    recordIds: group.records.map((r) => r.id),
    severity: worstSeverity(severities),
    package: {
      id: pkg.id,
      ecosystem: pkg.ecosystem,
      name: pkg.name,
      displayName: pkg.displayName,
      version: pkg.version,
      purl: pkg.purl,
      scope: pkg.scope,
      direct: pkg.direct,
    },
    lockfile: snapshot.lockfile.path,
    locations: pkg.locations,
    path: shortestPath(snapshot, pkg.id, graph),
    fixedVersions,
    references: [...new Set(group.records.flatMap((r) => (r.references ?? []).map((ref) => ref.url)))],
  };
  const summary = group.records.find((r) => r.summary)?.summary;
  if (summary) finding.summary = summary;
  const fix = suggestFix(pkg, group.records, fixedVersions, registryVersions?.(pkg.ecosystem, pkg.name), [
    ...new Set(declaredRanges),
  ]);
  if (fix) finding.fix = fix;
  return finding;
}

function shortestPath(snapshot: Snapshot, id: string, graph: SnapshotGraph): string[] {
  const path = shortestDependencyPath(snapshot, id, graph.incoming);
  if (!path) return [];
  const label = (nodeId: string) => {
    const root = snapshot.roots.find((r) => r.id === nodeId);
    if (root) return root.path === "." ? (root.name ?? "project") : (root.name ?? root.path);
    const node = graph.nodes.get(nodeId);
    return node ? `${node.displayName}@${node.version ?? "?"}` : nodeId;
  };
  return [label(path.root), ...path.edges.map((edge) => label(edge.to))];
}
