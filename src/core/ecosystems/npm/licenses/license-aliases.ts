import type { LicenseAliases } from "../../../licenses/types.js";

/** Before SPDX ids, `npm init` wrote "BSD" for the two-clause licence; on PyPI "BSD" names no variant. */
export const NPM_LICENSE_ALIASES: LicenseAliases = {
  ecosystem: "npm",
  terms: { bsd: "BSD-2-Clause", "bsd license": "BSD-2-Clause" },
  reason: `npm's former default for "BSD"`,
};
