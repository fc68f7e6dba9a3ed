import { type AdvisoryDb, openAdvisoryDb } from "../advisories/store/advisory-db.js";
import { shippedAdvisoryDbDir } from "../advisories/store/paths.js";
import { isLockkeeperError, LockkeeperError } from "../errors.js";
import { type AppContext, resolvePath, userAdvisoryDbDir } from "./context.js";

export interface OpenedDatabase {
  db: AdvisoryDb;
  location: string;
  /** True when the snapshot shipped with Lockkeeper is used (the user has no database of their own). */
  shipped: boolean;
}

/**
 * The advisory database a use case reads: an explicit folder (flag or config), else the user's
 * (written by `lk db update`), else the snapshot shipped with Lockkeeper so a scan works offline.
 * Close it when done.
 */
export function openAdvisoryDatabase(context: AppContext, explicit: string | undefined): OpenedDatabase {
  if (explicit) {
    const location = resolvePath(context, explicit);
    const db = openAdvisoryDb(location);
    if (!db) {
      throw new LockkeeperError("DB_MISSING", `no advisory database in ${explicit}`, {
        hint: `create it with "lk db update --db ${explicit}" or "lk db import <osv-dir-or-zip> --db ${explicit}"`,
      });
    }
    return { db, location, shipped: false };
  }
  const userDir = userAdvisoryDbDir(context);
  const user = openAdvisoryDb(userDir);
  if (user) return { db: user, location: userDir, shipped: false };
  const shippedDir = shippedAdvisoryDbDir();
  const shipped = openAdvisoryDb(shippedDir);
  if (shipped) return { db: shipped, location: shippedDir, shipped: true };
  throw new LockkeeperError("DB_MISSING", "no advisory database found", { hint: 'run "lk db update"' });
}

/**
 * The database for vetting a change, or undefined with a warning event when there is none: a change
 * is still vetted on licences, age and scripts, and the report says vulnerabilities were not checked.
 */
export function optionalAdvisoryDatabase(
  context: AppContext,
  explicit: string | undefined,
): OpenedDatabase | undefined {
  try {
    return openAdvisoryDatabase(context, explicit);
  } catch (error: unknown) {
    if (!isLockkeeperError(error) || error.code !== "DB_MISSING") throw error;
    context.onEvent({ kind: "warning", message: `vulnerabilities not checked: ${error.message}` });
    return undefined;
  }
}

/** Whole days since an ISO timestamp. */
export function ageInDays(iso: string, now: Date): number {
  return Math.floor((now.getTime() - Date.parse(iso)) / 86_400_000);
}
