import { totalVersionOrder } from "../../model/package-order.js";
import type { PackageNaming } from "../../model/purl.js";
import { normaliseNpmName } from "./names.js";
import { npmPurl } from "./purl.js";
import { npmVersioning } from "./versioning.js";

/** How npm packages are named: as published (case-sensitive), `@scope/name` in purls. */
export const npmNaming: PackageNaming = {
  ecosystem: "npm",
  normaliseName: normaliseNpmName,
  purl: npmPurl,
  versionOrder: totalVersionOrder(npmVersioning),
};
