import { adapterFor } from "../../ecosystems/index.js";
import { semverScheme } from "../../ecosystems/npm/versioning.js";
import type { VersionScheme } from "../../ecosystems/types.js";
import type { Ecosystem } from "../../model/types.js";
import type { OsvRangeType } from "../schema/osv.js";

/** How versions of one range are ordered: node-semver for SEMVER, the ecosystem's own scheme for ECOSYSTEM. */
export type VersionOrder = Pick<VersionScheme, "name" | "isValid" | "compare" | "key">;

export function versionOrderFor(type: OsvRangeType, ecosystem: Ecosystem): VersionOrder | undefined {
  if (type === "SEMVER") return semverScheme;
  if (type !== "ECOSYSTEM") return undefined;
  return adapterFor(ecosystem).versioning;
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
