import { type AdvisoryDb, openAdvisoryDb } from "../../core/advisories/store/advisory-db.js";
import { shippedAdvisoryDbDir } from "../../core/advisories/store/paths.js";
import type { AdvisoryData } from "../app.js";

/** The advisory snapshot shipped with Lockkeeper (real data), as the server opens it; close in afterAll. */
export function shippedAdvisories(): AdvisoryData & { close(): void } {
  const db = openAdvisoryDb(shippedAdvisoryDbDir()) as AdvisoryDb;
  return {
    store: db,
    updatedAt: db.meta.updatedAt,
    coveredEcosystems: new Set(db.newestModified().keys()),
    close: () => db.close(),
  };
}
