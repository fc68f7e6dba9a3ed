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

let shared: AdvisoryData | undefined;

/**
 * One shipped snapshot for every app a test file builds without caring about advisories (auth,
 * projects, audit): opened on first use, left open until the test worker ends.
 */
export function sharedAdvisories(): AdvisoryData {
  shared ??= shippedAdvisories();
  return shared;
}
