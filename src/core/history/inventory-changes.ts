import type { Inventory, LockfileFormat, PackageNode, Snapshot } from "../model/types.js";
import { describePair, type PackageChange, type PackagePair, pairPackages } from "./dependency-changes.js";

/** A licence that differs between the two versions of a paired package, as the lockfiles record it. */
export interface LicenceChange {
  name: string;
  displayName: string;
  ecosystem: PackageNode["ecosystem"];
  fromVersion?: string;
  toVersion?: string;
  from: string;
  to: string;
}

/** A licence the head brings that no package of the base lockfile carried, with the packages that bring it. */
export interface IntroducedLicence {
  licence: string;
  /** `name@version` of each added or changed package carrying it. */
  packages: string[];
}

export interface LockfileDiff {
  /** Path in the head (in the base when the lockfile was removed). */
  lockfile: string;
  /** Path in the base when it differs (a renamed lockfile, or two files compared). */
  baseLockfile?: string;
  status: "added" | "removed" | "modified" | "unchanged";
  format: LockfileFormat;
  changes: PackageChange[];
  /**
   * Licences are compared from the `license` field lockfiles record (package-lock v2/v3, SBOMs);
   * a licence missing on either side is not a change.
   */
  licenceChanges: LicenceChange[];
  introducedLicences: IntroducedLicence[];
}

/**
 * The dependency diff of two inventories, per lockfile: lockfiles pair by path, and when each side
 * holds exactly one lockfile they pair whatever their paths (two files compared, a moved lockfile).
 */
export function diffInventories(base: Inventory, head: Inventory): LockfileDiff[] {
  const diffs: LockfileDiff[] = [];
  if (base.snapshots.length === 1 && head.snapshots.length === 1) {
    return [diffLockfiles(base.snapshots[0] as Snapshot, head.snapshots[0] as Snapshot)];
  }
  const basePaths = new Map(base.snapshots.map((s) => [s.lockfile.path, s]));
  for (const after of head.snapshots) {
    const before = basePaths.get(after.lockfile.path);
    basePaths.delete(after.lockfile.path);
    diffs.push(diffLockfiles(before, after));
  }
  for (const before of basePaths.values()) diffs.push(diffLockfiles(before, undefined));
  return diffs.sort((a, b) => (a.lockfile < b.lockfile ? -1 : a.lockfile > b.lockfile ? 1 : 0));
}

function diffLockfiles(before: Snapshot | undefined, after: Snapshot | undefined): LockfileDiff {
  const pairs = pairPackages(before?.packages ?? [], after?.packages ?? []);
  const changes: PackageChange[] = [];
  const licenceChanges: LicenceChange[] = [];
  for (const pair of pairs) {
    const change = describePair(pair);
    if (change) changes.push(change);
    const { before: b, after: a } = pair;
    if (b?.license !== undefined && a?.license !== undefined && b.license !== a.license) {
      const licenceChange: LicenceChange = {
        name: a.name,
        displayName: a.displayName,
        ecosystem: a.ecosystem,
        from: b.license,
        to: a.license,
      };
      if (b.version !== undefined) licenceChange.fromVersion = b.version;
      if (a.version !== undefined) licenceChange.toVersion = a.version;
      licenceChanges.push(licenceChange);
    }
  }
  const lockfile = (after ?? before) as Snapshot;
  const diff: LockfileDiff = {
    lockfile: lockfile.lockfile.path,
    status: !before
      ? "added"
      : !after
        ? "removed"
        : changes.length > 0 || licenceChanges.length > 0
          ? "modified"
          : "unchanged",
    format: lockfile.lockfile.format,
    changes,
    licenceChanges,
    introducedLicences: introducedLicences(before, pairs),
  };
  if (before && after && before.lockfile.path !== after.lockfile.path)
    diff.baseLockfile = before.lockfile.path;
  return diff;
}

function introducedLicences(
  before: Snapshot | undefined,
  pairs: readonly PackagePair<PackageNode>[],
): IntroducedLicence[] {
  const known = new Set((before?.packages ?? []).map((p) => p.license).filter((l) => l !== undefined));
  const introduced = new Map<string, string[]>();
  for (const { before: b, after: a } of pairs) {
    if (!a?.license || known.has(a.license) || (b && b.version === a.version)) continue;
    const list = introduced.get(a.license) ?? [];
    list.push(`${a.displayName}@${a.version ?? a.requirement ?? "?"}`);
    introduced.set(a.license, list);
  }
  return [...introduced]
    .sort(([x], [y]) => (x < y ? -1 : 1))
    .map(([licence, packages]) => ({ licence, packages }));
}
