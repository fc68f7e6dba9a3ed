import { installedInventory } from "../inventory/installed-filter.js";
import { filterInventory, type ScopeFilter } from "../inventory/scope-filter.js";
import type { Inventory } from "../model/types.js";
import { toCycloneDx } from "../sbom/cyclonedx-export.js";
import { contentSerialNumber, type SbomExportOptions } from "../sbom/export-options.js";
import { toSpdx } from "../sbom/spdx-export.js";
import type { AppContext } from "./context.js";
import { openProject } from "./project.js";

export type SbomFormat = "cyclonedx" | "spdx";

export interface SbomRequest {
  target: string;
  format: SbomFormat;
  /** Packages to include (as `lk inventory --scope`); default all. */
  scope?: ScopeFilter;
  /**
   * Byte-identical output for the same input: the timestamp is this moment (seconds since the
   * Unix epoch, as `SOURCE_DATE_EPOCH` gives it) instead of now, and the serial number (SPDX: the
   * document namespace) is derived from the content instead of random.
   */
  reproducible?: { epochSeconds: number };
  /**
   * Only the packages installed in the project (node_modules, site-packages), as cyclonedx-npm
   * lists them, instead of everything the lockfiles lock. The SBOM says which it holds.
   */
  installed?: boolean;
}

export interface SbomReport {
  format: SbomFormat;
  /** The SBOM document (CycloneDX 1.6 or SPDX 2.3 JSON). */
  document: object;
  /** What it was made from (for coverage notes). */
  inventory: Inventory;
}

const ZERO_SERIAL = "urn:uuid:00000000-0000-0000-0000-000000000000";

/** The project's inventory (in a scope; locked, or installed) as a CycloneDX or SPDX SBOM. */
export async function sbomReport(context: AppContext, request: SbomRequest): Promise<SbomReport> {
  const project = openProject(context, request.target);
  const locked = request.scope ? filterInventory(project.inventory, request.scope) : project.inventory;
  // The site-packages folders the licence settings name are where Python copies are installed too.
  const { sitePackages } = project.config.licenses;
  const inventory = request.installed
    ? await installedInventory(locked, project.projectDir, sitePackages.length > 0 ? { sitePackages } : {})
    : locked;
  const moment = request.reproducible ? new Date(request.reproducible.epochSeconds * 1000) : context.now();
  const timestamp = moment.toISOString().replace(/\.\d+Z$/, "Z");
  const write = (options: SbomExportOptions) =>
    request.format === "spdx" ? toSpdx(inventory, options) : toCycloneDx(inventory, options);
  const options: SbomExportOptions = {
    toolVersion: context.toolVersion,
    timestamp,
    contents: request.installed ? "installed" : "locked",
  };
  // Reproducible: written once with a placeholder serial, which is then derived from that content.
  const document = request.reproducible
    ? write({
        ...options,
        serialNumber: contentSerialNumber(JSON.stringify(write({ ...options, serialNumber: ZERO_SERIAL }))),
      })
    : write(options);
  return { format: request.format, document, inventory };
}
