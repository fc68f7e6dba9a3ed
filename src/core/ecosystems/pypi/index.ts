import type { EcosystemAdapter } from "../types.js";
import { pypiJump } from "./jump.js";
import { pdmLockParser } from "./lockfiles/pdm-lock.js";
import { pipfileLockParser } from "./lockfiles/pipfile-lock.js";
import { poetryLockParser } from "./lockfiles/poetry-lock.js";
import { pylockParser } from "./lockfiles/pylock.js";
import { requirementsParser } from "./lockfiles/requirements.js";
import { requirementsInParser } from "./lockfiles/requirements-in.js";
import { uvLockParser } from "./lockfiles/uv-lock.js";
import { pypiNaming } from "./naming.js";
import { pickPypiVersion } from "./pick-release.js";
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
    pylockParser,
    pdmLockParser,
    requirementsInParser,
    requirementsParser,
  ],
  jumpClass: pypiJump,
  // pip has no idea of "latest" beyond the newest release an empty specifier allows.
  pickRelease: (releases, pick) => pickPypiVersion(releases, pick.range ?? ""),
  registryClient: async (input) => (await import("./registry/pypi-index-client.js")).pypiIndexClient(input),
  installedLicenses: async (projectDir, snapshot, options) =>
    (await import("./licenses/installed-licenses.js")).pypiInstalledLicenses(projectDir, snapshot, options),
  loadChanges: async () => (await import("./changes/index.js")).pythonChanges,
  loadImports: async () => (await import("./imports/import-support.js")).pypiImports,
  loadInstalls: async () => (await import("./installs/pypi-installs.js")).pypiInstalls,
};
