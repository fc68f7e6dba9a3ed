import { describe, expect, it } from "vitest";
import { isLockkeeperError } from "../../../../errors.js";
import { blankJsoncExtras, parseBunJson } from "./jsonc-text.js";

describe("blankJsoncExtras", () => {
  it.each([
    [
      "trailing commas in objects and arrays",
      '{"a": [1, 2,], "b": {"c": 1,},}',
      '{"a": [1, 2 ], "b": {"c": 1 } }',
    ],
    ["a comma and a bracket inside a string", '{"a": "x,}", "b": "y,]",}', '{"a": "x,}", "b": "y,]" }'],
    ["an escaped quote before the comma", '{"a": "say \\",}",}', '{"a": "say \\",}" }'],
    ["an escaped backslash ending a string", '{"a": "c:\\\\",}', '{"a": "c:\\\\" }'],
    ["a comma followed by a comment and a newline", "[1, // last\n]", `[1${" ".repeat(9)}\n]`],
    ["a block comment over lines", '{/* a,\n} */"a": 1}', `{${" ".repeat(5)}\n${" ".repeat(4)}"a": 1}`],
    ["slashes inside a string", '{"url": "https://x//y/*z*/"}', '{"url": "https://x//y/*z*/"}'],
    ["nothing to change", '{"a": 1}', '{"a": 1}'],
  ])("%s", (_, text, expected) => {
    const blanked = blankJsoncExtras(text);
    expect(blanked).toBe(expected);
    expect(blanked).toHaveLength(text.length);
  });
});

describe("parseBunJson", () => {
  it("reads what JSON.parse reads once the extras are blanked", () => {
    expect(parseBunJson('{\n  "a": [1, 2,],\n}\n', "bun.lock")).toEqual({ a: [1, 2] });
  });

  it.each([
    ['{\n  "a": 1,\n  "b": ,\n}', 3],
    ['{\n  "a": "never closed\n}', 2],
    ['{\n  "a": 1\n', 3],
  ])("names the line of a syntax error (%#)", (text, line) => {
    let error: unknown;
    try {
      parseBunJson(text, "dir/bun.lock");
    } catch (caught: unknown) {
      error = caught;
    }
    expect(isLockkeeperError(error) && error.file).toBe("dir/bun.lock");
    expect(isLockkeeperError(error) && error.line).toBe(line);
  });
});
