import type { Ecosystem } from "../../model/types.js";
import type { OsvRecord } from "../schema/osv.js";

/** A package as advisories name it: ecosystem and name (any spelling; stores normalise it). */
export interface AdvisoryPackage {
  ecosystem: Ecosystem;
  name: string;
}

/**
 * What scans, vetting and `lk explain` read advisories through. The on-disk database
 * (`AdvisoryDb`) implements it for the CLI; the server's PostgreSQL store implements the same
 * interface. Asynchronous and batched, so a remote store answers a whole inventory in one round
 * trip. Returned records are shared: treat them as read-only.
 */
export interface AdvisoryStore {
  /**
   * The records affecting each package (withdrawn ones included: the matcher excludes them),
   * keyed by `packageKey(ecosystem, name)`. Packages without records are absent from the map.
   */
  query(packages: readonly AdvisoryPackage[]): Promise<Map<string, readonly OsvRecord[]>>;
  /** Records named by an id or alias, case-insensitively, in id order. */
  lookup(idOrAlias: string): Promise<OsvRecord[]>;
}
