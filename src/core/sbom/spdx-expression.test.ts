import { describe, expect, it } from "vitest";
import { isSpdxExpression } from "./spdx-expression.js";

describe("isSpdxExpression", () => {
  // Licence values found in shared/data/lockfiles/npm/*/package-lock.json, and a few SPDX forms.
  it.each([
    ["MIT", true],
    ["BlueOak-1.0.0", true],
    ["LGPL-3.0-or-later", true],
    ["(MIT OR CC0-1.0)", true],
    ["Apache-2.0 AND LGPL-3.0-or-later AND MIT", true],
    ["(CC-BY-4.0 AND OFL-1.1 AND MIT)", true],
    ["GPL-2.0+", true],
    ["GPL-2.0-only WITH Classpath-exception-2.0", true],
    ["(MIT OR (Apache-2.0 AND BSD-3-Clause))", true],
    ["LicenseRef-Proprietary", true],
    ["DocumentRef-spdx-tool-1.2:LicenseRef-MIT-Style-2", true],
    ["Apache 2.0", false],
    ["MIT/X11", false],
    ["SEE LICENSE IN COPYING.txt", false],
    ["BSD", false],
    ["UNLICENSED", false],
    ["MIT and Apache-2.0", false],
    ["(MIT OR Apache-2.0", false],
    ["MIT OR", false],
    ["WITH", false],
    ["", false],
  ])("%j → %s", (text, expected) => {
    expect(isSpdxExpression(text)).toBe(expected);
  });
});
