import { describe, expect, it } from "vitest";
import {
  expressionLeaves,
  formatLicenseExpression,
  isSpdxExpression,
  parseLicenseExpression,
} from "./expression.js";

const MIT = { type: "license", id: "MIT", orLater: false };
const APACHE = { type: "license", id: "Apache-2.0", orLater: false };
const BSD3 = { type: "license", id: "BSD-3-Clause", orLater: false };

describe("parseLicenseExpression", () => {
  it("binds WITH over AND over OR, and flattens chains", () => {
    const parsed = parseLicenseExpression(
      "MIT OR Apache-2.0 AND BSD-3-Clause OR GPL-2.0+ WITH Bison-exception-2.2",
    );
    expect(parsed).toEqual({
      ok: true,
      lowerCaseOperators: false,
      expression: {
        type: "or",
        operands: [
          MIT,
          { type: "and", operands: [APACHE, BSD3] },
          { type: "license", id: "GPL-2.0", orLater: true, exception: "Bison-exception-2.2" },
        ],
      },
    });
  });

  it("keeps parentheses as written and flattens nested groups of the same operator", () => {
    const parsed = parseLicenseExpression("(MIT AND (Apache-2.0 AND BSD-3-Clause))");
    expect(parsed.ok && parsed.expression).toEqual({ type: "and", operands: [MIT, APACHE, BSD3] });
    const grouped = parseLicenseExpression("(MIT OR Apache-2.0) AND BSD-3-Clause");
    expect(grouped.ok && formatLicenseExpression(grouped.expression)).toBe(
      "(MIT OR Apache-2.0) AND BSD-3-Clause",
    );
    expect(grouped.ok && expressionLeaves(grouped.expression).map((l) => l.id)).toEqual([
      "MIT",
      "Apache-2.0",
      "BSD-3-Clause",
    ]);
  });

  it.each([
    ["", "the expression is empty"],
    ["MIT OR", "the expression ends where a licence was expected"],
    ["(MIT", "a parenthesis is not closed"],
    ["MIT)", 'unexpected ")"'],
    ["MIT Apache-2.0", 'unexpected "Apache-2.0"'],
    ["AND MIT", '"AND" where a licence was expected'],
    ["MIT WITH", "WITH is not followed by an exception"],
    ["mit or apache-2.0", 'unexpected "or"'],
  ])("strict: %j → %s", (text, error) => {
    expect(parseLicenseExpression(text)).toEqual({ ok: false, error });
  });

  it("lenient: lower-case operators and multi-word terms; 'or later' stays in the name", () => {
    const parsed = parseLicenseExpression("Apache License 2.0 or GPL v2 or later", { lenient: true });
    expect(parsed).toEqual({
      ok: true,
      lowerCaseOperators: true,
      expression: {
        type: "or",
        operands: [
          { type: "license", id: "Apache License 2.0", orLater: false },
          { type: "license", id: "GPL v2 or later", orLater: false },
        ],
      },
    });
  });
});

describe("isSpdxExpression", () => {
  // Licence values found in fixtures/lockfiles/npm/*/package-lock.json, and a few SPDX forms.
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
    ["LicenseRef-Proprietary+", true],
    ["DocumentRef-spdx-tool-1.2:LicenseRef-MIT-Style-2", true],
    ["DocumentRef-spdx-tool-1.2:LicenseRef-MIT-Style-2+", false],
    ["Made-Up-1.0", true], // well-formed: the list is not consulted
    ["Apache 2.0", false],
    ["MIT/X11", false],
    ["SEE LICENSE IN COPYING.txt", false],
    ["BSD", false],
    ["UNLICENSED", false],
    ["MIT and Apache-2.0", false],
    ["(MIT OR Apache-2.0", false],
    ["MIT OR", false],
    ["AND+", false],
    ["MIT WITH Bad+", false],
    ["MIT WITH AND", false],
    ["WITH", false],
    ["", false],
  ])("%j → %s", (text, expected) => {
    expect(isSpdxExpression(text)).toBe(expected);
  });
});
