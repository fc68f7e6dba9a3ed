import { describe, expect, it } from "vitest";
import { isLockkeeperError } from "../../../errors.js";
import { compareParsed, formatVersion, isParsedPrerelease, parseVersion, requireVersion } from "./version.js";

/** Each item with the one after it: `[a, b, c]` → `[a, b], [b, c]`. */
function neighbours(list: readonly string[]): [string, string][] {
  const pairs: [string, string][] = [];
  list.reduce((previous, next) => {
    pairs.push([previous, next]);
    return next;
  });
  return pairs;
}

// Expected values were produced with Python's packaging 26.2 (`str(Version(v))`, `is_prerelease`).
describe("parseVersion / formatVersion", () => {
  it.each([
    ["1.0", "1.0", false],
    ["v1.0", "1.0", false],
    [" 1.0\n", "1.0", false],
    ["1.0.0-ALPHA", "1.0.0a0", true],
    ["1.0alpha1", "1.0a1", true],
    ["1.0-beta.2", "1.0b2", true],
    ["1.0c3", "1.0rc3", true],
    ["1.0pre", "1.0rc0", true],
    ["1.0preview_4", "1.0rc4", true],
    ["1.0rc", "1.0rc0", true],
    ["1.0-1", "1.0.post1", false],
    ["1.0.post", "1.0.post0", false],
    ["1.0rev2", "1.0.post2", false],
    ["1.0r", "1.0.post0", false],
    ["1.0-dev", "1.0.dev0", true],
    ["1.0_dev_3", "1.0.dev3", true],
    ["1!2.0", "1!2.0", false],
    ["0!2.0", "2.0", false],
    ["1.0+Ubuntu-1_2", "1.0+ubuntu.1.2", false],
    ["1.0+01", "1.0+1", false],
    ["01.02.003", "1.2.3", false],
    ["2.0-dev-9338", "2.0.dev9338", true],
    ["3.02", "3.2", false],
    ["1.0a1-2", "1.0a1.post2", true],
    ["1.99999999999999999999", "1.99999999999999999999", false],
    ["\u00a01.0", "1.0", false],
    ["1.0\u3000", "1.0", false],
  ])("%j → %s (pre-release %s)", (input, normalised, prerelease) => {
    const version = requireVersion(input);
    expect(formatVersion(version)).toBe(normalised);
    expect(isParsedPrerelease(version)).toBe(prerelease);
  });

  it.each([
    "",
    "1.0-final",
    "trunk",
    "1..0",
    "1.0+",
    "\ufeff1.0", // JS `\s` would accept the BOM; Python's does not
    "1.0+\u017f", // long s folds to "s" only under Unicode case-insensitivity
    "1!",
    "v",
    "1.0 +local",
    "2013-02-01T20:50:46+0100",
    "1.0.x",
  ])("%j is not a version", (input) => {
    expect(parseVersion(input)).toBeNull();
  });

  it("throws a PARSE LockkeeperError naming an invalid version", () => {
    try {
      requireVersion("trunk");
      expect.unreachable();
    } catch (error: unknown) {
      expect(isLockkeeperError(error) && error.code).toBe("PARSE");
      expect((error as Error).message).toContain('"trunk"');
    }
  });
});

describe("compareParsed", () => {
  const cmp = (a: string, b: string) => Math.sign(compareParsed(requireVersion(a), requireVersion(b)));

  it("orders PEP 440's example chain strictly (dev-only before pre, locals before post)", () => {
    const chain = [
      "1.0.dev456",
      "1.0a1",
      "1.0a2.dev456",
      "1.0a12.dev456",
      "1.0a12",
      "1.0b1.dev456",
      "1.0b2",
      "1.0b2.post345.dev456",
      "1.0b2.post345",
      "1.0rc1.dev456",
      "1.0rc1",
      "1.0",
      "1.0+abc.5",
      "1.0+abc.7",
      "1.0+5",
      "1.0.post456.dev34",
      "1.0.post456",
      "1.0.15",
      "1.1.dev1",
      "1!0.1",
    ];
    for (const [lower, higher] of neighbours(chain)) {
      expect([lower, cmp(lower, higher)]).toEqual([lower, -1]);
      expect(cmp(higher, lower)).toBe(1);
    }
  });

  it("orders local segments: text before numbers, numbers numerically, shorter first", () => {
    const locals = [
      "1.0",
      "1.0+a",
      "1.0+a.b",
      "1.0+a1",
      "1.0+ab",
      "1.0+b",
      "1.0+0",
      "1.0+1",
      "1.0+1.a",
      "1.0+1.0",
    ];
    const more = ["1.0+2", "1.0+10"];
    const chain = [...locals, ...more];
    for (const [lower, higher] of neighbours(chain)) expect(cmp(lower, higher)).toBe(-1);
  });

  it.each([
    ["1.0", "1.0.0"],
    ["1.0+01", "1.0+1"],
    ["1.0+A", "1.0+a"],
    ["v1.0", "1"],
    ["1.0a", "1.0a0"],
    ["1.0-1", "1.0.post1"],
    ["0!1.0", "1.0"],
  ])("%s equals %s", (a, b) => {
    expect(cmp(a, b)).toBe(0);
  });

  it("compares numbers beyond 2^53 exactly", () => {
    expect(cmp("1.99999999999999999999", "1.99999999999999999998")).toBe(1);
    expect(cmp("1.99999999999999999999", "1.9999999999999999")).toBe(1);
    expect(cmp("1.00000000000000000001", "1.1")).toBe(0);
  });
});
