import { statSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { atOrAbove, compareSeverity } from "../advisories/severity/record-severity.js";
import { adapterFor } from "../ecosystems/index.js";
import { packumentVersions } from "../ecosystems/npm/registry/saved-packument-versions.js";
import { LockkeeperError } from "../errors.js";
import { applyIgnores, IGNORES_FILE, type IgnoreRule, loadIgnores } from "../findings/ignores.js";
import { type SkippedPackage, scanInventory } from "../findings/scan.js";
import type { Finding, SeverityLevel, UnknownSeverity } from "../findings/types.js";
import { checkoutRoot } from "../git/checkout-root.js";
import { type UnreadableLockfile, unreadableLockfiles } from "../inventory/load-inventory.js";
import { filterInventory, type ScopeFilter } from "../inventory/scope-filter.js";
import type { Ecosystem, Inventory } from "../model/types.js";
import { throwIfCancelled } from "../process/cancellation.js";
import { ageInDays, openAdvisoryDatabase } from "./advisory-database.js";
import { type AppContext, resolvePath } from "./context.js";
import { openProject, withConfigFile } from "./project.js";

export interface ScanRequest {
  /** Project directory, lockfile or SBOM (relative to the context's working directory). */
  target: string;
  /** Default: config `scan.failOn`. */
  failOn?: SeverityLevel | "none";
  /** What the gate does with findings of unknown severity; default: config `scan.unknownSeverity`. */
  unknownSeverity?: UnknownSeverity;
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

export type ScanVerdict = "passed" | "failed" | "not-checked" | "incomplete";

/** Everything a scan found and decided, for every output format. */
export interface ScanReport {
  /** The target as given. */
  target: string;
  /** The directory the lockfile paths are relative to (the target, or a lockfile's folder). */
  lockfileDir: string;
  /**
   * The root of the git checkout holding the target (else `lockfileDir`): SARIF locations are
   * relative to it, so they are the same from whichever directory the scan ran.
   */
  sourceRoot: string;
  toolVersion: string;
  inventory: Inventory;
  /** Every finding, ignored ones included (flagged `ignored`); sorted by severity, package, id. */
  findings: Finding[];
  /** Packages not checked, with the reason. */
  skipped: SkippedPackage[];
  checked: number;
  failOn: SeverityLevel | "none";
  /** Whether findings of unknown severity fail the gate (`fail`) or pass it (`ignore`). */
  unknownSeverity: UnknownSeverity;
  /** Findings at or above the threshold and not ignored: what fails the gate. */
  failing: Finding[];
  /**
   * The outcome: `passed` (nothing fails the gate), `failed` (`failing` is not empty),
   * `not-checked` (no package version was checked: nothing can have passed) or `incomplete`
   * (some lockfiles could not be read; the others were scanned and `failing` lists theirs).
   */
  verdict: ScanVerdict;
  /** Why nothing was checked, when the verdict is `not-checked`. */
  notChecked?: string;
  /** Lockfiles that could not be read (each has `coverage.unreadable`); the others were scanned. */
  unreadableLockfiles: UnreadableLockfile[];
  database: {
    location: string;
    updatedAt: string;
    ageDays: number;
    records: number;
    /** Per ecosystem with records, the newest record's `modified`: how far its data reaches. */
    newestRecord: Partial<Record<Ecosystem, string>>;
  };
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
  const unknownSeverity = request.unknownSeverity ?? settings.unknownSeverity;
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
        `the advisory data is ${ageDays} day${ageDays === 1 ? "" : "s"} old, more than --max-db-age ${maxDbAge}`,
        { hint: 'refresh it with "lk db update"' },
      );
    }
    const inventory = filterInventory(project.inventory, scope);
    const newestRecord = db.newestModified();
    warnings.push(
      ...dataAgeWarnings(inventory, {
        updatedAt: db.meta.updatedAt,
        ageDays,
        shipped,
        newestRecord,
        warnDays: settings.warnDbAgeDays,
        now,
      }),
    );
    const registryVersions = settings.registryMetadata
      ? packumentVersions(resolvePath(context, settings.registryMetadata))
      : undefined;
    const scan = await scanInventory(inventory, db, registryVersions, {
      coveredEcosystems: new Set(newestRecord.keys()),
    });
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
    const targetPath = resolvePath(context, request.target);
    const lockfileDir = statSync(targetPath).isDirectory() ? targetPath : dirname(targetPath);
    const failing =
      failOn === "none"
        ? []
        : findings.filter((f) => !f.ignored && atOrAbove(f.severity.level, failOn, unknownSeverity));
    const unreadable = unreadableLockfiles(inventory);
    const verdict = scanVerdict(scan.checked, unreadable.length, failing.length);
    return {
      target: request.target,
      lockfileDir,
      sourceRoot: checkoutRoot(lockfileDir) ?? lockfileDir,
      toolVersion: context.toolVersion,
      inventory,
      findings,
      skipped: scan.skipped,
      checked: scan.checked,
      failOn,
      unknownSeverity,
      failing,
      verdict,
      ...(scan.checked === 0 ? { notChecked: nothingCheckedReason(inventory, scan.skipped.length) } : {}),
      unreadableLockfiles: unreadable,
      database: {
        location,
        updatedAt: db.meta.updatedAt,
        ageDays,
        records: db.size,
        newestRecord: Object.fromEntries(newestRecord),
      },
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

/**
 * The outcome of a gate, in the order that matters: nothing checked cannot have passed; an unread
 * lockfile makes the result incomplete whatever the others hold; then any failing item fails it.
 */
export function scanVerdict(checked: number, unreadable: number, failing: number): ScanVerdict {
  if (checked === 0) return "not-checked";
  if (unreadable > 0) return "incomplete";
  return failing > 0 ? "failed" : "passed";
}

/**
 * The data-age warning: when the database is older than `warnDays`, or when an ecosystem the scan
 * checks has no records or only records older than that (an import of old data, the shipped npm
 * advisories), with each such ecosystem's newest record date, since one date says nothing of the others.
 */
function dataAgeWarnings(
  inventory: Inventory,
  data: {
    updatedAt: string;
    ageDays: number;
    shipped: boolean;
    newestRecord: ReadonlyMap<Ecosystem, string>;
    warnDays: number;
    now: Date;
  },
): string[] {
  const scanned = [...new Set(inventory.snapshots.flatMap((s) => s.packages.map((p) => p.ecosystem)))].sort();
  const warnings: string[] = [];
  const missing = scanned.filter((ecosystem) => !data.newestRecord.has(ecosystem));
  for (const ecosystem of missing) {
    warnings.push(
      `the advisory database holds no ${adapterFor(ecosystem).displayName} records: those packages were not checked; run "lk db update"`,
    );
  }
  const dated = scanned.filter((ecosystem) => data.newestRecord.has(ecosystem));
  const recordAge = (ecosystem: Ecosystem) => ageInDays(data.newestRecord.get(ecosystem) as string, data.now);
  const oldEcosystem = dated.some((ecosystem) => recordAge(ecosystem) > data.warnDays);
  if (data.ageDays <= data.warnDays && !oldEcosystem) return warnings;
  const byEcosystem = dated
    .map(
      (ecosystem) =>
        `${adapterFor(ecosystem).displayName} ${(data.newestRecord.get(ecosystem) as string).slice(0, 10)} (${days(recordAge(ecosystem))} old)`,
    )
    .join(", ");
  const updated = `updated ${data.updatedAt.slice(0, 10)}${data.shipped ? ", the snapshot shipped with Lockkeeper" : ""}`;
  const head =
    data.ageDays > data.warnDays
      ? `the advisory data is ${days(data.ageDays)} old (${updated})`
      : `the advisory database was ${updated}, but some of its data is old`;
  warnings.push(
    `${head}${byEcosystem ? `; newest record by ecosystem: ${byEcosystem}` : ""}; run "lk db update"`,
  );
  return warnings;
}

function days(count: number): string {
  return `${count} day${count === 1 ? "" : "s"}`;
}

/** Why a scan checked nothing: an empty inventory, or only packages without an exact registry version. */
function nothingCheckedReason(inventory: Inventory, skipped: number): string {
  const packages = inventory.snapshots.reduce((sum, s) => sum + s.packages.length, 0);
  if (packages === 0) return "no package version was checked: the inventory (in this scope) has no packages";
  return `no package version was checked: none of the ${skipped} package${skipped === 1 ? "" : "s"} has an exact version from a registry (see "not checked")`;
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
