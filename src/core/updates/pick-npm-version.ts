import semver from "semver";
import type { PackageReleases, Release } from "../ecosystems/registry/releases.js";

/**
 * The version npm would install for a range, as npm-pick-manifest picks it (so `lk outdated`
 * agrees with `npm outdated`): the `latest` dist-tag when it satisfies the range, is not
 * deprecated and suits this Node.js; otherwise the highest satisfying version, preferring ones
 * that are neither deprecated nor made for another Node.js. Ranges exclude pre-releases as npm's
 * do. Undefined when nothing satisfies the range or the range is not a semver range (git, file:).
 */
export function pickNpmVersion(
  packument: PackageReleases,
  range: string,
  nodeVersion: string = process.version,
): Release | undefined {
  const wanted = range.trim() === "" ? "*" : range.trim();
  const byVersion = new Map(packument.releases.map((release) => [release.version, release]));
  if (semver.validRange(wanted, { loose: true }) === null) {
    // A dist-tag (`latest`) means exactly the tagged version; other specs (git, file:) have none.
    return wanted === "latest" && packument.latest ? byVersion.get(packument.latest) : undefined;
  }
  const tagged = packument.latest ? byVersion.get(packument.latest) : undefined;
  if (
    tagged &&
    // `*` takes the tag even when it is a pre-release, which no range would match.
    (wanted === "*" || semver.satisfies(tagged.version, wanted, { loose: true })) &&
    !tagged.deprecated &&
    engineOk(tagged, nodeVersion)
  ) {
    return tagged;
  }
  let best: { release: Release; rank: number } | undefined;
  for (const release of packument.releases) {
    if (!semver.satisfies(release.version, wanted, { loose: true })) continue;
    const rank = preference(release, nodeVersion);
    if (
      !best ||
      rank > best.rank ||
      (rank === best.rank && semver.gt(release.version, best.release.version, { loose: true }))
    ) {
      best = { release, rank };
    }
  }
  return best?.release;
}

/** npm's order: (not deprecated and engine ok) first, then engine ok, then not deprecated. */
function preference(release: Release, nodeVersion: string): number {
  const engine = engineOk(release, nodeVersion);
  const live = !release.deprecated;
  return (engine && live ? 4 : 0) + (engine ? 2 : 0) + (live ? 1 : 0);
}

function engineOk(release: Release, nodeVersion: string): boolean {
  const node = release.engines?.node;
  if (!node) return true;
  // npm-install-checks treats an engines.node it cannot parse as no constraint.
  if (semver.validRange(node, { loose: true }) === null) return true;
  return semver.satisfies(nodeVersion, node, { includePrerelease: true });
}
