import { adapterFor, adapterForOsv } from "../../ecosystems/index.js";
import type { Ecosystem } from "../../model/types.js";
import type { OsvRecord } from "../schema/osv.js";

/** Lockkeeper's ecosystem for an OSV `affected[].package.ecosystem`, or undefined if unsupported. */
export function lockkeeperEcosystem(osvEcosystem: string): Ecosystem | undefined {
  // OSV ecosystems are case-sensitive and may carry a `:suffix` (Debian:11); ours have none.
  return adapterForOsv(osvEcosystem)?.ecosystem;
}

/**
 * The identity form of an advisory's package name, used on both sides of a lookup so that
 * `Django`, `django` and PyPI's `zope_interface`/`zope.interface` meet (PEP 503 for PyPI).
 */
export function normaliseAdvisoryName(ecosystem: Ecosystem, name: string): string {
  return adapterFor(ecosystem).normaliseName(name);
}

/** The index key of a package: `npm:lodash`, `pypi:zope-interface`. */
export function packageKey(ecosystem: Ecosystem, name: string): string {
  return `${ecosystem}:${normaliseAdvisoryName(ecosystem, name)}`;
}

/** What a record contributes to the index: its package keys and the ecosystems they are in. */
export interface RecordPackages {
  /** Distinct `ecosystem:name` keys, sorted. */
  keys: string[];
  /** Distinct OSV ecosystems of affected packages that Lockkeeper does not support, sorted. */
  unsupported: string[];
}

/** The packages a record affects, split into the ones Lockkeeper indexes and the rest. */
export function recordPackages(record: OsvRecord): RecordPackages {
  const keys = new Set<string>();
  const unsupported = new Set<string>();
  for (const affected of record.affected ?? []) {
    const pkg = affected.package;
    if (!pkg) continue;
    const ecosystem = lockkeeperEcosystem(pkg.ecosystem);
    if (ecosystem) keys.add(packageKey(ecosystem, pkg.name));
    else unsupported.add(pkg.ecosystem);
  }
  return { keys: [...keys].sort(), unsupported: [...unsupported].sort() };
}

/** Why a record that indexes no package is skipped (undefined when it has some). */
export function skipReason(record: OsvRecord, packages: RecordPackages): string | undefined {
  if (packages.keys.length > 0) return undefined;
  if (packages.unsupported.length > 0) {
    return `unsupported ecosystem ${packages.unsupported.join(", ")}`;
  }
  return (record.affected ?? []).length === 0 ? "no affected packages" : "no affected package names";
}
