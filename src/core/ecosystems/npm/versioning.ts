import semver, { type SemVer } from "semver";
import type { VersionScheme } from "../types.js";

// node-semver parses both strings on every compare; a scan compares the same few thousand strings
// (event values, installed and candidate versions) again and again, so parse each once.
const SEMVER_CACHE_LIMIT = 50_000;
const parsedSemver = new Map<string, SemVer | null>();

function parseSemver(version: string): SemVer | null {
  let parsed = parsedSemver.get(version);
  if (parsed === undefined) {
    if (parsedSemver.size >= SEMVER_CACHE_LIMIT) parsedSemver.clear();
    parsed = semver.parse(version);
    parsedSemver.set(version, parsed);
  }
  return parsed;
}

/**
 * Strict SemVer 2.0 through node-semver, parsed once per string. Ranges include pre-releases, as
 * OSV and npm audit evaluate them (npm's installer excludes them: see `pick-release.ts`).
 */
export const semverScheme: VersionScheme = {
  name: "SemVer 2.0 (node-semver)",
  isValid: (version) => parseSemver(version) !== null,
  compare: (a, b) => {
    const pa = parseSemver(a);
    const pb = parseSemver(b);
    // Invalid input: let node-semver throw its own TypeError, as an uncached compare would.
    return pa && pb ? pa.compare(pb) : semver.compare(a, b);
  },
  key: (version) => {
    // node-semver's compare ignores build metadata; strict SemVer has one spelling per identifier.
    const parsed = parseSemver(version);
    if (!parsed) return undefined;
    const main = `${parsed.major}.${parsed.minor}.${parsed.patch}`;
    return parsed.prerelease.length > 0 ? `${main}-${parsed.prerelease.join(".")}` : main;
  },
  satisfies: (version, range) => semver.satisfies(version, range, { includePrerelease: true }),
  isValidRange: (range) => semver.validRange(range) !== null,
  isPrerelease: (version) => (parseSemver(version)?.prerelease.length ?? 0) > 0,
};

/** npm's versions: node-semver, strict. */
export const npmVersioning: VersionScheme = { ...semverScheme, name: "npm (node-semver)" };
