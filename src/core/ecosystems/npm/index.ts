import type { EcosystemAdapter } from "../types.js";
import { npmImports } from "./imports/import-support.js";
import { npmInstalls } from "./installs/npm-installs.js";
import { npmJump } from "./jump.js";
import { npmInstalledLicenses } from "./licenses/installed-licenses.js";
import { NPM_LICENSE_ALIASES } from "./licenses/license-aliases.js";
import { packageLockParser } from "./lockfiles/package-lock.js";
import { pnpmLockParser } from "./lockfiles/pnpm-lock.js";
import { yarnLockParser } from "./lockfiles/yarn-lock.js";
import { npmNaming } from "./naming.js";
import { pickNpmVersion } from "./pick-release.js";
import { npmRegistryClient } from "./registry/npm-registry-client.js";
import { npmVersioning } from "./versioning.js";

export const npmAdapter: EcosystemAdapter = {
  ...npmNaming,
  displayName: "npm",
  osvName: "npm",
  versioning: npmVersioning,
  lockfileParsers: [packageLockParser, pnpmLockParser, yarnLockParser],
  jumpClass: npmJump,
  pickRelease: (releases, pick) => pickNpmVersion(releases, pick.range ?? "*", pick.nodeVersion),
  licenseAliases: NPM_LICENSE_ALIASES,
  registryClient: npmRegistryClient,
  installedLicenses: npmInstalledLicenses,
  loadChanges: async () => (await import("./changes/index.js")).npmChanges,
  imports: npmImports,
  installs: npmInstalls,
};
