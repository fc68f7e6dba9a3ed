import type { EcosystemAdapter } from "../types.js";
import { pipfileLockParser } from "./lockfiles/pipfile-lock.js";
import { poetryLockParser } from "./lockfiles/poetry-lock.js";
import { requirementsParser } from "./lockfiles/requirements.js";
import { requirementsInParser } from "./lockfiles/requirements-in.js";
import { uvLockParser } from "./lockfiles/uv-lock.js";
import { normalisePypiName } from "./names.js";
import { pep440Versioning } from "./versioning.js";

export const pypiAdapter: EcosystemAdapter = {
  ecosystem: "pypi",
  normaliseName: normalisePypiName,
  versioning: pep440Versioning,
  // Order matters for detection: specific names first, the catch-all requirements sniffing last.
  lockfileParsers: [
    poetryLockParser,
    uvLockParser,
    pipfileLockParser,
    requirementsInParser,
    requirementsParser,
  ],
};
