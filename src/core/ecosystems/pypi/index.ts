import type { EcosystemAdapter } from "../types.js";
import { pypiImports } from "./imports/import-support.js";
import { pypiInstalls } from "./installs/pypi-installs.js";
import { pypiJump } from "./jump.js";
import { pypiInstalledLicenses } from "./licenses/installed-licenses.js";
import { pipfileLockParser } from "./lockfiles/pipfile-lock.js";
import { poetryLockParser } from "./lockfiles/poetry-lock.js";
import { requirementsParser } from "./lockfiles/requirements.js";
import { requirementsInParser } from "./lockfiles/requirements-in.js";
import { uvLockParser } from "./lockfiles/uv-lock.js";
import { pypiNaming } from "./naming.js";
import { pickPypiVersion } from "./pick-release.js";
import { pypiIndexClient } from "./registry/pypi-index-client.js";
import { pep440Versioning } from "./versioning.js";

export const pypiAdapter: EcosystemAdapter = {
  ...pypiNaming,
  displayName: "PyPI",
  osvName: "PyPI",
  versioning: pep440Versioning,
  // Order matters for detection: specific names first, the catch-all requirements sniffing last.
  lockfileParsers: [
    poetryLockParser,
    uvLockParser,
    pipfileLockParser,
    requirementsInParser,
    requirementsParser,
  ],
  jumpClass: pypiJump,
  // pip has no idea of "latest" beyond the newest release an empty specifier allows.
  pickRelease: (releases, pick) => pickPypiVersion(releases, pick.range ?? ""),
  registryClient: pypiIndexClient,
  installedLicenses: pypiInstalledLicenses,
  loadChanges: async () => (await import("./changes/index.js")).pythonChanges,
  imports: pypiImports,
  installs: pypiInstalls,
};
