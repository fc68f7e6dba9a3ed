import { adapterFor } from "../../ecosystems/index.js";
import type { Ecosystem } from "../../model/types.js";
import type { OsvAffected, OsvRecord } from "../schema/osv.js";
import { lockkeeperEcosystem } from "../sources/osv-ecosystems.js";
import { evaluateRange, type RangeEvaluation } from "./evaluate-range.js";
import { findListedVersion, versionOrderFor } from "./version-order.js";

export interface AffectedEvaluation {
  /** Index in the record's `affected` array. */
  index: number;
  /** The listed version equal (by meaning) to the installed one, when the `versions` list names it. */
  listedVersion?: string;
  ranges: RangeEvaluation[];
  affected: boolean;
  /** `fixed` values of this entry's SEMVER/ECOSYSTEM ranges. */
  fixed: string[];
}

export interface RecordEvaluation {
  recordId: string;
  /** Set for withdrawn records: they never match, and `lk explain` says why. */
  withdrawn?: string;
  /** Only the `affected` entries about this package. */
  entries: AffectedEvaluation[];
  affected: boolean;
}

/** Whether an `affected` entry is about this package (PyPI names compared after PEP 503 normalisation). */
export function isAboutPackage(entry: OsvAffected, ecosystem: Ecosystem, name: string): boolean {
  const pkg = entry.package;
  if (!pkg || lockkeeperEcosystem(pkg.ecosystem) !== ecosystem) return false;
  return adapterFor(ecosystem).normaliseName(pkg.name) === name;
}

/**
 * Evaluates one record for one installed package version per the OSV spec: affected when any of its
 * entries for the package lists the version in `versions` (compared by meaning) or any SEMVER or
 * ECOSYSTEM range includes it. GIT ranges are skipped without stopping the other ranges.
 */
export function evaluateRecord(
  record: OsvRecord,
  ecosystem: Ecosystem,
  name: string,
  version: string,
): RecordEvaluation {
  const entries: AffectedEvaluation[] = [];
  const ecosystemOrder = versionOrderFor("ECOSYSTEM", ecosystem);
  (record.affected ?? []).forEach((entry, index) => {
    if (!isAboutPackage(entry, ecosystem, name)) return;
    const evaluation: AffectedEvaluation = { index, ranges: [], affected: false, fixed: [] };
    const listed =
      ecosystemOrder && entry.versions
        ? findListedVersion(ecosystemOrder, entry.versions, version)
        : undefined;
    if (listed !== undefined) evaluation.listedVersion = listed;
    for (const range of entry.ranges ?? []) {
      const order = versionOrderFor(range.type, ecosystem);
      if (!order) {
        evaluation.ranges.push({
          type: range.type,
          skipped: `${range.type} ranges need the repository's commit graph`,
          beforeLimits: true,
          steps: [],
          vulnerable: false,
        });
        continue;
      }
      for (const event of range.events) if (event.fixed !== undefined) evaluation.fixed.push(event.fixed);
      if (!order.isValid(version)) {
        evaluation.ranges.push({
          type: range.type,
          skipped: `installed version "${version}" is not a valid ${order.name} version`,
          beforeLimits: true,
          steps: [],
          vulnerable: false,
        });
        continue;
      }
      evaluation.ranges.push(evaluateRange(range, version, order));
    }
    evaluation.affected = listed !== undefined || evaluation.ranges.some((r) => r.vulnerable);
    entries.push(evaluation);
  });
  const result: RecordEvaluation = { recordId: record.id, entries, affected: false };
  if (record.withdrawn) result.withdrawn = record.withdrawn;
  else result.affected = entries.some((e) => e.affected);
  return result;
}
