import {
  describePair,
  type PackageChange,
  type PackageState,
  pairPackages,
} from "../../core/history/dependency-changes.js";

/** A package of a stored (or just analysed) snapshot, with the lockfile that lists it. */
export interface ComponentState extends PackageState {
  lockfile: string;
}

export type ComponentChange = PackageChange & { lockfile: string };

export interface LicenceChange {
  lockfile: string;
  ecosystem: string;
  name: string;
  fromVersion?: string;
  toVersion?: string;
  from: string;
  to: string;
}

export interface PackageChanges {
  added: ComponentChange[];
  removed: ComponentChange[];
  /** Upgraded, downgraded, or the same version with another scope or direct flag. */
  changed: ComponentChange[];
  licenceChanges: LicenceChange[];
}

/**
 * The package changes between two snapshots, lockfile by lockfile with the pairing `lk diff` uses
 * (core `pairPackages`: a name in several versions pairs by nearest version). When each side holds
 * exactly one lockfile they pair whatever their paths, as `lk diff` of two files does. A licence
 * missing on either side is not a change.
 */
export function diffComponents(
  before: readonly ComponentState[],
  after: readonly ComponentState[],
): PackageChanges {
  const changes: PackageChanges = { added: [], removed: [], changed: [], licenceChanges: [] };
  const beforeFiles = byLockfile(before);
  const afterFiles = byLockfile(after);
  const lockfilePairs: [string, ComponentState[], ComponentState[]][] = [];
  if (beforeFiles.size === 1 && afterFiles.size === 1) {
    const [[, b]] = [...beforeFiles] as [[string, ComponentState[]]];
    const [[path, a]] = [...afterFiles] as [[string, ComponentState[]]];
    lockfilePairs.push([path, b, a]);
  } else {
    for (const path of [...new Set([...beforeFiles.keys(), ...afterFiles.keys()])].sort()) {
      lockfilePairs.push([path, beforeFiles.get(path) ?? [], afterFiles.get(path) ?? []]);
    }
  }
  for (const [lockfile, b, a] of lockfilePairs) {
    for (const pair of pairPackages(b, a)) {
      const change = describePair(pair);
      if (change) {
        const list =
          change.kind === "added"
            ? changes.added
            : change.kind === "removed"
              ? changes.removed
              : changes.changed;
        list.push({ ...change, lockfile });
      }
      const { before: from, after: to } = pair;
      if (from?.license !== undefined && to?.license !== undefined && from.license !== to.license) {
        changes.licenceChanges.push({
          lockfile,
          ecosystem: to.ecosystem,
          name: to.name,
          ...(from.version !== undefined ? { fromVersion: from.version } : {}),
          ...(to.version !== undefined ? { toVersion: to.version } : {}),
          from: from.license,
          to: to.license,
        });
      }
    }
  }
  return changes;
}

function byLockfile(components: readonly ComponentState[]): Map<string, ComponentState[]> {
  const files = new Map<string, ComponentState[]>();
  for (const component of components) {
    const list = files.get(component.lockfile) ?? [];
    list.push(component);
    files.set(component.lockfile, list);
  }
  return files;
}
