import { historyDocument, packageHistoryDocument } from "../../core/app/documents/history-document.js";
import { dependencyHistoryReport } from "../../core/app/history.js";
import { cliContext } from "../context.js";
import { EXIT } from "../exit-codes.js";
import type { CliIo } from "../io.js";
import { historySummary, renderHistoryCsv, renderHistoryTable } from "../output/history-changes.js";
import { renderPackageCsv, renderPackageTable } from "../output/history-package.js";
import { renderJson } from "../output/json.js";

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
  const report = await dependencyHistoryReport(cliContext(io), {
    dir,
    ...(options.package !== undefined ? { package: options.package } : {}),
    ...(options.since !== undefined ? { since: options.since } : {}),
    ...(options.revision ? { revision: options.revision } : {}),
    ...(options.config ? { configFile: options.config } : {}),
  });
  if (report.trails && options.package !== undefined) {
    if (options.format === "json") io.stdout(renderJson(packageHistoryDocument(report, options.package)));
    else if (options.format === "csv") io.stdout(renderPackageCsv(report.trails, report.events));
    else io.stdout(renderPackageTable(report.trails, report.events));
  } else {
    const { result, entries } = report;
    if (options.format === "json") io.stdout(renderJson(historyDocument(report)));
    else if (options.format === "csv") io.stdout(renderHistoryCsv(entries));
    else io.stdout(renderHistoryTable(result, entries));
    if (options.format !== "table") {
      const changes = entries.reduce((n, e) => n + e.lockfiles.reduce((m, l) => m + l.changes.length, 0), 0);
      io.stderr(`lk: ${historySummary(result, entries, changes)}\n`);
    }
  }
  for (const error of report.errors) {
    io.stderr(
      `lk: warning: ${error.commit.hash.slice(0, 10)}:${error.lockfile}${error.line ? `:${error.line}` : ""}: ${error.message} (skipped)\n`,
    );
  }
  return EXIT.OK;
}
