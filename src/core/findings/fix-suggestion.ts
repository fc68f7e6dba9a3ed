import { evaluateRecord } from "../advisories/matching/evaluate-record.js";
import { type VersionOrder, versionOrderFor } from "../advisories/matching/version-order.js";
import type { OsvRecord } from "../advisories/schema/osv.js";
import { adapterFor } from "../ecosystems/index.js";
import type { PackageNode } from "../model/types.js";
import type { FixSuggestion } from "./types.js";

/**
 * The smallest version above the installed one that no record of the group affects. Candidates
 * are the registry's versions when known (pre-releases only when the installed version is one), else
 * the records' `fixed` versions (a pre-release only when no final release among them is clean).
 * Returns undefined when no candidate is clean (no fix published).
 */
export function suggestFix(
  pkg: PackageNode & { version: string },
  records: readonly OsvRecord[],
  fixedVersions: readonly string[],
  registryVersions: readonly string[] | undefined,
  declaredRanges: readonly string[],
): FixSuggestion | undefined {
  // The matcher's ordering: the ecosystem's scheme, with parsed versions cached across candidates.
  const versioning = versionOrderFor("ECOSYSTEM", pkg.ecosystem) as VersionOrder;
  if (!versioning.isValid(pkg.version)) return undefined;
  const allowPrerelease = isPrerelease(pkg.ecosystem, pkg.version);
  const basis = registryVersions && registryVersions.length > 0 ? "registry" : "advisory";
  const newer = [...new Set(basis === "registry" ? registryVersions : fixedVersions)]
    .filter((v) => versioning.isValid(v) && versioning.compare(v, pkg.version) > 0)
    .sort((a, b) => versioning.compare(a, b));
  const isClean = (candidate: string) =>
    records.every((record) => !evaluateRecord(record, pkg.ecosystem, pkg.name, candidate).affected);
  let fix = newer.filter((v) => allowPrerelease || !isPrerelease(pkg.ecosystem, v)).find(isClean);
  // Without the registry's list the advisories' fixed versions are all there is to go on: when the
  // only clean one is a pre-release (PyYAML's CVE-2019-20477, fixed in 5.2b1), naming it beats
  // suggesting nothing. With the list, a clean final release either exists or is not out yet.
  if (!fix && basis === "advisory") fix = newer.find(isClean);
  if (!fix) return undefined;
  const suggestion: FixSuggestion = { version: fix, basis };
  const ranges = declaredRanges.filter((range) => isEvaluableRange(pkg.ecosystem, range));
  if (ranges.length > 0) {
    suggestion.declaredRanges = ranges;
    suggestion.fitsDeclaredRange = ranges.every((range) => safeSatisfies(pkg.ecosystem, fix, range));
  }
  return suggestion;
}

function isPrerelease(ecosystem: PackageNode["ecosystem"], version: string): boolean {
  return adapterFor(ecosystem).versioning.isPrerelease(version);
}

/** Ranges Lockkeeper can check: not protocols such as `workspace:*`, `catalog:`, `file:` or git URLs. */
function isEvaluableRange(ecosystem: PackageNode["ecosystem"], range: string): boolean {
  return adapterFor(ecosystem).versioning.isValidRange(range);
}

function safeSatisfies(ecosystem: PackageNode["ecosystem"], version: string, range: string): boolean {
  try {
    return adapterFor(ecosystem).versioning.satisfies(version, range);
  } catch {
    return false;
  }
}
