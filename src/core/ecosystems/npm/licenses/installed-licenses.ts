import { dirname, resolve } from "node:path";
import { displayPath } from "../../../licenses/license-files.js";
import { normaliseLicense } from "../../../licenses/normalise.js";
import type { Snapshot } from "../../../model/types.js";
import type { InstalledLicenseReader } from "../../types.js";
import { NpmInstallLocator } from "./installed-packages.js";
import { NPM_LICENSE_ALIASES } from "./license-aliases.js";

/** Licences of the packages installed under an npm lockfile's directory (node_modules, pnpm's store). */
export function npmInstalledLicenses(projectDir: string, snapshot: Snapshot): InstalledLicenseReader {
  const locator = new NpmInstallLocator(resolve(projectDir, dirname(snapshot.lockfile.path)));
  return {
    find(pkg) {
      const found = locator.find(pkg);
      if (!found) return undefined;
      const license = normaliseLicense(found.license, { aliases: NPM_LICENSE_ALIASES });
      return {
        dir: found.dir,
        licenseFiles: found.licenseFiles,
        detail: displayPath(projectDir, found.manifest),
        ...(license ? { license } : {}),
      };
    },
  };
}
