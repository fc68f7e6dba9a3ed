import { type UnreadableLockfile, unreadableLockfiles } from "../inventory/load-inventory.js";
import { filterInventory, type ScopeFilter } from "../inventory/scope-filter.js";
import { buildLicenseReport, type LicenseReport } from "../licenses/license-report.js";
import { collectNotices, type NoticeData } from "../licenses/notice.js";
import { compilePolicy } from "../licenses/policy.js";
import { type LicenseRegistry, resolveLicenses } from "../licenses/resolve-licenses.js";
import { type LicensesSettings, licensesSettingsOf } from "../licenses/settings.js";
import type { Ecosystem, Inventory } from "../model/types.js";
import type { AppContext } from "./context.js";
import { ProgressCounter } from "./progress-counter.js";
import { openProject, withConfigFile } from "./project.js";
import { projectRegistries } from "./registries.js";
import { RegistryWarnings } from "./registry-warnings.js";

export interface LicensesRequest {
  target: string;
  /** Default: config `licenses.scope`. */
  scope?: ScopeFilter;
  /** Ask the registries for licences the lockfile and installed copies lack; default: config. */
  registry?: boolean;
  configFile?: string;
  /** Replaces the config's `licenses` section. */
  settings?: LicensesSettings;
}

/** Every package's licence with its source, a summary by licence and the policy's verdicts. */
export interface LicensesReport {
  report: LicenseReport;
  target: string;
  scope: ScopeFilter;
  toolVersion: string;
  /** The lockfiles read, relative to the target. */
  lockfiles: string[];
  inventory: Inventory;
  /** Whether registries were asked. */
  registry: boolean;
  /** Registries that did not answer, once per registry and problem (their packages stay unknown). */
  warnings: string[];
  /**
   * Set when no package's licence could be resolved (or there was no package): the policy has
   * checked nothing, so the report cannot pass.
   */
  notChecked?: string;
  /** Lockfiles that could not be read (each has `coverage.unreadable`); the others were reported. */
  unreadableLockfiles: UnreadableLockfile[];
}

/** `lk licenses`: licences from lockfiles, installed packages and (on request) registries, judged by the policy. */
export async function licensesReport(context: AppContext, request: LicensesRequest): Promise<LicensesReport> {
  const project = openProject(context, request.target, withConfigFile(request.configFile));
  const licenses = request.settings ?? licensesSettingsOf(project.config);
  const scope = request.scope ?? licenses.scope;
  const inventory = filterInventory(project.inventory, scope);
  // Off unless asked for: the CLI works offline by default.
  const registry = request.registry ?? licenses.registry.enabled;
  const warnings = new RegistryWarnings();
  const packages = await resolveLicenses(inventory, {
    projectDir: project.projectDir,
    sitePackages: licenses.sitePackages,
    ...(registry
      ? {
          registry: tolerant(
            await projectRegistries(context, project.projectDir, project.config),
            warnings,
            new ProgressCounter(context, "licences from the registries"),
          ),
        }
      : {}),
  });
  const report = buildLicenseReport(packages, compilePolicy(licenses));
  const resolved = report.byStatus.valid + report.byStatus.corrected;
  const notChecked =
    packages.length === 0
      ? "there is no package (in this scope)"
      : resolved === 0
        ? `no licence could be resolved for any of the ${packages.length} package${packages.length === 1 ? "" : "s"}`
        : undefined;
  return {
    report,
    target: request.target,
    scope,
    toolVersion: context.toolVersion,
    lockfiles: inventory.snapshots.map((s) => s.lockfile.path),
    inventory,
    registry,
    warnings: warnings.messages,
    ...(notChecked ? { notChecked } : {}),
    unreadableLockfiles: unreadableLockfiles(inventory),
  };
}

/** Registry clients whose failures are noted as warnings (resolveLicenses marks the packages). */
function tolerant(
  clients: ReadonlyMap<Ecosystem, LicenseRegistry>,
  warnings: RegistryWarnings,
  progress: ProgressCounter,
): Map<Ecosystem, LicenseRegistry> {
  return new Map(
    [...clients].map(([ecosystem, client]) => [
      ecosystem,
      {
        label: client.label,
        releaseLicense(name: string, version: string) {
          return progress.track(async () => {
            try {
              return await client.releaseLicense(name, version);
            } catch (error: unknown) {
              warnings.note(error);
              throw error;
            }
          });
        },
      },
    ]),
  );
}

export interface NoticeReport {
  notices: NoticeData;
  inventory: Inventory;
}

/**
 * `lk notice`: each package's licence text as its installed copy ships it (offline), in a scope
 * (default prod: a notice accompanies what is shipped, not the development tools).
 */
export async function noticeReport(
  context: AppContext,
  request: { target: string; scope?: ScopeFilter; configFile?: string; settings?: LicensesSettings },
): Promise<NoticeReport> {
  const project = openProject(context, request.target, withConfigFile(request.configFile));
  const licenses = request.settings ?? licensesSettingsOf(project.config);
  const inventory = filterInventory(project.inventory, request.scope ?? "prod");
  const packages = await resolveLicenses(inventory, {
    projectDir: project.projectDir,
    sitePackages: licenses.sitePackages,
  });
  return { notices: collectNotices(packages, project.projectDir), inventory };
}
