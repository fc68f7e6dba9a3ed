import type { VersionScheme } from "../../ecosystems/types.js";
import { LockkeeperError } from "../../errors.js";
import type { ChangelogFormat } from "./find-changelog.js";

/** One release's notes, from a changelog section or a GitHub release. */
export interface ChangelogRelease {
  /** As written in the heading or tag, without a leading `v` or `name@`. */
  version: string;
  /** The heading (or release name) as written. */
  heading: string;
  /** The section's text without its heading, in the excerpt's format, blank lines trimmed. */
  body: string;
  /** The heading, a sub-heading or a line marks breaking changes. */
  breaking: boolean;
  /** The release's page, when known (GitHub releases). */
  url?: string;
}

/** The release notes between two versions. */
export interface ChangelogExcerpt {
  /** The format of every `body`. */
  format: ChangelogFormat;
  /** Releases with `from < version <= to` in the scheme's order, newest first. */
  releases: ChangelogRelease[];
  /** Older releases of the range were left out to stay under the size cap. */
  truncated: boolean;
}

/** Which releases an excerpt keeps. */
export interface ReleaseRange {
  /** The installed version (excluded). */
  from: string;
  /** The version updated to (included). */
  to: string;
  scheme: VersionScheme;
  /** Cap on the excerpt's headings and bodies together, in characters. Default 20,000. */
  maxChars?: number;
}

export const DEFAULT_MAX_CHARS = 20_000;

/** A release with the form of its version the scheme can compare. */
export interface CandidateRelease {
  release: ChangelogRelease;
  comparable: string;
}

/**
 * The candidates within `range`, newest first, the first of equal versions kept (changelogs
 * repeat a version now and then), cut at a release boundary once `maxChars` is reached. A first
 * release longer than the cap on its own is cut at a line boundary rather than dropped. Throws a
 * USAGE error when `from` or `to` is not a version of the scheme.
 */
export function selectReleases(
  candidates: readonly CandidateRelease[],
  range: ReleaseRange,
): { releases: ChangelogRelease[]; truncated: boolean } {
  const { from, to, scheme } = range;
  for (const version of [from, to]) {
    if (!scheme.isValid(version)) {
      throw new LockkeeperError("USAGE", `"${version}" is not a version this package's ecosystem can order`);
    }
  }
  const inRange: CandidateRelease[] = [];
  for (const candidate of candidates) {
    const { comparable } = candidate;
    if (scheme.compare(comparable, from) <= 0 || scheme.compare(comparable, to) > 0) continue;
    if (inRange.some((kept) => scheme.compare(kept.comparable, comparable) === 0)) continue;
    inRange.push(candidate);
  }
  inRange.sort((a, b) => scheme.compare(b.comparable, a.comparable));
  const maxChars = range.maxChars ?? DEFAULT_MAX_CHARS;
  const releases: ChangelogRelease[] = [];
  let used = 0;
  for (const { release } of inRange) {
    const size = release.heading.length + release.body.length;
    if (used + size <= maxChars) {
      releases.push(release);
      used += size;
      continue;
    }
    if (releases.length === 0)
      releases.push({ ...release, body: cutAtLine(release.body, maxChars - release.heading.length) });
    return { releases, truncated: true };
  }
  return { releases, truncated: false };
}

function cutAtLine(text: string, maxChars: number): string {
  const cut = text.lastIndexOf("\n", Math.max(0, maxChars));
  return text.slice(0, cut > 0 ? cut : Math.max(0, maxChars)).trimEnd();
}
