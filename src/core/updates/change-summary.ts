import type { AdvisoryStore } from "../advisories/store/advisory-store.js";
import { scanInventory } from "../findings/scan.js";
import type { Finding } from "../findings/types.js";
import type { PackageChange } from "../history/dependency-changes.js";
import { diffFindings } from "../history/finding-changes.js";
import { diffInventories, type LockfileDiff } from "../history/inventory-changes.js";
import type { Inventory } from "../model/types.js";

/** What a dependency change did to the lockfiles: packages, and vulnerabilities when a database is open. */
export interface ChangeSummary {
  lockfiles: LockfileDiff[];
  /** False when no advisory database was given (then both lists are empty). */
  vulnerabilitiesChecked: boolean;
  introduced: Finding[];
  fixed: Finding[];
}

/** `lk diff` of two inventories of one project, for `lk add` and `lk update`. */
export async function summariseChange(
  before: Inventory,
  after: Inventory,
  advisories?: AdvisoryStore,
): Promise<ChangeSummary> {
  const lockfiles = diffInventories(before, after).filter((diff) => diff.status !== "unchanged");
  if (!advisories) return { lockfiles, vulnerabilitiesChecked: false, introduced: [], fixed: [] };
  const [beforeScan, afterScan] = await Promise.all([
    scanInventory(before, advisories),
    scanInventory(after, advisories),
  ]);
  const changes = diffFindings(beforeScan.findings, afterScan.findings);
  return { lockfiles, vulnerabilitiesChecked: true, ...changes };
}

/** Every package change of every lockfile, once per ecosystem, name and target version. */
export function packageChanges(summary: ChangeSummary): PackageChange[] {
  const seen = new Set<string>();
  const changes: PackageChange[] = [];
  for (const lockfile of summary.lockfiles) {
    for (const change of lockfile.changes) {
      const key = `${change.kind}:${change.ecosystem}:${change.name}@${change.to?.version ?? change.from?.version}`;
      if (seen.has(key)) continue;
      seen.add(key);
      changes.push(change);
    }
  }
  return changes;
}
