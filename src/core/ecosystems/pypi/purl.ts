import type { PurlConvention } from "../../model/purl.js";

/**
 * PyPI in package URLs: `pkg:pypi/name@1.0` with the PEP 503 name (the spec lower-cases it and
 * uses `-`). SBOM components keep the spelling of the lockfile.
 */
export const pypiPurl: PurlConvention = {
  type: "pypi",
  split: (name) => ({ name }),
  join: (_namespace, name) => name,
  componentName: (pkg) => pkg.displayName,
};
