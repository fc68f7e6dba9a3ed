import type { PackageNaming } from "../../model/purl.js";
import { normaliseNpmName } from "./names.js";
import { npmPurl } from "./purl.js";

/** How npm packages are named: as published (case-sensitive), `@scope/name` in purls. */
export const npmNaming: PackageNaming = { ecosystem: "npm", normaliseName: normaliseNpmName, purl: npmPurl };
