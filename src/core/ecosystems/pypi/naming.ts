import { totalVersionOrder } from "../../model/package-order.js";
import type { PackageNaming } from "../../model/purl.js";
import { normalisePypiName } from "./names.js";
import { pypiPurl } from "./purl.js";
import { pep440Versioning } from "./versioning.js";

/** How PyPI packages are named: PEP 503 identity, the normalised name in purls. */
export const pypiNaming: PackageNaming = {
  ecosystem: "pypi",
  normaliseName: normalisePypiName,
  purl: pypiPurl,
  versionOrder: totalVersionOrder(pep440Versioning),
};
