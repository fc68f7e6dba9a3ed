import type { Ecosystem, PackageLocation, Scope } from "../model/types.js";

/** Severity levels, most severe first. */
export type SeverityLevel = "critical" | "high" | "medium" | "low" | "unknown";
export const SEVERITY_LEVELS: readonly SeverityLevel[] = ["critical", "high", "medium", "low", "unknown"];

/**
 * What a gate does with a finding whose severity is unknown (no record of its alias group carries a
 * score or label): `fail` counts it at every threshold, `ignore` never counts it (it is still shown).
 */
export type UnknownSeverity = "fail" | "ignore";
export const UNKNOWN_SEVERITY_OPTIONS: readonly UnknownSeverity[] = ["fail", "ignore"];

/** A severity with its provenance: a user always sees where a level came from. */
export interface Severity {
  level: SeverityLevel;
  /** 0.0–10.0 when computed from a CVSS vector. */
  score?: number;
  /** The CVSS vector the score was computed from. */
  vector?: string;
  /**
   * Where the level came from: `CVSS_V2`, `CVSS_V3`, `CVSS_V4` (a vector in the record),
   * `affected.severity` (a per-package vector or label), `database_specific.severity` (a database's
   * own label, such as GitHub's), or `none`.
   */
  source: string;
  /** The record whose data decided the severity (in an alias group, the most severe one). */
  recordId?: string;
}

/** The package a finding is about. */
export interface FindingPackage {
  id: string;
  ecosystem: Ecosystem;
  name: string;
  displayName: string;
  version: string;
  purl: string;
  scope: Scope;
  direct: boolean;
}

/** A suggested upgrade: the smallest version above the installed one that no advisory of the group affects. */
export interface FixSuggestion {
  version: string;
  /** Where candidate versions came from: the registry's version list, or the advisories' `fixed` events. */
  basis: "registry" | "advisory";
  /**
   * Whether the fix satisfies the range declared by the package's dependents (each parent, or the
   * root manifest for a direct dependency): then a lockfile refresh is enough; otherwise a parent
   * must be upgraded too. Undefined when no declared range is known.
   */
  fitsDeclaredRange?: boolean;
  declaredRanges?: string[];
}

/** One problem (an alias group of advisories) in one installed package version. */
export interface Finding {
  /** Display id of the alias group, chosen deterministically (see alias-groups.ts). */
  id: string;
  /** Every other id of the group: aliases and the ids of grouped records, sorted. */
  aliases: string[];
  /** Ids of the database records that matched. */
  recordIds: string[];
  summary?: string;
  severity: Severity;
  package: FindingPackage;
  /** Lockfile (or SBOM) path the package was found in. */
  lockfile: string;
  locations: PackageLocation[];
  /** The shortest dependency path from a root: labels such as `project`, `express@4.17.1`. */
  path: string[];
  /** Versions named by `fixed` events of the matched ranges. */
  fixedVersions: string[];
  fix?: FixSuggestion;
  references: string[];
  /** Set when an ignore rule applies (the finding is reported but does not fail the scan). */
  ignored?: { reason: string; expires?: string; rule: number };
}
