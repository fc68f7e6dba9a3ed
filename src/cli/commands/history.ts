import { resolve } from "node:path";
import { globMatcher } from "../../core/config/glob.js";
import { loadConfig } from "../../core/config/load-config.js";
import { LockkeeperError } from "../../core/errors.js";
import { type CommitChanges, dependencyHistory } from "../../core/history/history.js";
import { type PackageTrail, packageHistory } from "../../core/history/package-history.js";
import { EXIT } from "../exit-codes.js";
import type { CliIo } from "../io.js";
import { commitProgressLine } from "../output/commit-progress.js";
import {
  historySummary,
  renderHistoryCsv,
  renderHistoryJson,
  renderHistoryTable,
} from "../output/history-changes.js";
import { renderPackageCsv, renderPackageJson, renderPackageTable } from "../output/history-package.js";
import { toolVersion } from "../version.js";

export interface HistoryCommandOptions {
  format: string;
  package?: string;
  since?: string;
  /** Revision to walk back from (default HEAD). */
  revision?: string;
  config?: string;
}

/**
 * `lk history [dir]`: every dependency change in the git history of the lockfiles below `dir`, newest
 * first, with commit, author, date and pull request; with --package, that package's story, oldest
 * first. Exit 0; lockfile versions that could not be read are listed on stderr and skipped.
 */
export async function historyCommand(
  io: CliIo,
  dir: string,
  options: HistoryCommandOptions,
): Promise<number> {
  const since = options.since === undefined ? undefined : parseSince(options.since);
  const directory = resolve(io.cwd, dir);
  const { config } = loadConfig(directory, options.config ? resolve(io.cwd, options.config) : undefined);
  const progress = commitProgressLine(io);
  const result = await dependencyHistory(directory, {
    exclude: globMatcher(config.inventory.exclude),
    onProgress: progress.update,
    ...(options.revision ? { revision: options.revision } : {}),
  }).finally(progress.done);
  result.directory = dir;

  const isRecent = (date: string) => since === undefined || Date.parse(date) >= since.getTime();
  const sinceText = options.since;
  if (options.package !== undefined) {
    const trails = packageHistory(result, options.package);
    if (trails.length === 0) {
      throw new LockkeeperError(
        "NOT_FOUND",
        `${options.package} never appears in the lockfile history of ${dir}`,
        {
          hint: "the name is matched as each ecosystem normalises it; check the spelling with 'lk inventory'",
        },
      );
    }
    const events = (trail: PackageTrail) => trail.events.filter((e) => isRecent(e.commit.authorDate));
    if (options.format === "json")
      io.stdout(renderPackageJson(options.package, trails, events, toolVersion(), sinceText));
    else if (options.format === "csv") io.stdout(renderPackageCsv(trails, events));
    else io.stdout(renderPackageTable(trails, events));
  } else {
    const entries: CommitChanges[] = result.entries.filter((e) => isRecent(e.commit.authorDate));
    if (options.format === "json") io.stdout(renderHistoryJson(result, entries, toolVersion(), sinceText));
    else if (options.format === "csv") io.stdout(renderHistoryCsv(entries));
    else io.stdout(renderHistoryTable(result, entries));
    if (options.format !== "table") {
      const changes = entries.reduce((n, e) => n + e.lockfiles.reduce((m, l) => m + l.changes.length, 0), 0);
      io.stderr(`lk: ${historySummary(result, entries, changes)}\n`);
    }
  }
  for (const error of result.errors.filter((e) => isRecent(e.commit.authorDate))) {
    io.stderr(
      `lk: warning: ${error.commit.hash.slice(0, 10)}:${error.lockfile}${error.line ? `:${error.line}` : ""}: ${error.message} (skipped)\n`,
    );
  }
  return EXIT.OK;
}

/** `--since 2024-01-31` (a day, UTC) or a full ISO timestamp. */
function parseSince(text: string): Date {
  const time = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(text) ? `${text}T00:00:00Z` : text);
  if (Number.isNaN(time))
    throw new LockkeeperError(
      "USAGE",
      `--since takes a date (2024-01-31) or an ISO timestamp, not "${text}"`,
    );
  return new Date(time);
}
