import { describe, expect, it } from "vitest";
import { pep440Versioning as pep440 } from "./versioning.js";

describe("pep440Versioning", () => {
  it("sorts with compare and sort() like packaging's sorted(key=Version)", () => {
    // packaging: ['1.0.dev0', '1.0a1', '1.0', '1.0.0', '1.0+local', '1.0.post1', '1!0.1']
    const input = ["1!0.1", "1.0.post1", "1.0", "1.0+local", "1.0a1", "1.0.dev0", "1.0.0"];
    const expected = ["1.0.dev0", "1.0a1", "1.0", "1.0.0", "1.0+local", "1.0.post1", "1!0.1"];
    expect([...input].sort(pep440.compare)).toEqual(expected);
    expect(pep440.sort(input)).toEqual(expected);
  });

  it("throws for invalid versions in compare, normalise, isPrerelease and sort", () => {
    expect(() => pep440.compare("1.0", "trunk")).toThrow(/trunk/);
    expect(() => pep440.compare("trunk", "1.0")).toThrow(/trunk/);
    expect(() => pep440.normalise("1.0-final")).toThrow(/1\.0-final/);
    expect(() => pep440.isPrerelease("")).toThrow();
    expect(() => pep440.sort(["1.0", "latest"])).toThrow(/latest/);
  });

  it("keeps comparing correctly after an invalid argument (per-position memo)", () => {
    expect(pep440.compare("2.0", "1.0")).toBe(1);
    expect(() => pep440.compare("nope", "1.0")).toThrow();
    expect(Math.sign(pep440.compare("1.0", "2.0"))).toBe(-1);
    expect(pep440.compare("2.0", "2")).toBe(0);
  });

  it("normalises, flags pre-releases and validates", () => {
    expect(pep440.normalise("V1.0-RC.1")).toBe("1.0rc1");
    expect(pep440.isPrerelease("1.0.dev3")).toBe(true);
    expect(pep440.isPrerelease("1.0.post3")).toBe(false);
    expect(pep440.isValid("1.0+ubuntu.1")).toBe(true);
    expect(pep440.isValid("1.0-final")).toBe(false);
  });

  it("satisfies considers pre-releases (contains(..., prereleases=True)) and is false for bad ranges", () => {
    // pip's default would hide 2.1rc1 here; OSV and "wanted" computations must see it.
    expect(pep440.satisfies("2.1rc1", ">=2.0")).toBe(true);
    expect(pep440.satisfies("2.0rc1", ">=1.0,<2.0")).toBe(false);
    expect(pep440.satisfies("1.0", "=>1.0")).toBe(false);
    expect(pep440.isValidRange("=>1.0")).toBe(false);
    expect(pep440.isValidRange(">=1.0, !=1.5.*, <2")).toBe(true);
  });
});
