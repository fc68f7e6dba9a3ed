import { resolve } from "node:path";
import { atOrAbove, compareSeverity } from "../../core/advisories/severity/record-severity.js";
import { globMatcher } from "../../core/config/glob.js";
import { loadConfig } from "../../core/config/load-config.js";
import { isLockkeeperError, LockkeeperError } from "../../core/errors.js";
import { applyIgnores, loadIgnores } from "../../core/findings/ignores.js";
import { scanInventory } from "../../core/findings/scan.js";
import type { Finding, SeverityLevel } from "../../core/findings/types.js";
import { diffFindings } from "../../core/history/finding-changes.js";
import { diffInventories } from "../../core/history/inventory-changes.js";
import { EXIT } from "../exit-codes.js";
import type { CliIo } from "../io.js";
import { renderDiff } from "../output/diff-formats.js";
import { type DiffReport, summariseChanges } from "../output/diff-report.js";
import { toolVersion } from "../version.js";
import { openDatabase } from "./advisory-database.js";
import { type DiffSide, DiffSides } from "./diff-side.js";

export interface DiffCommandOptions {
  format: string;
  /** Project directory: revisions come from its repository, the default head is its working tree. */
  dir?: string;
  db?: string;
  failOnNew?: string;
  config?: string;
}

const THRESHOLDS: readonly string[] = ["critical", "high", "medium", "low"];

/**
 * `lk diff <base> [<head>]`: packages added, removed and changed between two revisions or files (head
 * defaults to the working tree), with the vulnerabilities introduced and fixed and licence changes.
 * Exit 1 when --fail-on-new is given and the head adds a (not ignored) vulnerability at or above it.
 */
export async function diffCommand(
  io: CliIo,
  base: string,
  head: string | undefined,
  options: DiffCommandOptions,
  now = new Date(),
): Promise<number> {
  if (options.failOnNew !== undefined && !THRESHOLDS.includes(options.failOnNew)) {
    throw new LockkeeperError(
      "USAGE",
      `--fail-on-new takes ${THRESHOLDS.join(", ")}, not "${options.failOnNew}"`,
    );
  }
  const failOnNew = options.failOnNew as SeverityLevel | undefined;
  const dir = resolve(io.cwd, options.dir ?? ".");
  const { config } = loadConfig(dir, options.config ? resolve(io.cwd, options.config) : undefined);
  const sides = new DiffSides(io, dir, globMatcher(config.inventory.exclude));
  const baseSide = await sides.load(base);
  const headSide = head === undefined ? sides.workingTree() : await sides.load(head);

  const lockfiles = diffInventories(baseSide.inventory, headSide.inventory);
  const report: DiffReport = {
    toolVersion: toolVersion(),
    base: baseSide.info,
    head: headSide.info,
    lockfiles,
    summary: summariseChanges(lockfiles),
    vulnerabilities: { checked: false, introduced: [], fixed: [] },
    failing: [],
    warnings: [],
  };
  if (failOnNew) report.failOnNew = failOnNew;
  await checkVulnerabilities(io, report, baseSide, headSide, {
    dir,
    db: options.db ?? config.scan.database,
    required: failOnNew !== undefined,
    today: now.toISOString().slice(0, 10),
  });
  if (failOnNew)
    report.failing = report.vulnerabilities.introduced.filter(
      (f) => !f.ignored && atOrAbove(f.severity.level, failOnNew),
    );

  io.stdout(renderDiff(report, options.format));
  if (options.format !== "table") {
    for (const warning of report.warnings) io.stderr(`lk: warning: ${warning}\n`);
    if (report.failing.length > 0)
      io.stderr(
        `lk: ${report.failing.length} vulnerabilit${report.failing.length === 1 ? "y" : "ies"} introduced at or above --fail-on-new ${failOnNew}\n`,
      );
  }
  return report.failing.length > 0 ? EXIT.FINDINGS : EXIT.OK;
}

interface VulnerabilityOptions {
  dir: string;
  db: string | undefined;
  /** --fail-on-new was given: a missing database is then an error, not a note. */
  required: boolean;
  today: string;
}

/** Scans both sides when an advisory database opens and records what the head introduces and fixes. */
async function checkVulnerabilities(
  io: CliIo,
  report: DiffReport,
  base: DiffSide,
  head: DiffSide,
  options: VulnerabilityOptions,
): Promise<void> {
  let opened: ReturnType<typeof openDatabase>;
  try {
    opened = openDatabase(io, options.db);
  } catch (error: unknown) {
    if (!options.required && isLockkeeperError(error) && error.code === "DB_MISSING") {
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
    const rules = loadIgnores(options.dir);
    const introduced = applyIgnores(changes.introduced, rules, options.today).findings;
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
