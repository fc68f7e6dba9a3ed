import { describe, expect, it } from "vitest";
import { parseCookies } from "./cookies.js";

describe("parseCookies", () => {
  it("reads name=value pairs, keeps the first of a repeated name and skips malformed parts", () => {
    const cookies = parseCookies('theme=dark; lk_session=abc-_123; lk_session=later; junk; q="quoted"; =x');
    expect([...cookies]).toEqual([
      ["theme", "dark"],
      ["lk_session", "abc-_123"],
      ["q", "quoted"],
    ]);
    expect(parseCookies(undefined).size).toBe(0);
  });
});
