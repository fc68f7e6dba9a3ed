import { relative, resolve } from "node:path";
import { atOrAbove, compareSeverity } from "../../core/advisories/severity/record-severity.js";
import { LockkeeperError } from "../../core/errors.js";
import { applyIgnores, IGNORES_FILE, loadIgnores } from "../../core/findings/ignores.js";
import { packumentVersions } from "../../core/findings/packument-versions.js";
import { scanInventory } from "../../core/findings/scan.js";
import type { Finding, SeverityLevel } from "../../core/findings/types.js";
import { filterInventory, type ScopeFilter } from "../../core/inventory/scope-filter.js";
import { EXIT } from "../exit-codes.js";
import type { CliIo } from "../io.js";
import { coverageNotice } from "../output/coverage.js";
import { renderScan } from "../output/scan-formats.js";
import type { ScanReport } from "../output/scan-report.js";
import { toolVersion } from "../version.js";
import { ageInDays, openDatabase } from "./advisory-database.js";
import { loadProject } from "./project.js";

export interface ScanOptions {
  format: string;
  failOn?: string;
  scope?: string;
  db?: string;
  maxDbAge?: string;
  config?: string;
  ignores?: string;
  output?: string;
}

/** `lk scan`: exit 0 when nothing (not ignored) is at or above --fail-on, 1 otherwise, 2 bad input, 3 database. */
export async function scanCommand(
  io: CliIo,
  target: string,
  options: ScanOptions,
  now = new Date(),
): Promise<number> {
  const project = loadProject(io, target, options.config);
  const settings = project.config.scan;
  const failOn = (options.failOn ?? settings.failOn) as SeverityLevel | "none";
  const scope = (options.scope ?? settings.scope) as ScopeFilter;
  const maxDbAge = options.maxDbAge === undefined ? settings.maxDbAgeDays : parseDays(options.maxDbAge);

  const { db, location, shipped } = openDatabase(io, options.db ?? settings.database);
  const warnings: string[] = [];
  const ageDays = ageInDays(db.meta.updatedAt, now);
  if (maxDbAge !== undefined && ageDays > maxDbAge) {
    throw new LockkeeperError(
      "DB_STALE",
      `the advisory data is ${ageDays} days old, more than --max-db-age ${maxDbAge}`,
      {
        hint: 'refresh it with "lk db update"',
      },
    );
  }
  if (ageDays > settings.warnDbAgeDays) {
    warnings.push(
      `the advisory data is ${ageDays} days old (updated ${db.meta.updatedAt.slice(0, 10)}${shipped ? ", the snapshot shipped with Lockkeeper" : ""}); run "lk db update"`,
    );
  }

  const inventory = filterInventory(project.inventory, scope);
  const registryVersions = settings.registryMetadata
    ? packumentVersions(resolve(io.cwd, settings.registryMetadata))
    : undefined;
  const scan = await scanInventory(inventory, db, registryVersions);
  const projectDir = project.projectDir;
  const ignoresFile = options.ignores ? resolve(io.cwd, options.ignores) : resolve(projectDir, IGNORES_FILE);
  const ignoreOutcome = applyIgnores(
    scan.findings,
    loadIgnores(projectDir, ignoresFile),
    now.toISOString().slice(0, 10),
  );
  const findings = ignoreOutcome.findings.sort(compareFindings);
  const failing =
    failOn === "none" ? [] : findings.filter((f) => !f.ignored && atOrAbove(f.severity.level, failOn));
  if (scan.checked === 0)
    warnings.push("no package was checked: the inventory has no registry package with an exact version");

  const report: ScanReport = {
    target,
    targetPath: relative(io.cwd, resolve(io.cwd, target)) || ".",
    toolVersion: toolVersion(),
    inventory,
    findings,
    skipped: scan.skipped,
    checked: scan.checked,
    failOn,
    failing,
    database: { location, updatedAt: db.meta.updatedAt, ageDays, records: db.size },
    ignores: {
      file: relative(io.cwd, ignoresFile),
      expired: ignoreOutcome.expired,
      unused: ignoreOutcome.unused,
    },
    warnings,
  };
  db.close();
  const text = renderScan(report, options.format);
  if (options.output) {
    const { writeFileSync } = await import("node:fs");
    writeFileSync(resolve(io.cwd, options.output), text);
  } else {
    io.stdout(text);
  }
  if (options.format !== "table") {
    for (const warning of warnings) io.stderr(`lk: warning: ${warning}\n`);
    io.stderr(coverageNotice(inventory.snapshots));
    if (failing.length > 0)
      io.stderr(
        `lk: ${failing.length} finding${failing.length === 1 ? "" : "s"} at or above --fail-on ${failOn}\n`,
      );
  }
  return failing.length > 0 ? EXIT.FINDINGS : EXIT.OK;
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

function compareFindings(a: Finding, b: Finding): number {
  return (
    compareSeverity(a.severity.level, b.severity.level) ||
    (b.severity.score ?? -1) - (a.severity.score ?? -1) ||
    (a.package.name < b.package.name ? -1 : a.package.name > b.package.name ? 1 : 0) ||
    (a.package.version < b.package.version ? -1 : a.package.version > b.package.version ? 1 : 0) ||
    (a.id < b.id ? -1 : a.id > b.id ? 1 : 0) ||
    (a.lockfile < b.lockfile ? -1 : a.lockfile > b.lockfile ? 1 : 0)
  );
}
