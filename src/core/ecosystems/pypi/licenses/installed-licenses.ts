import { dirname, resolve } from "node:path";
import { displayPath } from "../../../licenses/license-files.js";
import type { Snapshot } from "../../../model/types.js";
import type { InstalledLicenseOptions, InstalledLicenseReader } from "../../types.js";
import { findSitePackages, SitePackagesIndex } from "./installed-packages.js";
import { pythonLicense } from "./license-metadata.js";

/**
 * Licences of the distributions installed for a Python lockfile: the project's virtualenvs and the
 * configured site-packages folders, read from core metadata (License-Expression, License, classifiers).
 */
export function pypiInstalledLicenses(
  projectDir: string,
  snapshot: Snapshot,
  options: InstalledLicenseOptions,
): InstalledLicenseReader {
  const lockDir = resolve(projectDir, dirname(snapshot.lockfile.path));
  // Built on first use: scanning for virtualenvs is the expensive part.
  let index: SitePackagesIndex | undefined;
  return {
    find(pkg) {
      index ??= new SitePackagesIndex(findSitePackages(projectDir, lockDir, options.sitePackages));
      const found = index.find(pkg.name, pkg.version);
      if (!found) return undefined;
      const read = pythonLicense(found.fields);
      const file = displayPath(projectDir, found.metadata);
      return {
        dir: found.dir,
        licenseFiles: found.licenseFiles,
        ...(read ? { license: read.license, detail: `${file} (${read.field})` } : { detail: file }),
      };
    },
  };
}
