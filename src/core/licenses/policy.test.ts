import { describe, expect, it } from "vitest";
import type { Scope } from "../model/types.js";
import { normaliseLicense } from "./normalise.js";
import { compilePolicy, DEFAULT_LICENSE_POLICY, type LicensePolicy } from "./policy.js";

const policy: LicensePolicy = {
  allow: [
    "MIT",
    "ISC",
    "Apache-2.0",
    "BSD-2-Clause",
    "BSD-3-Clause",
    "GPL-2.0-only WITH Classpath-exception-2.0",
  ],
  deny: ["GPL-3.0-only", "AGPL-3.0-or-later", "GPL-2.0"],
  review: ["LGPL-3.0-or-later", "MPL-2.0", "GPL-3.0-only", "LicenseRef-Internal"],
  unknown: "review",
  scopes: { dev: { exempt: true }, optional: { deny: [], unknown: "deny" } },
};

describe("compilePolicy", () => {
  const compiled = compilePolicy(policy);

  const cases: [license: string | undefined, scope: Scope, outcome: string, reasons: string[]][] = [
    ["MIT", "prod", "allow", ["MIT is allowed"]],
    ["MIT OR GPL-3.0-only", "prod", "allow", ["MIT is allowed"]],
    ["(GPL-3.0-only OR MPL-2.0)", "prod", "review", ["MPL-2.0 needs review"]],
    ["MIT AND GPL-3.0-only", "prod", "deny", ["GPL-3.0-only is denied"]],
    ["MIT AND MPL-2.0", "prod", "review", ["MPL-2.0 needs review"]],
    [
      "Apache-2.0 AND (MIT OR AGPL-3.0-or-later)",
      "prod",
      "allow",
      ["Apache-2.0 is allowed", "MIT is allowed"],
    ],
    ["(MIT OR Apache-2.0) AND LGPL-3.0-or-later", "prod", "review", ["LGPL-3.0-or-later needs review"]],
    // Deny wins over review for a licence on both lists.
    ["GPL-3.0-only", "prod", "deny", ["GPL-3.0-only is denied"]],
    // A deprecated id in the policy means the same licence as its modern spelling.
    ["GPL-2.0-only", "prod", "deny", ["GPL-2.0-only is denied"]],
    ["GPL-2.0", "prod", "deny", ["GPL-2.0-only is denied"]],
    // An exception listed exactly wins; otherwise the licence without it decides.
    [
      "GPL-2.0-only WITH Classpath-exception-2.0",
      "prod",
      "allow",
      ["GPL-2.0-only WITH Classpath-exception-2.0 is allowed"],
    ],
    [
      "GPL-3.0-only WITH GCC-exception-3.1",
      "prod",
      "deny",
      ["GPL-3.0-only WITH GCC-exception-3.1 is denied (listed as GPL-3.0-only)"],
    ],
    // "+" falls back to the version it names.
    ["Apache-2.0+", "prod", "allow", ["Apache-2.0+ is allowed (listed as Apache-2.0)"]],
    ["LicenseRef-Internal", "prod", "review", ["LicenseRef-Internal needs review"]],
    // An allow list makes everything else a review item.
    ["Zlib", "prod", "review", ["Zlib is on no list (review)"]],
    ["SEE LICENSE IN LICENSE.md", "prod", "review", ["the licence is unknown"]],
    [undefined, "prod", "review", ["no licence found"]],
    // Per scope: dev exempt; optional replaces the deny list and denies unknowns.
    ["GPL-3.0-only", "dev", "exempt", ["dev packages are exempt"]],
    ["GPL-3.0-only", "optional", "review", ["GPL-3.0-only needs review"]],
    [undefined, "optional", "deny", ["no licence found"]],
    ["GPL-3.0-only", "peer", "deny", ["GPL-3.0-only is denied"]],
  ];

  it.each(cases)("%s (%s) → %s", (text, scope, outcome, reasons) => {
    const license = text === undefined ? undefined : normaliseLicense(text);
    expect(compiled.evaluate(license, scope)).toEqual({ outcome, reasons });
  });

  it("reports list entries that are not single SPDX licences", () => {
    const bad = compilePolicy({
      ...DEFAULT_LICENSE_POLICY,
      allow: ["MIT", "Apache 2.0", "MIT OR ISC", "Whatever"],
      scopes: { dev: { deny: ["Nonsense"] } },
    });
    expect(bad.problems).toEqual([
      'licenses.allow: "MIT OR ISC" is an expression; list single licences (each is judged on its own)',
      'licenses.allow: "Whatever" is not an SPDX licence id',
      'licenses.scopes.dev.allow: "MIT OR ISC" is an expression; list single licences (each is judged on its own)',
      'licenses.scopes.dev.allow: "Whatever" is not an SPDX licence id',
      'licenses.scopes.dev.deny: "Nonsense" is not an SPDX licence id',
    ]);
    // "Apache 2.0" is a spelling of Apache-2.0 and counts as such.
    expect(bad.evaluate(normaliseLicense("Apache-2.0"), "prod").outcome).toBe("allow");
  });

  it("without lists judges no known licence (no policy, never allow) and reviews unknown ones", () => {
    const open = compilePolicy(DEFAULT_LICENSE_POLICY);
    expect(open.configured).toBe(false);
    for (const licence of ["GPL-3.0-only", "AGPL-3.0-only", "CC-BY-4.0", "MIT OR AGPL-3.0-only"]) {
      expect(open.evaluate(normaliseLicense(licence), "prod"), licence).toEqual({
        outcome: "no-policy",
        reasons: ["no licence policy is configured"],
      });
    }
    expect(open.evaluate(normaliseLicense("UNLICENSED"), "prod").outcome).toBe("review");
    expect(
      compilePolicy({ ...DEFAULT_LICENSE_POLICY, unknown: "deny" }).evaluate(undefined, "dev").outcome,
    ).toBe("deny");
  });

  it("allows unlisted licences once any list is given or unlisted: allow is said", () => {
    const denyOnly = compilePolicy({ ...DEFAULT_LICENSE_POLICY, deny: ["AGPL-3.0-only"] });
    expect(denyOnly.configured).toBe(true);
    expect(denyOnly.evaluate(normaliseLicense("CC-BY-4.0"), "prod").outcome).toBe("allow");
    expect(denyOnly.evaluate(normaliseLicense("AGPL-3.0-only"), "prod").outcome).toBe("deny");
    const explicit = compilePolicy({ ...DEFAULT_LICENSE_POLICY, unlisted: "allow" });
    expect(explicit.configured).toBe(true);
    expect(explicit.evaluate(normaliseLicense("AGPL-3.0-only"), "prod").outcome).toBe("allow");
    // A scope with its own list is judged; the others still have no policy.
    const scoped = compilePolicy({ ...DEFAULT_LICENSE_POLICY, scopes: { dev: { deny: ["GPL-3.0-only"] } } });
    expect(scoped.evaluate(normaliseLicense("GPL-3.0-only"), "dev").outcome).toBe("deny");
    expect(scoped.evaluate(normaliseLicense("GPL-3.0-only"), "prod").outcome).toBe("no-policy");
  });
});
