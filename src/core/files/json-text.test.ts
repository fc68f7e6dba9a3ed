import { describe, expect, it } from "vitest";
import { isLockkeeperError } from "../errors.js";
import { parseJsonText } from "./json-text.js";

function lineOf(content: string): number | undefined {
  try {
    parseJsonText(content, "x.json");
  } catch (error: unknown) {
    if (isLockkeeperError(error)) return error.line;
    throw error;
  }
  throw new Error("parsed");
}

describe("parseJsonText", () => {
  it("parses valid JSON", () => {
    expect(parseJsonText('{"a": [1, "\\u00e9", true, null, -1.5e3]}', "x.json")).toEqual({
      a: [1, "é", true, null, -1500],
    });
  });

  // V8 gives no offset for some of these ("Unexpected token 'x', … is not valid JSON").
  it.each([
    ["a bare word", '{\n  "a": [1,\n    2,\n    x3]\n}', 4],
    ["a trailing comma", '{\n  "a": 1,\n}', 3],
    ["a truncated document", '{\n  "a": [\n    1,', 3],
    ["text after the document", '{"a": 1}\n\n}', 3],
    ["a bad escape", '{\n"a": "\\q"}', 2],
    ["a raw control character", '{\n\n"a": "\u0001"}', 3],
    ["garbage", "\u0000\u0001garbage{{{[[[\n\t:::", 1],
    ["an empty file", "", 1],
  ])("reports the line of %s", (_label, content, line) => {
    expect(lineOf(content)).toBe(line);
  });
});
