import semver from "semver";
import type { PackageReleases, Release } from "../registry/releases.js";
import { splitDescriptor } from "./lockfiles/yarn/descriptors.js";

/**
 * The version npm would install for a range, as npm-pick-manifest picks it (so `lk outdated`
 * agrees with `npm outdated`): the `latest` dist-tag when it satisfies the range, is not
 * deprecated and suits this Node.js; otherwise the highest satisfying version, preferring ones
 * that are neither deprecated nor made for another Node.js. Ranges exclude pre-releases as npm's
 * do. Undefined when nothing satisfies the range or the range is not a semver range (git, file:).
 */
export function pickNpmVersion(
  packument: PackageReleases,
  spec: string,
  // npm-pick-manifest does the same: the Node.js running the tool stands in for the project's.
  nodeVersion: string = process.version,
): Release | undefined {
  const trimmed = aliasTarget(spec.trim());
  const wanted = trimmed === "" ? "*" : trimmed;
  const tagged = packument.releases.find((release) => release.version === packument.latest);
  const range = parseRange(wanted);
  if (!range) {
    // A dist-tag (`latest`) means exactly the tagged version; other specs (git, file:) have none.
    return wanted === "latest" ? tagged : undefined;
  }
  if (
    tagged &&
    // `*` takes the tag even when it is a pre-release, which no range would match.
    (wanted === "*" || range.test(tagged.version)) &&
    !tagged.deprecated &&
    engineOk(tagged, nodeVersion)
  ) {
    return tagged;
  }
  let best: { release: Release; parsed: semver.SemVer; rank: number } | undefined;
  for (const { release, parsed } of parsedReleases(packument)) {
    if (!range.test(parsed)) continue;
    const rank = preference(release, nodeVersion);
    if (!best || rank > best.rank || (rank === best.rank && parsed.compare(best.parsed) > 0)) {
      best = { release, parsed, rank };
    }
  }
  return best?.release;
}

/**
 * The range of an alias spec (`npm:string-width@^4.2.0` → `^4.2.0`; `npm:pkg` → ``, any version):
 * the packument asked for is the real package's, so only its range is left to pick with.
 */
function aliasTarget(spec: string): string {
  return spec.startsWith("npm:") ? (splitDescriptor(spec.slice(4))?.range ?? "") : spec;
}

const parsedCache = new WeakMap<PackageReleases, { release: Release; parsed: semver.SemVer }[]>();

/** Versions parsed once per packument: `lk outdated` picks from the same one for many ranges. */
function parsedReleases(packument: PackageReleases): { release: Release; parsed: semver.SemVer }[] {
  let parsed = parsedCache.get(packument);
  if (!parsed) {
    parsed = packument.releases.flatMap((release) => {
      const version = semver.parse(release.version, { loose: true });
      return version ? [{ release, parsed: version }] : [];
    });
    parsedCache.set(packument, parsed);
  }
  return parsed;
}

/** npm's order: (not deprecated and engine ok) first, then engine ok, then not deprecated. */
function preference(release: Release, nodeVersion: string): number {
  const engine = engineOk(release, nodeVersion);
  const live = !release.deprecated;
  return (engine && live ? 4 : 0) + (engine ? 2 : 0) + (live ? 1 : 0);
}

function parseRange(range: string): semver.Range | undefined {
  try {
    return new semver.Range(range, { loose: true });
  } catch {
    return undefined;
  }
}

const engineVerdicts = new Map<string, boolean>();

function engineOk(release: Release, nodeVersion: string): boolean {
  const node = release.engines?.node;
  if (!node) return true;
  const key = `${nodeVersion}\0${node}`;
  let verdict = engineVerdicts.get(key);
  if (verdict === undefined) {
    // npm-install-checks treats an engines.node it cannot parse as no constraint.
    verdict =
      semver.validRange(node, { loose: true }) === null ||
      semver.satisfies(nodeVersion, node, { includePrerelease: true });
    engineVerdicts.set(key, verdict);
  }
  return verdict;
}
