import type { EcosystemAdapter } from "../types.js";
import { npmJump } from "./jump.js";
import { NPM_LICENSE_ALIASES } from "./licenses/license-aliases.js";
import { bunLockParser } from "./lockfiles/bun-lock.js";
import { packageLockParser } from "./lockfiles/package-lock.js";
import { pnpmLockParser } from "./lockfiles/pnpm-lock.js";
import { yarnLockParser } from "./lockfiles/yarn-lock.js";
import { npmNaming } from "./naming.js";
import { pickNpmVersion } from "./pick-release.js";
import { npmVersioning } from "./versioning.js";

export const npmAdapter: EcosystemAdapter = {
  ...npmNaming,
  displayName: "npm",
  osvName: "npm",
  versioning: npmVersioning,
  lockfileParsers: [packageLockParser, pnpmLockParser, yarnLockParser, bunLockParser],
  jumpClass: npmJump,
  pickRelease: (releases, pick) => pickNpmVersion(releases, pick.range ?? "*", pick.nodeVersion),
  licenseAliases: NPM_LICENSE_ALIASES,
  registryClient: async (input) =>
    (await import("./registry/npm-registry-client.js")).npmRegistryClient(input),
  installedLicenses: async (projectDir, snapshot) =>
    (await import("./licenses/installed-licenses.js")).npmInstalledLicenses(projectDir, snapshot),
  loadChanges: async () => (await import("./changes/index.js")).npmChanges,
  loadImports: async () => (await import("./imports/import-support.js")).npmImports,
  loadInstalls: async () => (await import("./installs/npm-installs.js")).npmInstalls,
};
