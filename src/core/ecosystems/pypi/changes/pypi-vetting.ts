import { LockkeeperError } from "../../../errors.js";
import { redactUrl } from "../../../http/urls.js";
import type { LicenseRegistry } from "../../../licenses/resolve-licenses.js";
import type { Scope } from "../../../model/types.js";
import { type ChangeSummary, packageChanges } from "../../../updates/change-summary.js";
import type { VetCandidate } from "../../../updates/vet.js";
import type { PackageReleases, Release, ReleaseSource } from "../../registry/releases.js";
import { normalisePypiName } from "../names.js";
import { pickPypiVersion } from "../pick-release.js";
import { pep440Versioning } from "../versioning.js";
import type { PypiAddRequest } from "./pypi-add-request.js";

/** A Python index as vetting needs it: releases, and each release's own licence (`PypiIndexClient`). */
export type PythonIndex = ReleaseSource & LicenseRegistry;

/** The requested project's releases and the one pip would choose for the request. */
export interface RequestedRelease {
  project: PackageReleases;
  chosen: Release;
}

/**
 * The release pip would install for the request (`pickPypiVersion`), read before anything is
 * resolved so a misspelt name or a specifier nothing satisfies is said plainly.
 */
export async function requestedRelease(
  index: ReleaseSource,
  request: PypiAddRequest,
  indexUrl: string,
): Promise<RequestedRelease> {
  const project = await index.packageReleases(request.name);
  if (!project) {
    throw new LockkeeperError("NOT_FOUND", `${request.name} is not on the index ${redactUrl(indexUrl)}`, {
      hint: "check the name, or registries.pypiIndex in lockkeeper.yaml",
    });
  }
  const chosen = pickPypiVersion(project, request.specifier);
  if (!chosen) {
    const newest = project.latest ? ` (the newest is ${project.latest})` : "";
    throw new LockkeeperError(
      "NOT_FOUND",
      `no release of ${request.name} on ${redactUrl(indexUrl)} satisfies "${request.specifier}"${newest}`,
    );
  }
  return { project, chosen };
}

/** The release of `version` (any PEP 440 spelling of it). */
export function findRelease(project: PackageReleases | undefined, version: string): Release | undefined {
  return project?.releases.find(
    (release) =>
      pep440Versioning.isValid(release.version) && pep440Versioning.compare(release.version, version) === 0,
  );
}

/** The requested package alone, for tools that resolve on their own (poetry, uv). */
export async function requestedCandidate(
  index: PythonIndex,
  request: PypiAddRequest,
  chosen: Release,
  scope: Scope,
): Promise<VetCandidate> {
  return {
    ecosystem: "pypi",
    name: request.name,
    version: chosen.version,
    requested: true,
    scope,
    release: await withReleaseLicense(index, request.name, chosen),
  };
}

/**
 * Every package a lock change adds or moves, with what the index says about its release (yanked,
 * upload time, its licence when there is a JSON API). Python packages run no install scripts
 * on install from a wheel, so that check is not made.
 */
export async function pypiCandidates(
  summary: ChangeSummary,
  requested: string,
  index: PythonIndex,
  requestedProject: PackageReleases,
): Promise<VetCandidate[]> {
  const key = normalisePypiName(requested);
  // `changed` keeps its version (it only became direct, say): nothing new to vet.
  const moved = packageChanges(summary).flatMap((change) =>
    change.ecosystem === "pypi" &&
    change.to?.version &&
    change.kind !== "removed" &&
    change.kind !== "changed"
      ? [{ change, version: change.to.version }]
      : [],
  );
  return Promise.all(
    moved.map(async ({ change, version }): Promise<VetCandidate> => {
      const isRequested = normalisePypiName(change.name) === key;
      const project = isRequested ? requestedProject : await index.packageReleases(change.name);
      const candidate: VetCandidate = {
        ecosystem: "pypi",
        name: change.name,
        version,
        requested: isRequested,
        scope: change.to?.scope ?? "prod",
      };
      const release = findRelease(project, version);
      if (release) candidate.release = await withReleaseLicense(index, change.name, release);
      return candidate;
    }),
  );
}

/**
 * The release with its own licence read as `lk licenses` reads it (its JSON API document), so
 * vetting and the licence report agree; as it was when the index has no JSON API to ask.
 */
async function withReleaseLicense(index: PythonIndex, name: string, release: Release): Promise<Release> {
  const found = await index.releaseLicense(name, release.version);
  return found ? { ...release, license: found.license.expression ?? found.license.raw } : release;
}
