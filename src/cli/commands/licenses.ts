import { licensesReport } from "../../core/app/licenses.js";
import type { ScopeFilter } from "../../core/inventory/scope-filter.js";
import type { LicensesSettings } from "../../core/licenses/settings.js";
import { cliContext } from "../context.js";
import { EXIT } from "../exit-codes.js";
import type { CliIo } from "../io.js";
import { coverageNotice, unreadableNotice } from "../output/coverage.js";
import { renderLicenses } from "../output/licenses-formats.js";
import { stdoutTerminal } from "../terminal.js";

export interface LicensesOptions {
  format: string;
  scope?: string;
  config?: string;
  /** `--registry` / `--no-registry`; undefined follows the config. */
  registry?: boolean;
}

/**
 * `lk licenses`: every package with its licence and where it came from, a summary by licence
 * and the policy's verdicts. Exit 1 when a licence is denied; review items are warnings (exit 0);
 * exit 2 when no licence could be resolved at all or a lockfile could not be read.
 * `settings` replaces the config's `licenses` section (tests).
 */
export async function licensesCommand(
  io: CliIo,
  target: string,
  options: LicensesOptions,
  settings?: LicensesSettings,
): Promise<number> {
  const view = await licensesReport(cliContext(io), {
    target,
    ...(options.scope ? { scope: options.scope as ScopeFilter } : {}),
    ...(options.registry !== undefined ? { registry: options.registry } : {}),
    ...(options.config ? { configFile: options.config } : {}),
    ...(settings ? { settings } : {}),
  });
  const { report } = view;
  io.stdout(renderLicenses(view, options.format, stdoutTerminal(io)));
  if (options.format !== "table") {
    // Machine formats keep stdout parseable; people still see what needs attention.
    for (const problem of report.policyProblems) io.stderr(`lk: warning: licence policy: ${problem}\n`);
    if (report.reviews.length > 0)
      io.stderr(
        `lk: warning: ${report.reviews.length} package${report.reviews.length === 1 ? " needs" : "s need"} licence review\n`,
      );
    if (report.violations.length > 0)
      io.stderr(
        `lk: ${report.violations.length} licence violation${plural(report.violations.length)} (denied)\n`,
      );
  }
  if (report.bySource.none > 0 && !view.registry)
    io.stderr(
      `lk: hint: ${report.bySource.none} package${report.bySource.none === 1 ? " has" : "s have"} no licence in the lockfile or an installed copy; install them, or look them up with --registry\n`,
    );
  for (const warning of view.warnings) io.stderr(`lk: warning: ${warning}\n`);
  io.stderr(coverageNotice(view.inventory.snapshots));
  io.stderr(unreadableNotice(view.unreadableLockfiles));
  if (view.notChecked) {
    // A policy that judged no licence has not passed: "could not check" (2).
    io.stderr(`lk: error: nothing was checked: ${view.notChecked}\n`);
    return EXIT.INPUT;
  }
  if (view.unreadableLockfiles.length > 0) return EXIT.INPUT;
  return report.violations.length > 0 ? EXIT.FINDINGS : EXIT.OK;
}

function plural(count: number): string {
  return count === 1 ? "" : "s";
}
