import semver from "semver";
import { adapterFor } from "../../ecosystems/index.js";
import type { Ecosystem } from "../../model/types.js";
import type { OsvRangeType } from "../schema/osv.js";

/** How versions of one range are ordered: node-semver for SEMVER, the ecosystem's own scheme for ECOSYSTEM. */
export interface VersionOrder {
  name: string;
  isValid(version: string): boolean;
  compare(a: string, b: string): number;
}

const SEMVER_ORDER: VersionOrder = {
  name: "SemVer 2.0 (node-semver)",
  isValid: (version) => semver.valid(version) !== null,
  compare: (a, b) => semver.compare(a, b),
};

const ORDER_NAMES: Record<Ecosystem, string> = { npm: "npm (node-semver)", pypi: "PEP 440" };

export function versionOrderFor(type: OsvRangeType, ecosystem: Ecosystem): VersionOrder | undefined {
  if (type === "SEMVER") return SEMVER_ORDER;
  if (type !== "ECOSYSTEM") return undefined;
  const { versioning } = adapterFor(ecosystem);
  return { name: ORDER_NAMES[ecosystem], isValid: versioning.isValid, compare: versioning.compare };
}

/** Equality by meaning (PEP 440 `1.0` == `1.0.0`), falling back to the exact string for unparseable versions. */
export function sameVersion(order: VersionOrder, a: string, b: string): boolean {
  if (a === b) return true;
  return order.isValid(a) && order.isValid(b) && order.compare(a, b) === 0;
}
