import type { Inventory } from "../model/types.js";
import { toCycloneDx } from "../sbom/cyclonedx-export.js";
import { toSpdx } from "../sbom/spdx-export.js";
import type { AppContext } from "./context.js";
import { openProject } from "./project.js";

export type SbomFormat = "cyclonedx" | "spdx";

export interface SbomReport {
  format: SbomFormat;
  /** The SBOM document (CycloneDX 1.6 or SPDX 2.3 JSON). */
  document: object;
  /** What it was made from (for coverage notes). */
  inventory: Inventory;
}

/** The project's inventory as a CycloneDX or SPDX SBOM. */
export function sbomReport(context: AppContext, target: string, format: SbomFormat): SbomReport {
  const { inventory } = openProject(context, target);
  const timestamp = context
    .now()
    .toISOString()
    .replace(/\.\d+Z$/, "Z");
  const options = { toolVersion: context.toolVersion, timestamp };
  const document = format === "spdx" ? toSpdx(inventory, options) : toCycloneDx(inventory, options);
  return { format, document, inventory };
}
