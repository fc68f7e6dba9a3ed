import semver, { type SemVer } from "semver";
import { parseVersion as parsePep440 } from "../../ecosystems/pypi/pep440/version.js";
import { pep440Versioning } from "../../ecosystems/pypi/versioning.js";
import type { Ecosystem } from "../../model/types.js";
import type { OsvRangeType } from "../schema/osv.js";

/** How versions of one range are ordered: node-semver for SEMVER, the ecosystem's own scheme for ECOSYSTEM. */
export interface VersionOrder {
  name: string;
  isValid(version: string): boolean;
  compare(a: string, b: string): number;
  /** Equal for two versions exactly when `compare` says 0 (`1.0` and `1.0.0` in PEP 440); undefined if invalid. */
  key(version: string): string | undefined;
}

// node-semver parses both strings on every compare; a scan compares the same few thousand strings
// (event values, installed and candidate versions) again and again, so parse each once.
const SEMVER_CACHE_LIMIT = 50_000;
const parsedSemver = new Map<string, SemVer | null>();

function parseSemver(version: string): SemVer | null {
  let parsed = parsedSemver.get(version);
  if (parsed === undefined) {
    if (parsedSemver.size >= SEMVER_CACHE_LIMIT) parsedSemver.clear();
    parsed = semver.parse(version);
    parsedSemver.set(version, parsed);
  }
  return parsed;
}

const SEMVER_ORDER: VersionOrder = {
  name: "SemVer 2.0 (node-semver)",
  isValid: (version) => parseSemver(version) !== null,
  compare: (a, b) => {
    const pa = parseSemver(a);
    const pb = parseSemver(b);
    // Invalid input: let node-semver throw its own TypeError, as an uncached compare would.
    return pa && pb ? pa.compare(pb) : semver.compare(a, b);
  },
  key: (version) => {
    // node-semver's compare ignores build metadata; strict SemVer has one spelling per identifier.
    const parsed = parseSemver(version);
    if (!parsed) return undefined;
    const main = `${parsed.major}.${parsed.minor}.${parsed.patch}`;
    return parsed.prerelease.length > 0 ? `${main}-${parsed.prerelease.join(".")}` : main;
  },
};

/** npm's ECOSYSTEM ordering is node-semver (strict, as npmVersioning), through the same parse cache. */
const NPM_ORDER: VersionOrder = { ...SEMVER_ORDER, name: "npm (node-semver)" };

const PEP440_ORDER: VersionOrder = {
  name: "PEP 440",
  isValid: pep440Versioning.isValid,
  compare: pep440Versioning.compare,
  // PEP 440 compare is exactly a comparison of these keys.
  key: (version) => parsePep440(version)?.sortKey,
};

const ECOSYSTEM_ORDERS: Record<Ecosystem, VersionOrder> = { npm: NPM_ORDER, pypi: PEP440_ORDER };

export function versionOrderFor(type: OsvRangeType, ecosystem: Ecosystem): VersionOrder | undefined {
  if (type === "SEMVER") return SEMVER_ORDER;
  if (type !== "ECOSYSTEM") return undefined;
  return ECOSYSTEM_ORDERS[ecosystem];
}

/** A `versions` list indexed by equality key: first item per key, and every item by its exact text. */
interface ListIndex {
  order: VersionOrder;
  byKey: Map<string, string>;
  exact: Set<string>;
}

// Records are parsed once and shared (the database caches them), so their lists can be indexed once:
// PyPI lists run to hundreds of versions, and every scanned version of the package is looked up.
const listIndexes = new WeakMap<readonly string[], ListIndex>();

/**
 * The first item of a `versions` list equal to `version` by meaning (PEP 440 `1.0` == `1.0.0`), or
 * by exact text for versions the ordering cannot read; indexed, so a long list is read once.
 */
export function findListedVersion(
  order: VersionOrder,
  list: readonly string[],
  version: string,
): string | undefined {
  let index = listIndexes.get(list);
  if (!index || index.order !== order) {
    index = { order, byKey: new Map(), exact: new Set(list) };
    for (const item of list) {
      const key = order.key(item);
      if (key !== undefined && !index.byKey.has(key)) index.byKey.set(key, item);
    }
    listIndexes.set(list, index);
  }
  const key = order.key(version);
  if (key !== undefined) return index.byKey.get(key);
  return index.exact.has(version) ? version : undefined;
}
