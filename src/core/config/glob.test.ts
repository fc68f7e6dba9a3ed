import { describe, expect, it } from "vitest";
import { globMatcher } from "./glob.js";

describe("globMatcher", () => {
  it.each([
    // `**` crosses directories; a pattern with a slash is anchored at the project root.
    ["fixtures/**", "fixtures/a/package-lock.json", true],
    ["fixtures/**", "src/fixtures/a.json", false],
    ["src/**/gen", "src/a/b/gen/x.ts", true],
    // Without a slash, a pattern matches a name at any depth (as .gitignore does).
    ["*.txt", "deep/dir/requirements.txt", true],
    ["*.txt", "requirements.txt", true],
    // `*` and `?` stay within one directory.
    ["docs/*.txt", "docs/a/requirements.txt", false],
    ["docs/*.txt", "docs/requirements.txt", true],
    ["req?.txt", "req1.txt", true],
    ["req?.txt", "req12.txt", false],
    // A directory pattern covers everything inside it.
    ["test", "packages/a/test/package-lock.json", true],
    ["./vendor/", "vendor/lib/a.js", true],
    ["test", "packages/a/testing/package-lock.json", false],
    // Dot-folders and dot-files are paths like any other.
    ["fixtures/**", "fixtures/.cache/a.json", true],
    [".eslintrc*", "web/.eslintrc.json", true],
    // Braces and classes are globs, not literal text.
    ["*.{js,ts}", "src/a.ts", true],
    ["*.{js,ts}", "src/a.py", false],
    ["{fixtures,examples}/**", "examples/a/requirements.txt", true],
    ["req[12].txt", "req2.txt", true],
    ["req[12].txt", "req3.txt", false],
  ])("%s matches %s: %s", (pattern, path, expected) => {
    expect(globMatcher([pattern])(path)).toBe(expected);
  });

  it("matches when any pattern does, and nothing without patterns", () => {
    const matches = globMatcher(["dist", "*.d.ts"]);
    expect([matches("dist/a.js"), matches("src/a.d.ts"), matches("src/a.ts")]).toEqual([true, true, false]);
    expect(globMatcher([])("anything")).toBe(false);
  });
});
