import { join, relative } from "node:path";
import { atOrAbove, compareSeverity } from "../advisories/severity/record-severity.js";
import { packumentVersions } from "../ecosystems/npm/registry/saved-packument-versions.js";
import { LockkeeperError } from "../errors.js";
import { applyIgnores, IGNORES_FILE, type IgnoreRule, loadIgnores } from "../findings/ignores.js";
import { type SkippedPackage, scanInventory } from "../findings/scan.js";
import type { Finding, SeverityLevel } from "../findings/types.js";
import { filterInventory, type ScopeFilter } from "../inventory/scope-filter.js";
import type { Inventory } from "../model/types.js";
import { throwIfCancelled } from "../process/cancellation.js";
import { ageInDays, openAdvisoryDatabase } from "./advisory-database.js";
import { type AppContext, resolvePath } from "./context.js";
import { openProject, withConfigFile } from "./project.js";

export interface ScanRequest {
  /** Project directory, lockfile or SBOM (relative to the context's working directory). */
  target: string;
  /** Default: config `scan.failOn`. */
  failOn?: SeverityLevel | "none";
  /** Default: config `scan.scope`. */
  scope?: ScopeFilter;
  /** Advisory database folder; default: config `scan.database`, the user's, the shipped one. */
  db?: string;
  /** Fail with DB_STALE when the data is older; default: config `scan.maxDbAgeDays`. */
  maxDbAgeDays?: number;
  configFile?: string;
  /** Default: `.lockkeeper/ignores.yaml` in the project. */
  ignoresFile?: string;
}

/** Everything a scan found and decided, for every output format. */
export interface ScanReport {
  /** The target as given. */
  target: string;
  /** Path of the target relative to the working directory, to build lockfile paths for SARIF. */
  targetPath: string;
  toolVersion: string;
  inventory: Inventory;
  /** Every finding, ignored ones included (flagged `ignored`); sorted by severity, package, id. */
  findings: Finding[];
  /** Packages not checked, with the reason. */
  skipped: SkippedPackage[];
  checked: number;
  failOn: SeverityLevel | "none";
  /** Findings at or above the threshold and not ignored: what fails the gate. */
  failing: Finding[];
  database: { location: string; updatedAt: string; ageDays: number; records: number };
  ignores: { file: string; expired: IgnoreRule[]; unused: IgnoreRule[] };
  warnings: string[];
}

/**
 * The scan use case: the project's inventory (in the requested scope) against the advisory
 * database, with the data-age gate, the project's ignores, findings sorted most severe first and
 * the `failOn` verdict. Throws DB_STALE when the data is older than allowed.
 */
export async function scanProject(context: AppContext, request: ScanRequest): Promise<ScanReport> {
  const project = openProject(context, request.target, withConfigFile(request.configFile));
  const settings = project.config.scan;
  const failOn = request.failOn ?? (settings.failOn as SeverityLevel | "none");
  const scope = request.scope ?? (settings.scope as ScopeFilter);
  const maxDbAge = request.maxDbAgeDays ?? settings.maxDbAgeDays;
  const now = context.now();

  const { db, location, shipped } = openAdvisoryDatabase(context, request.db ?? settings.database);
  try {
    const warnings: string[] = [];
    const ageDays = ageInDays(db.meta.updatedAt, now);
    if (maxDbAge !== undefined && ageDays > maxDbAge) {
      throw new LockkeeperError(
        "DB_STALE",
        `the advisory data is ${ageDays} days old, more than --max-db-age ${maxDbAge}`,
        { hint: 'refresh it with "lk db update"' },
      );
    }
    if (ageDays > settings.warnDbAgeDays) {
      warnings.push(
        `the advisory data is ${ageDays} days old (updated ${db.meta.updatedAt.slice(0, 10)}${shipped ? ", the snapshot shipped with Lockkeeper" : ""}); run "lk db update"`,
      );
    }
    const inventory = filterInventory(project.inventory, scope);
    const registryVersions = settings.registryMetadata
      ? packumentVersions(resolvePath(context, settings.registryMetadata))
      : undefined;
    const scan = await scanInventory(inventory, db, registryVersions);
    throwIfCancelled(context.signal, "the scan");
    const ignoresFile = request.ignoresFile
      ? resolvePath(context, request.ignoresFile)
      : join(project.projectDir, IGNORES_FILE);
    const ignoreOutcome = applyIgnores(
      scan.findings,
      loadIgnores(project.projectDir, ignoresFile),
      now.toISOString().slice(0, 10),
    );
    const findings = ignoreOutcome.findings.sort(compareFindings);
    const failing =
      failOn === "none" ? [] : findings.filter((f) => !f.ignored && atOrAbove(f.severity.level, failOn));
    if (scan.checked === 0)
      warnings.push("no package was checked: the inventory has no registry package with an exact version");
    return {
      target: request.target,
      targetPath: relative(context.cwd, resolvePath(context, request.target)) || ".",
      toolVersion: context.toolVersion,
      inventory,
      findings,
      skipped: scan.skipped,
      checked: scan.checked,
      failOn,
      failing,
      database: { location, updatedAt: db.meta.updatedAt, ageDays, records: db.size },
      ignores: {
        file: relative(context.cwd, ignoresFile),
        expired: ignoreOutcome.expired,
        unused: ignoreOutcome.unused,
      },
      warnings,
    };
  } finally {
    db.close();
  }
}

/** Most severe first, then highest score, package, version, id, lockfile: a stable order. */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    compareSeverity(a.severity.level, b.severity.level) ||
    (b.severity.score ?? -1) - (a.severity.score ?? -1) ||
    compareText(a.package.name, b.package.name) ||
    compareText(a.package.version, b.package.version) ||
    compareText(a.id, b.id) ||
    compareText(a.lockfile, b.lockfile)
  );
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
