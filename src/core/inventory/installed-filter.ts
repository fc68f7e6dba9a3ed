import { installedCopyReaders } from "../ecosystems/index.js";
import type { InstalledLicenseOptions } from "../ecosystems/types.js";
import { LockkeeperError } from "../errors.js";
import type { Inventory, Snapshot } from "../model/types.js";
import { withPackages } from "./scope-filter.js";

/**
 * The inventory restricted to what is installed (node_modules, a virtualenv's site-packages): an
 * SBOM of what ships, as cyclonedx-npm makes from node_modules, rather than of everything the
 * lockfile could install (optional packages for other platforms, say). A lockfile whose ecosystem
 * cannot read installed copies, or with nothing installed at all, is an error: an empty SBOM would
 * pass for a clean one.
 */
export async function installedInventory(
  inventory: Inventory,
  projectDir: string,
  options: InstalledLicenseOptions = {},
): Promise<Inventory> {
  const snapshots: Snapshot[] = [];
  for (const snapshot of inventory.snapshots)
    snapshots.push(
      snapshot.coverage.unreadable ? snapshot : await installedSnapshot(snapshot, projectDir, options),
    );
  return { ...inventory, snapshots };
}

async function installedSnapshot(
  snapshot: Snapshot,
  projectDir: string,
  options: InstalledLicenseOptions,
): Promise<Snapshot> {
  const path = snapshot.lockfile.path;
  const readers = await installedCopyReaders(snapshot, projectDir, options);
  for (const [ecosystem, reader] of readers)
    if (!reader)
      throw new LockkeeperError("USAGE", `${path}: --installed cannot read installed ${ecosystem} packages`);
  const packages = snapshot.packages.filter((pkg) => readers.get(pkg.ecosystem)?.find(pkg) !== undefined);
  if (packages.length === 0 && snapshot.packages.length > 0)
    throw new LockkeeperError(
      "NOT_FOUND",
      `${path}: none of its ${snapshot.packages.length} packages is installed`,
      {
        hint: "install the project first (npm ci, pip install …), or leave out --installed for what the lockfile locks",
      },
    );
  return withPackages(snapshot, packages);
}
