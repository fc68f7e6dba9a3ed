import { type ImportSummary, importOsv } from "../advisories/store/import.js";
import type { AdvisoryDbMeta } from "../advisories/store/meta.js";
import { shippedAdvisoryDbDir } from "../advisories/store/paths.js";
import { type UpdateSummary, updateFromOsvExport } from "../advisories/store/update.js";
import { LockkeeperError } from "../errors.js";
import type { Ecosystem } from "../model/types.js";
import { ageInDays, openAdvisoryDatabase } from "./advisory-database.js";
import { type AppContext, resolvePath, userAdvisoryDbDir } from "./context.js";

export interface AdvisoryDataStatus extends AdvisoryDbMeta {
  location: string;
  shipped: boolean;
  ageDays: number;
  /**
   * Per ecosystem with records: its newest record's `modified` and that record's age in days. The
   * ecosystems' data can end years apart (the shipped npm advisories in 2020, the PyPI ones in 2024).
   */
  ecosystems: { ecosystem: Ecosystem; newestRecord: string; ageDays: number }[];
}

/** `db status`: which database a scan would use, what it holds and how old it is. */
export function advisoryDataStatus(context: AppContext, explicit: string | undefined): AdvisoryDataStatus {
  const { db, location, shipped } = openAdvisoryDatabase(context, explicit);
  const meta = db.meta;
  const now = context.now();
  const ecosystems = [...db.newestModified()].map(([ecosystem, newestRecord]) => ({
    ecosystem,
    newestRecord,
    ageDays: ageInDays(newestRecord, now),
  }));
  db.close();
  return { location, shipped, ageDays: ageInDays(meta.updatedAt, now), ...meta, ecosystems };
}

/** `db import`: OSV records from a folder, a zip or a file into the database (default: the user's). */
export function importAdvisories(
  context: AppContext,
  path: string,
  options: { db?: string; label?: string },
): ImportSummary & { dir: string } {
  const dir = databaseDir(context, options.db);
  const summary = importOsv(dir, resolvePath(context, path), {
    progress: (progress) => context.onEvent({ kind: "advisories", progress }),
    seed: shippedAdvisoryDbDir(),
    ...(options.label ? { label: options.label } : {}),
  });
  return { ...summary, dir };
}

export interface AdvisoryUpdateRequest {
  db?: string;
  /** The OSV export's base URL (a mirror). */
  baseUrl: string;
  ecosystems: readonly Ecosystem[];
  /** Download all.zip again instead of only what changed. */
  full: boolean;
}

/** `db update`: the OSV export's npm and PyPI data into the database (default: the user's). */
export async function updateAdvisories(
  context: AppContext,
  request: AdvisoryUpdateRequest,
): Promise<UpdateSummary & { dir: string }> {
  const dir = databaseDir(context, request.db);
  let baseUrl: URL;
  try {
    baseUrl = new URL(request.baseUrl);
  } catch {
    throw new LockkeeperError("USAGE", `--base-url is not a URL: ${request.baseUrl}`);
  }
  const summary = await updateFromOsvExport(dir, {
    baseUrl: baseUrl.toString(),
    ecosystems: request.ecosystems,
    full: request.full,
    seed: shippedAdvisoryDbDir(),
    now: context.now(),
    signal: context.signal,
    progress: (progress) => context.onEvent({ kind: "advisories", progress }),
  });
  return { ...summary, dir };
}

function databaseDir(context: AppContext, explicit: string | undefined): string {
  return explicit ? resolvePath(context, explicit) : userAdvisoryDbDir(context);
}
