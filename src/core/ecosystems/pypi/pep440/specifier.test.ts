import { assert, describe, expect, it } from "vitest";
import { parseSpecifierSet, specifierSetContains } from "./specifier.js";

// Expected values from Python's packaging 26.2: SpecifierSet(spec).contains(version, prereleases=True).
describe("specifierSetContains", () => {
  it.each([
    [">=1.0,<2.0", "1.5", true],
    [">=1.0,<2.0", "2.0", false],
    // `<V` excludes V's pre-releases unless V is one (PEP 440)
    [">=1.0,<2.0", "2.0rc1", false],
    [">=1.0,<2.0", "1.5rc1", true],
    ["<2.0", "2.0.dev1", false],
    ["<2.0", "1.9.post1", true],
    ["<2.0rc1", "2.0b1", true],
    ["<2.0", "2.0+local", false],
    // `>V` excludes V's post-releases and local versions
    [">1.0", "1.0.post1", false],
    [">1.0", "1.0+local", false],
    [">1.0", "1.0.1", true],
    [">1.0.post1", "1.0.post2", true],
    [">1.0a1", "1.0a1+local", false],
    [">1.0a1", "1.0a2+local", true],
    ["<=1.0", "1.0+local", true],
    [">=1.0", "1.0+local", true],
    // local labels only matter when the specifier has one
    ["==1.0", "1.0+local", true],
    ["==1.0", "1.0.0", true],
    ["==1.0+local", "1.0", false],
    ["==1.0+local", "1.0+LOCAL", true],
    ["!=1.0", "1.0+local", false],
    ["==1.4.*", "1.4.5", true],
    ["==1.4.*", "1.4", true],
    ["==1.4.*", "1.4rc1", true],
    ["==1.4.*", "1.40", false],
    ["==1.4.*", "1.4+local", true],
    ["!=1.4.*", "1.5", true],
    ["==1.4.0.*", "1.4", true],
    ["==1!1.*", "1.5", false],
    ["~=1.4.5", "1.4.9", true],
    ["~=1.4.5", "1.5.0", false],
    ["~=1.4", "1.9", true],
    ["~=1.4", "2.0", false],
    // packaging derives the ~= prefix from the raw text: "c1" is not one of its suffixes
    ["~=1.4.5c1", "1.4.6", false],
    ["~=1.4.5a1", "1.4.6", true],
    ["~=v1.4", "1.5", false],
    ["===1.0", "1.0", true],
    ["===1.0", "1.0.0", false],
    ["===foobar", "FooBar", true],
    ["===1.0", "v1.0", false],
    ["", "1.0", true],
    ["", "not a version", true],
    [">=1.0", "not a version", false],
    ["  >= 1.0 ,  < 2 ", "1.2", true],
    [">=1.0,<=1.0", "1.0", true],
    ["<1.0,>1.0", "1.0", false],
  ])("%j contains %j: %s", (spec, version, expected) => {
    const set = parseSpecifierSet(spec);
    assert.exists(set);
    expect(specifierSetContains(set, version)).toBe(expected);
  });
});

describe("parseSpecifierSet", () => {
  it("splits on commas and reads operator and version of each clause", () => {
    const set = parseSpecifierSet(" >=1.0 , !=1.3.* ,<2 ");
    expect(set?.specifiers.map((s) => [s.operator, s.version])).toEqual([
      [">=", "1.0"],
      ["!=", "1.3.*"],
      ["<", "2"],
    ]);
  });

  it.each([
    "=>1.0",
    "==1.0a1.*",
    "~=1",
    "~=1.*",
    "<1.0+local",
    "1.0",
    ">=1.0;",
    "==1.0,foo",
    ">=1.0 <2.0",
    "\ufeff>=1.0",
  ])("rejects %j", (spec) => {
    expect(parseSpecifierSet(spec)).toBeNull();
  });
});
