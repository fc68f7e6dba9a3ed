import { describe, expect, it } from "vitest";
import { isLockkeeperError } from "../errors.js";
import { parseJsonDocument } from "./json-document.js";

function lineOf(content: string): number | undefined {
  try {
    parseJsonDocument("x.json", content);
  } catch (error: unknown) {
    if (isLockkeeperError(error)) return error.line;
    throw error;
  }
  throw new Error("parsed");
}

describe("parseJsonDocument", () => {
  it("parses valid JSON", () => {
    expect(parseJsonDocument("x.json", '{"a": [1, "\\u00e9", true, null, -1.5e3]}')).toEqual({
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
