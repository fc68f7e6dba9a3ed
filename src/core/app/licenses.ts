import { filterInventory, type ScopeFilter } from "../inventory/scope-filter.js";
import { buildLicenseReport, type LicenseReport } from "../licenses/license-report.js";
import { collectNotices, type NoticeData } from "../licenses/notice.js";
import { compilePolicy } from "../licenses/policy.js";
import { resolveLicenses } from "../licenses/resolve-licenses.js";
import { type LicensesSettings, licensesSettingsOf } from "../licenses/settings.js";
import type { Inventory } from "../model/types.js";
import type { AppContext } from "./context.js";
import { openProject, withConfigFile } from "./project.js";
import { projectRegistries } from "./registries.js";

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
}

/** `lk licenses`: licences from lockfiles, installed packages and (on request) registries, judged by the policy. */
export async function licensesReport(context: AppContext, request: LicensesRequest): Promise<LicensesReport> {
  const project = openProject(context, request.target, withConfigFile(request.configFile));
  const licenses = request.settings ?? licensesSettingsOf(project.config);
  const scope = request.scope ?? licenses.scope;
  const inventory = filterInventory(project.inventory, scope);
  // Off unless asked for: the CLI works offline by default.
  const registry = request.registry ?? licenses.registry.enabled;
  const packages = await resolveLicenses(inventory, {
    projectDir: project.projectDir,
    sitePackages: licenses.sitePackages,
    ...(registry ? { registry: await projectRegistries(context, project.projectDir, project.config) } : {}),
  });
  return {
    report: buildLicenseReport(packages, compilePolicy(licenses)),
    target: request.target,
    scope,
    toolVersion: context.toolVersion,
    lockfiles: inventory.snapshots.map((s) => s.lockfile.path),
    inventory,
    registry,
  };
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
