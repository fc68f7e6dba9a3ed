import type { PackageReleases, Release } from "../../registry/releases.js";
import { requireVersion } from "../pep440/version.js";
import { pep440Versioning } from "../versioning.js";
import type { IndexFile, SkippedFile } from "./simple-index.js";

/** A project's files grouped by version, as `PypiIndexClient.project` returns and caches it. */
export interface PypiProject {
  /** PEP 503 name. */
  name: string;
  /** The simple page it was read from, without credentials. */
  url: string;
  /** Ascending PEP 440 order; only versions with at least one wheel or sdist. */
  versions: { version: string; files: IndexFile[] }[];
  /** From the JSON API, when used: the licence of the release its `info` describes. */
  license?: { version: string; value: string };
  /** Files the page listed that are not used (see `SimpleProjectPage.skipped`). */
  skipped: SkippedFile[];
}

/**
 * Groups a page's files by version in PEP 440 order. Versions equal under PEP 440 (`1.0` and
 * `1.0.0`) are one release, spelled as the first file spells it.
 */
export function groupByVersion(files: readonly IndexFile[]): PypiProject["versions"] {
  const byKey = new Map<string, { version: string; files: IndexFile[] }>();
  for (const file of files) {
    const key = requireVersion(file.version).sortKey;
    const group = byKey.get(key);
    if (group) group.files.push(file);
    else byKey.set(key, { version: file.version, files: [file] });
  }
  return [...byKey.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, group]) => group);
}

/**
 * One release per version. A release is yanked only when every file is (PEP 592: pip still
 * installs the files that are not); its `requires-python` is the files' common value, or the
 * sdist's when wheels disagree; it was published when its first file was uploaded. `latest` is
 * the newest release that is neither a pre-release (nor dev release) nor yanked.
 */
export function releasesFromProject(project: PypiProject): PackageReleases {
  const releases = project.versions.map(({ version, files }) => releaseOf(version, files));
  if (project.license) {
    const described = releases.find((release) => release.version === project.license?.version);
    if (described) described.license = project.license.value;
  }
  let latest: string | undefined;
  for (const release of releases) {
    if (release.yanked !== undefined || pep440Versioning.isPrerelease(release.version)) continue;
    // `versions` is ascending, so the last eligible one wins.
    latest = release.version;
  }
  return { ecosystem: "pypi", name: project.name, latest, releases, url: project.url };
}

function releaseOf(version: string, files: readonly IndexFile[]): Release {
  const release: Release = { version };
  if (files.every((file) => file.yanked !== undefined)) {
    const reason = files.find((file) => typeof file.yanked === "string")?.yanked;
    release.yanked = reason ?? true;
  }
  const requiresPython = commonRequiresPython(files);
  if (requiresPython) release.requiresPython = requiresPython;
  const publishedAt = earliestUpload(files);
  if (publishedAt) release.publishedAt = publishedAt;
  return release;
}

function commonRequiresPython(files: readonly IndexFile[]): string | undefined {
  const stated = files.filter((file) => file.requiresPython !== undefined);
  const first = stated[0]?.requiresPython;
  if (stated.every((file) => file.requiresPython === first)) return first;
  return stated.find((file) => file.kind === "sdist")?.requiresPython ?? first;
}

function earliestUpload(files: readonly IndexFile[]): string | undefined {
  let earliest = Number.POSITIVE_INFINITY;
  for (const file of files) {
    const at = file.uploadTime ? Date.parse(file.uploadTime) : Number.NaN;
    if (at < earliest) earliest = at;
  }
  // Normalised, since indexes write microseconds and zones differently.
  return Number.isFinite(earliest) ? new Date(earliest).toISOString() : undefined;
}
