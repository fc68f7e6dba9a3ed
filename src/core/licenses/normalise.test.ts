import { describe, expect, it } from "vitest";
import { licenseReading } from "../ecosystems/index.js";
import type { Ecosystem } from "../model/types.js";
import { normaliseLicense } from "./normalise.js";

type Case = [
  raw: unknown,
  expression: string | undefined,
  status: "valid" | "corrected" | "unknown",
  ecosystem?: Ecosystem,
];

describe("normaliseLicense", () => {
  const cases: Case[] = [
    // SPDX expressions as they are: ids re-spelled as the list spells them, parentheses only where needed.
    ["MIT", "MIT", "valid"],
    ["mit", "MIT", "valid"],
    ["apache-2.0", "Apache-2.0", "valid"],
    ["(MIT OR Apache-2.0)", "MIT OR Apache-2.0", "valid"],
    ["((MIT))", "MIT", "valid"],
    ["MIT OR (Apache-2.0 AND BSD-3-Clause)", "MIT OR (Apache-2.0 AND BSD-3-Clause)", "valid"],
    ["MIT OR Apache-2.0 AND BSD-3-Clause", "MIT OR (Apache-2.0 AND BSD-3-Clause)", "valid"],
    ["(MIT OR Apache-2.0) AND BSD-3-Clause", "(MIT OR Apache-2.0) AND BSD-3-Clause", "valid"],
    ["(MIT AND (Apache-2.0 OR BSD-3-Clause))", "MIT AND (Apache-2.0 OR BSD-3-Clause)", "valid"],
    ["(BSD-2-Clause OR MIT OR Apache-2.0)", "BSD-2-Clause OR MIT OR Apache-2.0", "valid"],
    ["(CC-BY-4.0 AND OFL-1.1 AND MIT)", "CC-BY-4.0 AND OFL-1.1 AND MIT", "valid"],
    [
      "GPL-2.0-or-later WITH Classpath-exception-2.0",
      "GPL-2.0-or-later WITH Classpath-exception-2.0",
      "valid",
    ],
    ["Apache-2.0 WITH llvm-exception", "Apache-2.0 WITH LLVM-exception", "valid"],
    ["Apache-1.0+", "Apache-1.0+", "valid"],
    ["MPL-2.0 OR LicenseRef-Proprietary", "MPL-2.0 OR LicenseRef-Proprietary", "valid"],
    ["DocumentRef-tool-1.2:LicenseRef-MIT-Style-2", "DocumentRef-tool-1.2:LicenseRef-MIT-Style-2", "valid"],
    ["BlueOak-1.0.0", "BlueOak-1.0.0", "valid"],
    ["Python-2.0", "Python-2.0", "valid"],
    ["0BSD", "0BSD", "valid"],
    // Deprecated GNU ids meant "only"; with + "or later".
    ["GPL-3.0", "GPL-3.0-only", "corrected"],
    ["(MIT OR GPL-3.0)", "MIT OR GPL-3.0-only", "corrected"],
    ["LGPL-2.1+", "LGPL-2.1-or-later", "corrected"],
    ["GPL-2.0+ WITH Bison-exception-2.2", "GPL-2.0-or-later WITH Bison-exception-2.2", "corrected"],
    ["AGPL-3.0", "AGPL-3.0-only", "corrected"],
    // Common misspellings.
    ["Apache 2.0", "Apache-2.0", "corrected"],
    ["Apache License, Version 2.0", "Apache-2.0", "corrected"],
    ["Apache License 2.0", "Apache-2.0", "corrected"],
    ["Apache-2", "Apache-2.0", "corrected"],
    ["Apache v2", "Apache-2.0", "corrected"],
    ["ASL 2.0", "Apache-2.0", "corrected"],
    ["Apache Software License 2.0", "Apache-2.0", "corrected"],
    ["GPLv3", "GPL-3.0-only", "corrected"],
    ["GPLv2+", "GPL-2.0-or-later", "corrected"],
    ["GPL v2 or later", "GPL-2.0-or-later", "corrected"],
    ["LGPLv2.1", "LGPL-2.1-only", "corrected"],
    ["GNU GPL v3", "GPL-3.0-only", "corrected"],
    ["GNU General Public License v3 (GPLv3)", "GPL-3.0-only", "corrected"],
    ["GNU Lesser General Public License v3 or later (LGPLv3+)", "LGPL-3.0-or-later", "corrected"],
    ["GNU General Public License v2.0 only", "GPL-2.0-only", "corrected"],
    ["MIT/X11", "MIT", "corrected"],
    ["MIT License", "MIT", "corrected"],
    ["The MIT License", "MIT", "corrected"],
    ["ISC License", "ISC", "corrected"],
    ["BSD 3-Clause", "BSD-3-Clause", "corrected"],
    ["3-clause BSD license", "BSD-3-Clause", "corrected"],
    ["New BSD License", "BSD-3-Clause", "corrected"],
    ["Simplified BSD", "BSD-2-Clause", "corrected"],
    ["MPL 2.0", "MPL-2.0", "corrected"],
    ["Mozilla Public License 2.0", "MPL-2.0", "corrected"],
    ["CC BY 4.0", "CC-BY-4.0", "corrected"],
    ["Artistic 2.0", "Artistic-2.0", "corrected"],
    ["apache 2.0 or mit", "Apache-2.0 OR MIT", "corrected"],
    ["MIT and Apache License 2.0", "MIT AND Apache-2.0", "corrected"],
    ["MIT or GPLv2+", "MIT OR GPL-2.0-or-later", "corrected"],
    ["BSD", "BSD-2-Clause", "corrected", "npm"],
    // Nothing with one reading: kept as unknown, never guessed.
    ["BSD", undefined, "unknown", "pypi"],
    ["GPL", undefined, "unknown"],
    ["Apache", undefined, "unknown"],
    ["Apache Software License", undefined, "unknown"],
    ["Public Domain", undefined, "unknown"],
    ["MIT-style", undefined, "unknown"],
    ["Custom", undefined, "unknown"],
    ["MIT OR", undefined, "unknown"],
    ["(MIT", undefined, "unknown"],
    ["MIT WITH Foo-exception", undefined, "unknown"],
    ["MIT, Apache-2.0", undefined, "unknown"],
    ["SEE LICENSE IN COPYING.txt", undefined, "unknown"],
    ["UNLICENSED", undefined, "unknown"],
    ["UNKNOWN", undefined, "unknown"],
    // npm's legacy forms.
    [{ type: "MIT", url: "https://github.com/nodeca/js-yaml/blob/master/LICENSE" }, "MIT", "corrected"],
    [{ type: "MIT/X11" }, "MIT", "corrected"],
    [[{ type: "MIT" }, { type: "Apache-2.0" }], "MIT OR Apache-2.0", "corrected"],
    [
      [{ type: "BSD", url: "https://github.com/mozilla/nunjucks/blob/master/LICENSE" }],
      "BSD-2-Clause",
      "corrected",
      "npm",
    ],
    [["MIT", "GPL-2.0"], "MIT OR GPL-2.0-only", "corrected"],
    [[{ type: "MIT" }, { type: "Whatever" }], undefined, "unknown"],
    [{ url: "https://example.com/LICENSE" }, undefined, "unknown"],
  ];

  it.each(cases)("%j → %s (%s)", (raw, expression, status, ecosystem) => {
    const result = normaliseLicense(raw, ecosystem ? licenseReading(ecosystem) : {});
    expect(result?.expression).toBe(expression);
    expect(result?.status).toBe(status);
    expect(result?.raw).toBe(typeof raw === "string" ? raw : JSON.stringify(raw));
  });

  it("explains corrections and unknowns", () => {
    expect(normaliseLicense("GPL-3.0")?.notes).toEqual(["deprecated SPDX id GPL-3.0 read as GPL-3.0-only"]);
    expect(normaliseLicense("BSD", licenseReading("npm"))?.notes[0]).toContain("npm's former default");
    expect(normaliseLicense("SEE LICENSE IN COPYING.txt")?.notes).toEqual([
      "a custom licence, in COPYING.txt",
    ]);
    expect(normaliseLicense("MIT WITH Foo-exception")?.notes).toEqual([
      '"Foo-exception" is not an SPDX exception id',
    ]);
    expect(normaliseLicense("Custom")?.notes).toEqual(['"Custom" is not an SPDX licence id']);
  });

  it.each([[null], [undefined], [""], ["  "], [[]], [42]])("%j is no licence at all", (raw) => {
    expect(normaliseLicense(raw)).toBeUndefined();
  });
});
