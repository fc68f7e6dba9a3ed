import { describe, expect, it } from "vitest";
import { EXIT, exitCodeFor } from "./exit-codes.js";

describe("exitCodeFor", () => {
  it.each([
    ["USAGE", EXIT.INPUT],
    ["NETWORK", EXIT.INPUT],
    ["DB_STALE", EXIT.DATABASE],
    ["CANCELLED", 130],
  ] as const)("%s → %i", (code, exit) => {
    expect(exitCodeFor(code)).toBe(exit);
  });
});
