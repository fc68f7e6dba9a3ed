import type { EcosystemAdapter } from "../types.js";
import { packageLockParser } from "./lockfiles/package-lock.js";
import { pnpmLockParser } from "./lockfiles/pnpm-lock.js";
import { yarnLockParser } from "./lockfiles/yarn-lock.js";
import { normaliseNpmName } from "./names.js";
import { npmVersioning } from "./versioning.js";

export const npmAdapter: EcosystemAdapter = {
  ecosystem: "npm",
  normaliseName: normaliseNpmName,
  versioning: npmVersioning,
  lockfileParsers: [packageLockParser, pnpmLockParser, yarnLockParser],
};
