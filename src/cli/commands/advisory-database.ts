import { resolve } from "node:path";
import { type AdvisoryDb, openAdvisoryDb } from "../../core/advisories/store/advisory-db.js";
import { defaultAdvisoryDbDir, shippedAdvisoryDbDir } from "../../core/advisories/store/paths.js";
import { LockkeeperError } from "../../core/errors.js";
import type { CliIo } from "../io.js";

export interface OpenedDatabase {
  db: AdvisoryDb;
  location: string;
  /** True when the snapshot shipped with Lockkeeper is used (the user has no database of their own). */
  shipped: boolean;
}

/**
 * The advisory database a command uses: an explicit folder (flag or config), else the user's
 * (written by `lk db update`), else the snapshot shipped with Lockkeeper so a scan works offline.
 */
export function openDatabase(io: CliIo, explicit: string | undefined): OpenedDatabase {
  if (explicit) {
    const location = resolve(io.cwd, explicit);
    const db = openAdvisoryDb(location);
    if (!db) {
      throw new LockkeeperError("DB_MISSING", `no advisory database in ${explicit}`, {
        hint: `create it with "lk db update --db ${explicit}" or "lk db import <osv-dir-or-zip> --db ${explicit}"`,
      });
    }
    return { db, location, shipped: false };
  }
  const userDir = defaultAdvisoryDbDir(io.env);
  const user = openAdvisoryDb(userDir);
  if (user) return { db: user, location: userDir, shipped: false };
  const shippedDir = shippedAdvisoryDbDir();
  const shipped = openAdvisoryDb(shippedDir);
  if (shipped) return { db: shipped, location: shippedDir, shipped: true };
  throw new LockkeeperError("DB_MISSING", "no advisory database found", { hint: 'run "lk db update"' });
}

/** Whole days since an ISO timestamp. */
export function ageInDays(iso: string, now: Date): number {
  return Math.floor((now.getTime() - Date.parse(iso)) / 86_400_000);
}
