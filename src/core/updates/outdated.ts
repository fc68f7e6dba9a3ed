import { adapterFor, comparePackages } from "../ecosystems/index.js";
import type { PackageReleases, Release, ReleaseSource } from "../ecosystems/registry/releases.js";
import { isLockkeeperError, LockkeeperError } from "../errors.js";
import { compareText } from "../model/package-order.js";
import type { DependencyKind, Ecosystem, Inventory, PackageNode, Snapshot } from "../model/types.js";
import { type JumpClass, jumpClass } from "./jump.js";

/** One dependency with what is installed, what its range allows and what is newest. */
export interface OutdatedEntry {
  ecosystem: Ecosystem;
  name: string;
  displayName: string;
  lockfile: string;
  /** The workspace or project path (direct) or the package (transitive) that declares it. */
  dependent: string;
  kind: DependencyKind;
  direct: boolean;
  /** The version in the lockfile. */
  installed?: string;
  /** The declared range (`^1.2.0`, `>=2,<3`) when the lockfile or manifest gives one. */
  range?: string;
  /** The newest version the range allows, as the package manager would pick it. */
  wanted?: string;
  /** The registry's newest release (npm: the `latest` tag as npm resolves it). */
  latest?: string;
  /**
   * From the installed version to `latest`; `ahead` when `latest` is older than what is installed
   * (a pre-release installed, or the `latest` tag moved back): no update, but worth knowing.
   */
  jump?: JumpClass | "ahead";
  latestPublishedAt?: string;
  /** Whole days between `latest`'s publication and now. */
  latestAgeDays?: number;
  /** The installed version's npm deprecation message. */
  deprecated?: string;
  /** The installed PyPI release is yanked (with the reason when one was given). */
  yanked?: string | true;
  /** Why the entry could not be completed (not in the registry, no registry configured). */
  problem?: string;
}

export interface OutdatedOptions {
  /** Transitive packages too (default: direct dependencies only). */
  all?: boolean;
  /** Entries whose installed version is already the wanted and the latest, too. */
  includeCurrent?: boolean;
  /** For release ages. Default: now. */
  now?: Date;
  /** npm weighs `engines.node` against this. Default: this process's Node.js. */
  nodeVersion?: string;
}

/** A release source per ecosystem (the registry clients); ecosystems without one are reported. */
export type ReleaseSources = ReadonlyMap<Ecosystem, ReleaseSource>;

const DAY_MS = 86_400_000;

/**
 * Compares every (direct, or with `all` every) dependency's locked version with its registry:
 * one registry read per package name, all started together (clients limit concurrency). Lists
 * the entries that are behind their range or behind latest, or whose version is deprecated or
 * yanked, in lockfile then name order.
 */
export async function findOutdated(
  inventory: Inventory,
  sources: ReleaseSources,
  options: OutdatedOptions = {},
): Promise<OutdatedEntry[]> {
  // Like npm, only registry packages: a git or file dependency has no "newer release".
  const candidates = inventory.snapshots
    .flatMap((snapshot) => dependenciesOf(snapshot, options.all))
    .filter((candidate) => candidate.node.source.kind === "registry");
  const lookups = new Map<string, Promise<Lookup>>();
  for (const candidate of candidates) {
    const key = `${candidate.node.ecosystem}:${candidate.node.name}`;
    const source = sources.get(candidate.node.ecosystem);
    if (!lookups.has(key) && source) {
      // An unreachable registry marks its entries; other errors (bugs, bad input) still throw.
      const lookup = source.packageReleases(candidate.node.name).catch((error: unknown) => {
        if (isLockkeeperError(error) && error.code === "NETWORK") return error;
        throw error;
      });
      lookups.set(key, lookup);
    }
  }
  const now = options.now ?? new Date();
  const entries: OutdatedEntry[] = [];
  for (const candidate of candidates) {
    const packument = await lookups.get(`${candidate.node.ecosystem}:${candidate.node.name}`);
    const entry = describe(candidate, packument, sources, now, options.nodeVersion);
    if (options.includeCurrent || isWorthShowing(entry)) entries.push(entry);
  }
  return entries;
}

type Lookup = PackageReleases | undefined | LockkeeperError;

interface Candidate {
  node: PackageNode;
  lockfile: string;
  dependent: string;
  kind: DependencyKind;
  range?: string;
}

/** Direct dependencies with the range their root declares; with `all`, every package once. */
function dependenciesOf(snapshot: Snapshot, all = false): Candidate[] {
  const nodes = new Map(snapshot.packages.map((node) => [node.id, node]));
  const roots = new Map(snapshot.roots.map((root) => [root.id, root]));
  const lockfile = snapshot.lockfile.path;
  const seen = new Set<string>();
  const candidates: Candidate[] = [];
  const add = (candidate: Candidate): void => {
    const key = `${candidate.dependent}\0${candidate.node.id}`;
    if (seen.has(key)) return;
    seen.add(key);
    candidates.push(candidate);
  };
  for (const edge of snapshot.edges) {
    const root = roots.get(edge.from);
    const node = nodes.get(edge.to);
    if (!root || !node) continue;
    add({ node, lockfile, dependent: root.path, kind: edge.kind, range: edge.range ?? node.requirement });
  }
  // Flat lockfiles (plain requirements.txt) mark direct packages without root edges.
  const listed = new Set(candidates.map((candidate) => candidate.node.id));
  for (const node of snapshot.packages) {
    if (node.direct && !listed.has(node.id)) {
      add({ node, lockfile, dependent: ".", kind: node.scope, range: node.requirement });
    }
  }
  if (all) {
    const firstParent = new Map<string, { from: string; range?: string }>();
    for (const edge of snapshot.edges) {
      if (!roots.has(edge.from) && !firstParent.has(edge.to)) {
        firstParent.set(edge.to, { from: edge.from, range: edge.range });
      }
    }
    const directIds = new Set(candidates.map((candidate) => candidate.node.id));
    for (const node of snapshot.packages) {
      if (directIds.has(node.id)) continue;
      const parent = firstParent.get(node.id);
      const parentNode = parent ? nodes.get(parent.from) : undefined;
      add({
        node,
        lockfile,
        dependent: parentNode ? `${parentNode.displayName}@${parentNode.version ?? ""}` : "(transitive)",
        kind: node.scope,
        range: parent?.range,
      });
    }
  }
  return candidates.sort((a, b) => comparePackages(a.node, b.node) || compareText(a.dependent, b.dependent));
}

function describe(
  candidate: Candidate,
  packument: Lookup,
  sources: ReleaseSources,
  now: Date,
  nodeVersion: string | undefined,
): OutdatedEntry {
  const { node } = candidate;
  const entry: OutdatedEntry = {
    ecosystem: node.ecosystem,
    name: node.name,
    displayName: node.displayName,
    lockfile: candidate.lockfile,
    dependent: candidate.dependent,
    kind: candidate.kind,
    direct: node.direct,
  };
  if (node.version) entry.installed = node.version;
  if (candidate.range) entry.range = candidate.range;
  if (!sources.has(node.ecosystem)) {
    entry.problem = `no ${node.ecosystem} registry configured`;
    return entry;
  }
  if (packument instanceof LockkeeperError) {
    entry.problem = "the registry could not be reached";
    return entry;
  }
  if (!packument) {
    entry.problem = "not found in the registry";
    return entry;
  }
  const adapter = adapterFor(node.ecosystem);
  const environment = nodeVersion === undefined ? {} : { nodeVersion };
  const latest = adapter.pickRelease(packument, environment);
  const wanted =
    candidate.range !== undefined
      ? adapter.pickRelease(packument, { range: candidate.range, ...environment })
      : undefined;
  if (wanted) entry.wanted = wanted.version;
  else if (candidate.range !== undefined) entry.problem = `no release satisfies ${candidate.range}`;
  if (latest) {
    entry.latest = latest.version;
    if (latest.publishedAt) {
      entry.latestPublishedAt = latest.publishedAt;
      entry.latestAgeDays = Math.floor((now.getTime() - Date.parse(latest.publishedAt)) / DAY_MS);
    }
    if (node.version && isNewer(node.ecosystem, latest.version, node.version)) {
      entry.jump = jumpClass(node.ecosystem, node.version, latest.version);
    } else if (node.version && isNewer(node.ecosystem, node.version, latest.version)) {
      entry.jump = "ahead";
    }
  }
  const installed = node.version ? findRelease(packument, node.ecosystem, node.version) : undefined;
  if (installed?.deprecated) entry.deprecated = installed.deprecated;
  if (installed?.yanked !== undefined) entry.yanked = installed.yanked;
  return entry;
}

function isNewer(ecosystem: Ecosystem, candidate: string, installed: string): boolean {
  const { versioning } = adapterFor(ecosystem);
  return (
    versioning.isValid(candidate) &&
    versioning.isValid(installed) &&
    versioning.compare(candidate, installed) > 0
  );
}

/** The installed release, by text, else by meaning (PyPI spellings differ: `1.0` is `1.0.0`). */
function findRelease(packument: PackageReleases, ecosystem: Ecosystem, version: string): Release | undefined {
  const exact = packument.releases.find((release) => release.version === version);
  if (exact) return exact;
  const { versioning } = adapterFor(ecosystem);
  const key = versioning.key(version);
  return key === undefined
    ? undefined
    : packument.releases.find((release) => versioning.key(release.version) === key);
}

/** Shown when behind its range or latest (npm's rule), or deprecated/yanked, or incomplete. */
function isWorthShowing(entry: OutdatedEntry): boolean {
  if (entry.problem || entry.deprecated || entry.yanked !== undefined) return true;
  if (!entry.installed) return entry.latest !== undefined;
  return (
    (entry.wanted !== undefined && entry.wanted !== entry.installed) ||
    (entry.latest !== undefined && (entry.wanted ?? entry.installed) !== entry.latest)
  );
}
