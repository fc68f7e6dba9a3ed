import { describe, expect, it } from "vitest";
import { normalisePypiName } from "./names.js";

describe("normalisePypiName (PEP 503)", () => {
  it.each([
    ["requests", "requests"],
    ["charset-normalizer", "charset-normalizer"],
    ["Charset_Normalizer", "charset-normalizer"],
    ["zope.interface", "zope-interface"],
    ["a--b", "a-b"],
    ["a-_.b", "a-b"],
    [" pytest ", "pytest"],
    ["-lead", "-lead"],
    ["", ""],
  ])("%j → %j", (name, normal) => {
    expect(normalisePypiName(name)).toBe(normal);
    // The normal form is a fixed point.
    expect(normalisePypiName(normal)).toBe(normal);
  });
});
