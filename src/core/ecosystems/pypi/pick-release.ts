import type { PackageReleases, Release } from "../registry/releases.js";
import { pep440Versioning } from "./versioning.js";

/**
 * The release pip would choose for a specifier set: the highest that satisfies it, is not yanked
 * (PEP 592: a yanked release is only chosen when the specifier pins it with `==`/`===`) and is
 * not a pre-release, unless the specifier names a pre-release or nothing else satisfies it
 * (PEP 440's rule). Undefined when nothing does or the specifier is not PEP 440.
 */
export function pickPypiVersion(project: PackageReleases, specifier: string): Release | undefined {
  const range = specifier.trim();
  if (range !== "" && !pep440Versioning.isValidRange(range)) return undefined;
  const candidates = project.releases.filter(
    (release) => pep440Versioning.isValid(release.version) && satisfies(release.version, range),
  );
  const pinned = /^(===?)/.test(range) && !range.includes(",");
  const usable = candidates.filter((release) => pinned || release.yanked === undefined);
  const finals = usable.filter((release) => !pep440Versioning.isPrerelease(release.version));
  const allowPre = /\d(a|b|rc|c|alpha|beta|pre|preview|dev)\d*/i.test(range) || finals.length === 0;
  return highest(allowPre ? usable : finals);
}

function satisfies(version: string, range: string): boolean {
  return range === "" || pep440Versioning.satisfies(version, range);
}

function highest(releases: readonly Release[]): Release | undefined {
  let best: Release | undefined;
  for (const release of releases) {
    if (!best || pep440Versioning.compare(release.version, best.version) > 0) best = release;
  }
  return best;
}
