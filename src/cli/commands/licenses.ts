import { filterInventory, type ScopeFilter } from "../../core/inventory/scope-filter.js";
import { buildLicenseReport } from "../../core/licenses/license-report.js";
import { compilePolicy } from "../../core/licenses/policy.js";
import { resolveLicenses } from "../../core/licenses/resolve-licenses.js";
import { type LicensesSettings, licensesSettingsOf } from "../../core/licenses/settings.js";
import { EXIT } from "../exit-codes.js";
import type { CliIo } from "../io.js";
import { coverageNotice } from "../output/coverage.js";
import { renderLicenses } from "../output/licenses-formats.js";
import { toolVersion } from "../version.js";
import { loadProject } from "./project.js";
import { projectRegistries } from "./project-registries.js";

export interface LicensesOptions {
  format: string;
  scope?: string;
  config?: string;
  /** `--registry` / `--no-registry`; undefined follows the config. */
  registry?: boolean;
}

/**
 * `lk licenses`: every package with its licence and where it came from, a summary by licence
 * and the policy's verdicts. Exit 1 when a licence is denied; review items are warnings (exit 0).
 * `settings` replaces the config's `licenses` section (tests).
 */
export async function licensesCommand(
  io: CliIo,
  target: string,
  options: LicensesOptions,
  settings?: LicensesSettings,
): Promise<number> {
  const project = loadProject(io, target, options.config);
  const licenses = settings ?? licensesSettingsOf(project.config);
  const scope = (options.scope ?? licenses.scope) as ScopeFilter;
  const inventory = filterInventory(project.inventory, scope);
  const policy = compilePolicy(licenses);
  // Off unless asked for: the CLI works offline by default.
  const registry = options.registry ?? licenses.registry.enabled;
  const packages = await resolveLicenses(inventory, {
    projectDir: project.projectDir,
    sitePackages: licenses.sitePackages,
    ...(registry ? { registry: projectRegistries(io, project.projectDir, project.config) } : {}),
  });
  const report = buildLicenseReport(packages, policy);
  const view = {
    report,
    target,
    scope,
    toolVersion: toolVersion(),
    lockfiles: inventory.snapshots.map((s) => s.lockfile.path),
  };
  io.stdout(renderLicenses(view, options.format));
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
  if (report.bySource.none > 0 && !registry)
    io.stderr(
      `lk: hint: ${report.bySource.none} package${report.bySource.none === 1 ? " has" : "s have"} no licence in the lockfile or an installed copy; install them, or look them up with --registry\n`,
    );
  io.stderr(coverageNotice(inventory.snapshots));
  return report.violations.length > 0 ? EXIT.FINDINGS : EXIT.OK;
}

function plural(count: number): string {
  return count === 1 ? "" : "s";
}
