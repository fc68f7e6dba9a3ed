import { describe, expect, it } from "vitest";
import { normalisePypiName } from "../ecosystems/pypi/names.js";
import { packageNameMatcher } from "./package-name-pattern.js";

describe("packageNameMatcher", () => {
  it.each([
    // An exact name matches only that name: a scope in front is another package.
    ["esbuild", "esbuild", true],
    ["esbuild", "@evil/esbuild", false],
    ["esbuild", "esbuild-wasm", false],
    ["@esbuild/linux-x64", "@esbuild/linux-x64", true],
    // A scope with `*` matches the packages of that scope, one level only.
    ["@types/*", "@types/node", true],
    ["@types/*", "@types/a/b", false],
    ["@types/*", "@typesx/node", false],
    ["@types/*", "types/node", false],
    // `*` never crosses the scope's `/`.
    ["eslint*", "eslint", true],
    ["eslint*", "eslint-plugin-x", true],
    ["eslint*", "@scope/eslint", false],
    ["eslint*", "@scope/eslint-plugin-x", false],
    ["*-loader", "css-loader", true],
    ["*-loader", "@x/css-loader", false],
    ["@*/eslint-config", "@acme/eslint-config", true],
    // `*` alone means every package, scoped ones too.
    ["*", "left-pad", true],
    ["*", "@babel/core", true],
    // Only `*` is a wildcard: names hold no other glob characters.
    ["left.pad", "left-pad", false],
    ["left?pad", "left-pad", false],
    ["{a,b}", "a", false],
    // npm names are case-sensitive.
    ["Esbuild", "esbuild", false],
  ])("%s matches %s: %s", (pattern, name, expected) => {
    expect(packageNameMatcher([pattern])(name)).toBe(expected);
  });

  it.each([
    ["Django", "django", true],
    ["zope.interface", "zope-interface", true],
    ["Zope_*", "zope.interface", true],
    ["django*", "djangorestframework", true],
    ["django", "django-extensions", false],
  ])("PyPI (PEP 503): %s matches %s: %s", (pattern, name, expected) => {
    expect(packageNameMatcher([pattern], normalisePypiName)(name)).toBe(expected);
  });

  it("matches when any pattern does, and nothing without patterns", () => {
    const matches = packageNameMatcher(["esbuild", "@swc/*"]);
    expect([matches("esbuild"), matches("@swc/core"), matches("@evil/esbuild")]).toEqual([true, true, false]);
    expect(packageNameMatcher([])("esbuild")).toBe(false);
  });
});
