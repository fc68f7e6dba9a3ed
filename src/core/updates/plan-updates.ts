import { evaluateRecord } from "../advisories/matching/evaluate-record.js";
import type { OsvRecord } from "../advisories/schema/osv.js";
import { packageKey } from "../advisories/sources/osv-ecosystems.js";
import type { UpdatesConfig } from "../config/updates-section.js";
import { adapterFor } from "../ecosystems/index.js";
import type { PackageReleases, Release } from "../ecosystems/registry/releases.js";
import type { DependencyKind, Ecosystem } from "../model/types.js";
import { type JumpClass, jumpClass } from "./jump.js";
import type { OutdatedEntry } from "./outdated.js";
import { isIgnored, policyFor } from "./update-rules.js";

/** One package moving from its installed version to a chosen newer one. */
export interface PlannedUpdate {
  ecosystem: Ecosystem;
  name: string;
  displayName: string;
  lockfile: string;
  kind: DependencyKind;
  range?: string;
  from: string;
  to: string;
  jump: JumpClass;
  publishedAt?: string;
  /** Advisory ids affecting `from` that `to` is clear of: the update is a security fix. */
  fixes: string[];
  /** The licences the registry gives for both versions, when it gives them. */
  licence: { from?: string; to?: string };
}

/** One branch: a single update, or a configured group of them. */
export interface UpdateProposal {
  branch: string;
  /** The group's name, or the package's. */
  title: string;
  group?: string;
  updates: PlannedUpdate[];
}

export interface PlanOptions {
  now: Date;
  /** Only these packages (`--package`). */
  packages?: readonly string[];
  /** Only this group (`--group`). */
  group?: string;
  /**
   * Advisories of the outdated packages, keyed by `packageKey` (`AdvisoryStore.query`): a
   * release that fixes one of the installed version bypasses the cool-down.
   */
  advisories?: ReadonlyMap<string, readonly OsvRecord[]>;
}

/** Why an outdated package got no proposal, for the summary. */
export interface HeldBack {
  name: string;
  from?: string;
  reason: string;
}

const DAY_MS = 86_400_000;

/**
 * Chooses, for each outdated direct dependency, the newest release the rules allow (jump classes,
 * ignores, no deprecated/yanked or pre-release versions, older than the cool-down unless it fixes
 * an advisory that affects the installed version), then gathers them into branches: one per
 * package, or one per configured group.
 */
export function planUpdates(
  entries: readonly OutdatedEntry[],
  releases: ReadonlyMap<string, PackageReleases>,
  config: UpdatesConfig,
  options: PlanOptions,
): { proposals: UpdateProposal[]; heldBack: HeldBack[] } {
  const heldBack: HeldBack[] = [];
  const planned: { update: PlannedUpdate; group?: string }[] = [];
  const seen = new Set<string>();
  for (const entry of entries) {
    if (!entry.direct || !entry.installed) continue;
    if (
      options.packages &&
      !options.packages.includes(entry.name) &&
      !options.packages.includes(entry.displayName)
    )
      continue;
    const key = `${entry.ecosystem}:${entry.name}:${entry.lockfile}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const policy = policyFor(entry.ecosystem, entry.name, entry.kind, config);
    if (options.group !== undefined && policy.group !== options.group) continue;
    if (!policy.enabled) {
      heldBack.push({ name: entry.displayName, from: entry.installed, reason: "disabled by a rule" });
      continue;
    }
    const packument = releases.get(`${entry.ecosystem}:${entry.name}`);
    if (!packument) continue;
    const choice = chooseTarget(entry, entry.installed, packument, policy, config.ignore, options);
    if (typeof choice === "string") {
      if (choice) heldBack.push({ name: entry.displayName, from: entry.installed, reason: choice });
      continue;
    }
    planned.push({ update: choice, ...(policy.group ? { group: policy.group } : {}) });
  }
  return { proposals: groupProposals(planned, config.branchPrefix), heldBack };
}

/** The target release, or why there is none ("" when already newest). */
function chooseTarget(
  entry: OutdatedEntry,
  installed: string,
  packument: PackageReleases,
  policy: ReturnType<typeof policyFor>,
  ignore: readonly string[],
  options: PlanOptions,
): PlannedUpdate | string {
  const { versioning } = adapterFor(entry.ecosystem);
  if (!versioning.isValid(installed)) return `installed version ${installed} is not a release version`;
  const affecting = affectingIds(entry, installed, options.advisories);
  const newer = packument.releases.filter(
    (release) =>
      versioning.isValid(release.version) &&
      versioning.compare(release.version, installed) > 0 &&
      !isPrerelease(entry.ecosystem, release.version) &&
      !release.deprecated &&
      release.yanked === undefined,
  );
  if (newer.length === 0) return "";
  const reasons = new Set<string>();
  let best: { release: Release; jump: JumpClass; fixes: string[] } | undefined;
  for (const release of newer) {
    const jump = jumpClass(entry.ecosystem, installed, release.version) as JumpClass;
    if (!policy.updateTypes.includes(jump)) {
      reasons.add(`${jump} updates are not enabled by the rules`);
      continue;
    }
    if (isIgnored(entry.ecosystem, entry.name, release.version, ignore)) {
      reasons.add("ignored by updates.ignore");
      continue;
    }
    const fixes = affecting
      .filter((record) => !isAffected(record.record, entry, release.version))
      .map((r) => r.id);
    const ageDays = release.publishedAt
      ? (options.now.getTime() - Date.parse(release.publishedAt)) / DAY_MS
      : Infinity;
    if (ageDays < policy.minimumReleaseAgeDays && fixes.length === 0) {
      reasons.add(`newer releases are younger than the ${policy.minimumReleaseAgeDays}-day cool-down`);
      continue;
    }
    if (!best || versioning.compare(release.version, best.release.version) > 0)
      best = { release, jump, fixes };
  }
  if (!best) return [...reasons].join("; ") || "no eligible release";
  const update: PlannedUpdate = {
    ecosystem: entry.ecosystem,
    name: entry.name,
    displayName: entry.displayName,
    lockfile: entry.lockfile,
    kind: entry.kind,
    from: installed,
    to: best.release.version,
    jump: best.jump,
    fixes: best.fixes,
    licence: licences(packument, installed, best.release),
  };
  if (entry.range) update.range = entry.range;
  if (best.release.publishedAt) update.publishedAt = best.release.publishedAt;
  return update;
}

function licences(packument: PackageReleases, installed: string, target: Release): PlannedUpdate["licence"] {
  const from = packument.releases.find((release) => release.version === installed)?.license;
  return { ...(from ? { from } : {}), ...(target.license ? { to: target.license } : {}) };
}

function affectingIds(
  entry: OutdatedEntry,
  version: string,
  advisories: ReadonlyMap<string, readonly OsvRecord[]> | undefined,
): { id: string; record: OsvRecord }[] {
  return (advisories?.get(packageKey(entry.ecosystem, entry.name)) ?? [])
    .filter((record) => isAffected(record, entry, version))
    .map((record) => ({ id: record.id, record }));
}

function isAffected(record: OsvRecord, entry: OutdatedEntry, version: string): boolean {
  return evaluateRecord(record, entry.ecosystem, entry.name, version).affected;
}

function isPrerelease(ecosystem: Ecosystem, version: string): boolean {
  return adapterFor(ecosystem).versioning.isPrerelease(version);
}

function groupProposals(
  planned: readonly { update: PlannedUpdate; group?: string }[],
  prefix: string,
): UpdateProposal[] {
  const groups = new Map<string, UpdateProposal>();
  const proposals: UpdateProposal[] = [];
  for (const { update, group } of planned) {
    if (group) {
      let proposal = groups.get(group);
      if (!proposal) {
        proposal = { branch: `${prefix}${group}`, title: group, group, updates: [] };
        groups.set(group, proposal);
        proposals.push(proposal);
      }
      proposal.updates.push(update);
    } else {
      proposals.push({
        branch: `${prefix}${branchSafe(update.name)}-${branchSafe(update.to)}`,
        title: update.displayName,
        updates: [update],
      });
    }
  }
  return proposals;
}

/** `@types/node` → `types-node`: git refuses some characters and `/` would nest branches. */
function branchSafe(text: string): string {
  return text
    .replace(/^@/, "")
    .replace(/[^A-Za-z0-9._-]+/g, "-")
    .replace(/\.+$/, "");
}
