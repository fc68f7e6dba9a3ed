import { type AliasGroup, groupByAliases } from "../advisories/matching/alias-groups.js";
import { evaluateRecord, isAboutPackage } from "../advisories/matching/evaluate-record.js";
import type { OsvRecord } from "../advisories/schema/osv.js";
import { recordSeverity, worstSeverity } from "../advisories/severity/record-severity.js";
import { packageKey } from "../advisories/sources/osv-ecosystems.js";
import type { AdvisoryPackage, AdvisoryStore } from "../advisories/store/advisory-store.js";
import { adapterFor } from "../ecosystems/index.js";
import {
  type DependencyPath,
  decidingPaths,
  incomingEdges,
  shortestDependencyPath,
} from "../inventory/dependency-paths.js";
import type { Ecosystem, Edge, Inventory, PackageNode, Scope, Snapshot } from "../model/types.js";
import { suggestFix } from "./fix-suggestion.js";
import type { Finding } from "./types.js";

/**
 * Published versions of a package, when a registry (or its saved metadata) is available; undefined
 * when unknown. Used for fix suggestions only, so it is asked about packages with findings only.
 */
export type RegistryVersions = (ecosystem: Ecosystem, name: string) => Promise<readonly string[] | undefined>;

export interface SkippedPackage {
  lockfile: string;
  package: string;
  reason: string;
}

export interface ScanOptions {
  /**
   * The ecosystems the store has records for, when known: packages of the others are skipped as
   * not checked rather than reported clean (a database without PyPI data says nothing of PyPI).
   */
  coveredEcosystems?: ReadonlySet<Ecosystem>;
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
 * package version, with severity (the worst of every stored record of the alias group, matched or
 * not), fixed versions, a fix suggestion and the shortest path from a root.
 */
export async function scanInventory(
  inventory: Inventory,
  advisories: AdvisoryStore,
  registryVersions?: RegistryVersions,
  options: ScanOptions = {},
): Promise<ScanResult> {
  const result: ScanResult = { findings: [], skipped: [], checked: 0 };
  const checkable: { snapshot: Snapshot; pkg: PackageNode; version: string }[] = [];
  for (const snapshot of inventory.snapshots) {
    for (const pkg of snapshot.packages) {
      // Workspace members are the project's own code, not releases anyone publishes advisories
      // against: neither checked nor "not checked".
      if (pkg.source.kind === "workspace") continue;
      const version = pkg.version;
      const reason = !version
        ? "no exact version (unpinned requirement)"
        : (notFromRegistry(pkg) ?? notCovered(pkg, options.coveredEcosystems));
      if (reason) result.skipped.push({ lockfile: snapshot.lockfile.path, package: pkg.id, reason });
      else if (version) checkable.push({ snapshot, pkg, version });
    }
  }
  result.checked = checkable.length;
  // The same names recur across lockfiles and versions (a monorepo's locks, nodegoat's 1,000 packages
  // in two lockfiles): one batched query for the distinct names keeps the cost in the matching.
  const records = await advisories.query(distinctPackages(checkable.map((c) => c.pkg)));
  const graphs = new Map<Snapshot, SnapshotGraph>();
  const pending: Promise<void>[] = [];
  const grouped: { finding: Finding; group: AliasGroup; pkg: PackageNode }[] = [];
  for (const { snapshot, pkg, version } of checkable) {
    const affecting = (records.get(packageKey(pkg.ecosystem, pkg.name)) ?? [])
      .map((record) => ({ record, evaluation: evaluateRecord(record, pkg.ecosystem, pkg.name, version) }))
      .filter(({ evaluation }) => evaluation.affected);
    if (affecting.length === 0) continue;
    let graph = graphs.get(snapshot);
    if (!graph) {
      graph = snapshotGraph(snapshot);
      graphs.set(snapshot, graph);
    }
    for (const group of groupByAliases(affecting.map((a) => a.record))) {
      const evaluations = affecting.filter((a) => group.records.includes(a.record)).map((a) => a.evaluation);
      const finding = buildFinding(snapshot, graph, { ...pkg, version }, group, evaluations);
      result.findings.push(finding.finding);
      grouped.push({ finding: finding.finding, group, pkg });
      pending.push(finding.addFix(registryVersions));
    }
  }
  await Promise.all([...pending, severitiesFromAliases(grouped, advisories)]);
  return result;
}

/**
 * The worst severity across each finding's whole alias group: a record stored under an alias (the
 * GHSA record of a PYSEC finding, say) describes the same problem even when its own ranges or
 * package did not match, and it may carry the score the matched records lack. One look-up per
 * distinct id; withdrawn records say nothing.
 */
async function severitiesFromAliases(
  grouped: readonly { finding: Finding; group: AliasGroup; pkg: PackageNode }[],
  advisories: AdvisoryStore,
): Promise<void> {
  const ids = new Set(grouped.flatMap(({ group }) => [group.id, ...group.aliases]));
  const named = new Map<string, readonly OsvRecord[]>();
  await Promise.all(
    [...ids].map(async (id) => {
      named.set(id, await advisories.lookup(id));
    }),
  );
  for (const { finding, group, pkg } of grouped) {
    const matched = new Set(group.records.map((record) => record.id));
    const others = new Map<string, OsvRecord>();
    for (const id of [group.id, ...group.aliases]) {
      for (const record of named.get(id) ?? []) {
        if (!matched.has(record.id) && record.withdrawn === undefined) others.set(record.id, record);
      }
    }
    if (others.size === 0) continue;
    const severities = [...others.values()].map((record) => {
      const indexes: number[] = [];
      (record.affected ?? []).forEach((entry, index) => {
        if (isAboutPackage(entry, pkg.ecosystem, pkg.name)) indexes.push(index);
      });
      return recordSeverity(record, indexes);
    });
    finding.severity = worstSeverity([finding.severity, ...severities]);
  }
}

/** An ecosystem the store holds no record of cannot be checked: its packages are not "clean". */
function notCovered(pkg: PackageNode, covered: ReadonlySet<Ecosystem> | undefined): string | undefined {
  if (!covered || covered.has(pkg.ecosystem)) return undefined;
  return `the advisory database holds no ${adapterFor(pkg.ecosystem).displayName} records`;
}

function distinctPackages(packages: readonly PackageNode[]): AdvisoryPackage[] {
  const seen = new Map<string, AdvisoryPackage>();
  for (const { ecosystem, name } of packages) {
    const key = `${ecosystem}:${name}`;
    if (!seen.has(key)) seen.set(key, { ecosystem, name });
  }
  return [...seen.values()];
}

function notFromRegistry(pkg: PackageNode): string | undefined {
  if (pkg.source.kind !== "registry")
    return `installed from ${pkg.source.kind}${pkg.source.url ? ` (${pkg.source.url})` : ""}, not a registry release`;
  return undefined;
}

/** What finding paths need of a snapshot's graph, built once per snapshot that has findings. */
interface SnapshotGraph {
  incoming: Map<string, Edge[]>;
  nodes: Map<string, PackageNode>;
  deciding: (targetId: string, scope: Scope) => DependencyPath | undefined;
}

function snapshotGraph(snapshot: Snapshot): SnapshotGraph {
  return {
    incoming: incomingEdges(snapshot),
    nodes: new Map(snapshot.packages.map((p) => [p.id, p])),
    deciding: decidingPaths(snapshot),
  };
}

function buildFinding(
  snapshot: Snapshot,
  graph: SnapshotGraph,
  pkg: PackageNode & { version: string },
  group: ReturnType<typeof groupByAliases>[number],
  evaluations: ReturnType<typeof evaluateRecord>[],
): { finding: Finding; addFix(registryVersions: RegistryVersions | undefined): Promise<void> } {
  const severities = group.records.map((record) => {
    const indexes = evaluations.find((e) => e.recordId === record.id)?.entries.map((e) => e.index) ?? [];
    return recordSeverity(record, indexes);
  });
  const fixedVersions = [...new Set(evaluations.flatMap((e) => e.entries.flatMap((entry) => entry.fixed)))];
  const declaredRanges = new Set<string>();
  for (const edge of graph.incoming.get(pkg.id) ?? []) if (edge.range) declaredRanges.add(edge.range);
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
  const addFix = async (registryVersions: RegistryVersions | undefined): Promise<void> => {
    const published = await registryVersions?.(pkg.ecosystem, pkg.name);
    const fix = suggestFix(pkg, group.records, fixedVersions, published, [...declaredRanges]);
    if (fix) finding.fix = fix;
  };
  return { finding, addFix };
}

function shortestPath(snapshot: Snapshot, id: string, graph: SnapshotGraph): string[] {
  const scope = graph.nodes.get(id)?.scope;
  // The path that makes the package prod (or dev…) says more than merely the shortest one.
  const path = (scope && graph.deciding(id, scope)) ?? shortestDependencyPath(snapshot, id, graph.incoming);
  if (!path) return [];
  const label = (nodeId: string) => {
    const root = snapshot.roots.find((r) => r.id === nodeId);
    if (root) return root.path === "." ? (root.name ?? "project") : (root.name ?? root.path);
    const node = graph.nodes.get(nodeId);
    return node ? `${node.displayName}@${node.version ?? "?"}` : nodeId;
  };
  return [label(path.root), ...path.edges.map((edge) => label(edge.to))];
}
