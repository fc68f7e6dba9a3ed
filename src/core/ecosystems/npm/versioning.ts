import semver from "semver";
import type { VersionScheme } from "../types.js";

/** node-semver, with pre-releases included in ranges as OSV and npm audit evaluate them. */
export const npmVersioning: VersionScheme = {
  isValid: (version) => semver.valid(version, { loose: false }) !== null,
  compare: (a, b) => semver.compare(a, b),
  satisfies: (version, range) => semver.satisfies(version, range, { includePrerelease: true }),
};
