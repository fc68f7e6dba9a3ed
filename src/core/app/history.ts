import { globMatcher } from "../config/glob.js";
import { LockkeeperError } from "../errors.js";
import { type CommitChanges, dependencyHistory, type HistoryResult } from "../history/history.js";
import { type PackageEvent, type PackageTrail, packageHistory } from "../history/package-history.js";
import { type AppContext, gitContext, resolvePath } from "./context.js";
import { projectConfig, withConfigFile } from "./project.js";

export interface HistoryRequest {
  /** A directory in a git checkout: the lockfiles below it are followed. */
  dir: string;
  /** Tell one package's story instead of every change. */
  package?: string;
  /** `2024-01-31` (a day, UTC) or an ISO timestamp: only changes from then on. */
  since?: string;
  /** Revision to walk back from (default HEAD). */
  revision?: string;
  configFile?: string;
}

export interface HistoryReport {
  result: HistoryResult;
  /** Commits with dependency changes since `since`, oldest first. */
  entries: CommitChanges[];
  /** With `package`: that package's story per lockfile (events before `since` kept; see `events`). */
  trails?: PackageTrail[];
  /** A trail's events since `since`. */
  events(trail: PackageTrail): PackageEvent[];
  /** Lockfile versions that could not be read, since `since`. */
  errors: HistoryResult["errors"];
  since?: string;
  toolVersion: string;
}

/**
 * The audit trail from git: every dependency change in the first-parent history of the lockfiles
 * below `dir`, attributed to its commit; with `package`, one package's story. Throws NOT_FOUND when
 * the package never appears.
 */
export async function dependencyHistoryReport(
  context: AppContext,
  request: HistoryRequest,
): Promise<HistoryReport> {
  const since = request.since === undefined ? undefined : parseSince(request.since);
  const directory = resolvePath(context, request.dir);
  const { config } = projectConfig(context, directory, withConfigFile(request.configFile));
  const result = await dependencyHistory(directory, gitContext(context), {
    exclude: globMatcher(config.inventory.exclude),
    onProgress: (done, total) => context.onEvent({ kind: "history", done, total }),
    ...(request.revision ? { revision: request.revision } : {}),
  });
  result.directory = request.dir;
  const isRecent = (date: string) => since === undefined || Date.parse(date) >= since.getTime();
  const report: HistoryReport = {
    result,
    entries: result.entries.filter((e) => isRecent(e.commit.authorDate)),
    events: (trail) => trail.events.filter((e) => isRecent(e.commit.authorDate)),
    errors: result.errors.filter((e) => isRecent(e.commit.authorDate)),
    ...(request.since !== undefined ? { since: request.since } : {}),
    toolVersion: context.toolVersion,
  };
  if (request.package !== undefined) {
    const trails = packageHistory(result, request.package);
    if (trails.length === 0) {
      throw new LockkeeperError(
        "NOT_FOUND",
        `${request.package} never appears in the lockfile history of ${request.dir}`,
        {
          hint: "the name is matched as each ecosystem normalises it; check the spelling with 'lk inventory'",
        },
      );
    }
    report.trails = trails;
  }
  return report;
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
