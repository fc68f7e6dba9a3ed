import { describe, expect, it } from "vitest";
import { printable } from "./printable.js";

describe("printable", () => {
  it("escapes control characters and bidirectional overrides, keeping line feeds and other text", () => {
    expect(printable("a\u001b[2Jb\u0000\t\r\u007f\u009b\u202e\nwörld ✓")).toBe(
      "a\\x1b[2Jb\\x00\\t\\r\\x7f\\x9b\\u202e\nwörld ✓",
    );
    expect(printable("plain")).toBe("plain");
  });
});
