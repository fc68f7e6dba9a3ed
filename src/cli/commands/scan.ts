import { scanProject } from "../../core/app/scan.js";
import { LockkeeperError } from "../../core/errors.js";
import type { Finding, SeverityLevel, UnknownSeverity } from "../../core/findings/types.js";
import type { ScopeFilter } from "../../core/inventory/scope-filter.js";
import { cliContext } from "../context.js";
import { EXIT } from "../exit-codes.js";
import type { CliIo } from "../io.js";
import { coverageNotice, unreadableNotice } from "../output/coverage.js";
import { plural } from "../output/plural.js";
import { renderScan } from "../output/scan-formats.js";
import { writeOutputFile } from "../output/write-output.js";
import { PLAIN, stdoutTerminal } from "../terminal.js";

export interface ScanOptions {
  format: string;
  failOn?: string;
  unknownSeverity?: string;
  scope?: string;
  db?: string;
  maxDbAge?: string;
  config?: string;
  ignores?: string;
  output?: string;
}

/** `lk scan`: exit 0 when nothing (not ignored) is at or above --fail-on, 1 otherwise, 2 bad input, 3 database. */
export async function scanCommand(io: CliIo, target: string, options: ScanOptions): Promise<number> {
  const report = await scanProject(cliContext(io), {
    target,
    ...(options.failOn ? { failOn: options.failOn as SeverityLevel | "none" } : {}),
    ...(options.unknownSeverity ? { unknownSeverity: options.unknownSeverity as UnknownSeverity } : {}),
    ...(options.scope ? { scope: options.scope as ScopeFilter } : {}),
    ...(options.db ? { db: options.db } : {}),
    ...(options.maxDbAge !== undefined ? { maxDbAgeDays: parseDays(options.maxDbAge) } : {}),
    ...(options.config ? { configFile: options.config } : {}),
    ...(options.ignores ? { ignoresFile: options.ignores } : {}),
  });
  // A file written with -o is read later, elsewhere: plain, whole cells.
  const text = renderScan(report, options.format, options.output ? PLAIN : stdoutTerminal(io));
  if (options.output) await writeOutputFile(io.cwd, options.output, text);
  else io.stdout(text);
  if (options.format !== "table") {
    for (const warning of report.warnings) io.stderr(`lk: warning: ${warning}\n`);
    io.stderr(coverageNotice(report.inventory.snapshots));
    const failing = report.failing.length;
    if (failing > 0)
      io.stderr(
        `lk: ${plural(failing, "finding")} at or above --fail-on ${report.failOn}${unknownPart(report.failing)}\n`,
      );
    if (report.notChecked) io.stderr(`lk: error: ${report.notChecked}\n`);
  }
  io.stderr(unreadableNotice(report.unreadableLockfiles));
  // Nothing checked, or some lockfiles unread: "could not check" (2), never a pass.
  if (report.verdict === "not-checked" || report.verdict === "incomplete") return EXIT.INPUT;
  return report.verdict === "failed" ? EXIT.FINDINGS : EXIT.OK;
}

function unknownPart(failing: readonly Finding[]): string {
  const unknown = failing.filter((f) => f.severity.level === "unknown").length;
  return unknown > 0 ? ` (${unknown} of unknown severity; scan.unknownSeverity: fail)` : "";
}

function parseDays(text: string): number {
  const days = Number(text.replace(/d$/, ""));
  if (!Number.isInteger(days) || days < 0)
    throw new LockkeeperError(
      "USAGE",
      `--max-db-age takes a whole number of days (e.g. 7 or 7d), not "${text}"`,
    );
  return days;
}
