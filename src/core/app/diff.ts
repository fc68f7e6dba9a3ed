import { atOrAbove, compareSeverity } from "../advisories/severity/record-severity.js";
import { globMatcher } from "../config/glob.js";
import { LockkeeperError } from "../errors.js";
import { applyIgnores, loadIgnores } from "../findings/ignores.js";
import { scanInventory } from "../findings/scan.js";
import type { Finding, SeverityLevel } from "../findings/types.js";
import { CHANGE_KINDS, type ChangeKind } from "../history/dependency-changes.js";
import { diffFindings } from "../history/finding-changes.js";
import { diffInventories, type LockfileDiff } from "../history/inventory-changes.js";
import { openAdvisoryDatabase } from "./advisory-database.js";
import { type AppContext, resolvePath } from "./context.js";
import { type DiffSide, type DiffSideInfo, DiffSides } from "./diff-sides.js";
import { projectConfig, readInventoryOrEmpty, withConfigFile } from "./project.js";

export type { DiffSideInfo };

/** What changed between two sides, with the vulnerabilities the change introduces and fixes. */
export interface DiffReport {
  toolVersion: string;
  base: DiffSideInfo;
  head: DiffSideInfo;
  /** Every lockfile of either side, unchanged ones included. */
  lockfiles: LockfileDiff[];
  summary: Record<ChangeKind, number>;
  vulnerabilities: {
    /** False when no advisory database could be opened (then the lists are empty). */
    checked: boolean;
    database?: { location: string; updatedAt: string };
    introduced: Finding[];
    fixed: Finding[];
  };
  failOnNew?: SeverityLevel;
  /**
   * Introduced findings at or above `failOnNew` and not ignored: what fails the gate (findings of
   * unknown severity too, unless config `scan.unknownSeverity` is `ignore`).
   */
  failing: Finding[];
  warnings: string[];
}

export interface DiffRequest {
  /** A git revision of the project's repository, or a lockfile, SBOM or directory. */
  base: string;
  /** Same; default: the project directory as it is on disk. */
  head?: string;
  /** Project directory: revisions come from its repository (default: the working directory). */
  dir?: string;
  db?: string;
  /** Fail on what the head introduces at or above this severity (a missing database is then an error). */
  failOnNew?: SeverityLevel;
  configFile?: string;
}

const THRESHOLDS: readonly string[] = ["critical", "high", "medium", "low"];

/**
 * The diff use case: packages added, removed and changed between two revisions or files, with the
 * vulnerabilities introduced and fixed (when an advisory database opens) and the `failOnNew` verdict.
 */
export async function diffProject(context: AppContext, request: DiffRequest): Promise<DiffReport> {
  const failOnNew = request.failOnNew;
  if (failOnNew !== undefined && !THRESHOLDS.includes(failOnNew)) {
    throw new LockkeeperError("USAGE", `--fail-on-new takes ${THRESHOLDS.join(", ")}, not "${failOnNew}"`);
  }
  const dir = resolvePath(context, request.dir ?? ".");
  const { config } = projectConfig(context, dir, withConfigFile(request.configFile));
  const sides = new DiffSides(context, dir, globMatcher(config.inventory.exclude), config.limits);
  sides.checkPaths([request.base, ...(request.head === undefined ? [] : [request.head])]);
  const baseSide = await sides.load(request.base);
  const headSide: DiffSide =
    request.head === undefined
      ? {
          info: { label: "working tree", kind: "working-tree" },
          inventory: readInventoryOrEmpty(context, dir, config),
        }
      : await sides.load(request.head);

  const lockfiles = diffInventories(baseSide.inventory, headSide.inventory);
  const report: DiffReport = {
    toolVersion: context.toolVersion,
    base: baseSide.info,
    head: headSide.info,
    lockfiles,
    summary: summariseChanges(lockfiles),
    vulnerabilities: { checked: false, introduced: [], fixed: [] },
    failing: [],
    warnings: [],
  };
  if (failOnNew) report.failOnNew = failOnNew;
  await compareVulnerabilities(context, report, baseSide, headSide, {
    dir,
    db: request.db ?? config.scan.database,
    required: failOnNew !== undefined,
  });
  if (failOnNew)
    report.failing = report.vulnerabilities.introduced.filter(
      (f) => !f.ignored && atOrAbove(f.severity.level, failOnNew, config.scan.unknownSeverity),
    );
  return report;
}

/** Counts of each kind of change over every lockfile. */
export function summariseChanges(lockfiles: readonly LockfileDiff[]): Record<ChangeKind, number> {
  const summary = Object.fromEntries(CHANGE_KINDS.map((kind) => [kind, 0])) as Record<ChangeKind, number>;
  for (const lockfile of lockfiles) for (const change of lockfile.changes) summary[change.kind]++;
  return summary;
}

/** Scans both sides when an advisory database opens and records what the head introduces and fixes. */
async function compareVulnerabilities(
  context: AppContext,
  report: DiffReport,
  base: DiffSide,
  head: DiffSide,
  options: { dir: string; db: string | undefined; required: boolean },
): Promise<void> {
  let opened: ReturnType<typeof openAdvisoryDatabase>;
  try {
    opened = openAdvisoryDatabase(context, options.db);
  } catch (error: unknown) {
    if (!options.required && error instanceof LockkeeperError && error.code === "DB_MISSING") {
      report.warnings.push(`vulnerabilities not compared: ${error.message}`);
      return;
    }
    throw error;
  }
  const { db, location } = opened;
  try {
    const [baseScan, headScan] = await Promise.all([
      scanInventory(base.inventory, db),
      scanInventory(head.inventory, db),
    ]);
    const changes = diffFindings(baseScan.findings, headScan.findings);
    // Ignores are the project's: a reviewed ignore keeps an introduced finding from failing the diff.
    const today = context.now().toISOString().slice(0, 10);
    const introduced = applyIgnores(changes.introduced, loadIgnores(options.dir), today).findings;
    report.vulnerabilities = {
      checked: true,
      database: { location, updatedAt: db.meta.updatedAt },
      introduced: introduced.sort(bySeverity),
      fixed: changes.fixed.sort(bySeverity),
    };
  } finally {
    db.close();
  }
}

function bySeverity(a: Finding, b: Finding): number {
  return (
    compareSeverity(a.severity.level, b.severity.level) ||
    (b.severity.score ?? -1) - (a.severity.score ?? -1) ||
    (a.package.name < b.package.name ? -1 : a.package.name > b.package.name ? 1 : 0) ||
    (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  );
}
