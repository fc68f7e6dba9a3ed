import { describe, expect, it } from "vitest";
import { npmPurl } from "../ecosystems/npm/purl.js";
import { parsePurl, purlFor } from "./purl.js";

describe("purlFor", () => {
  it("names a registry package by name and version only", () => {
    expect(
      purlFor(npmPurl, "@babel/core", "7.24.0", { kind: "registry", url: "https://r/x/-/core-7.24.0.tgz" }),
    ).toBe("pkg:npm/%40babel/core@7.24.0");
  });

  it("keeps credentials of a source URL out of the purl, but not git's ssh user", () => {
    expect(
      purlFor(npmPurl, "x", "1.0.0", { kind: "url", url: "https://me:s3cret@host.example/x.tgz?a=1&b=2" }),
    ).toBe("pkg:npm/x@1.0.0?download_url=https://host.example/x.tgz%3Fa%3D1%26b%3D2");
    expect(purlFor(npmPurl, "x", "1.0.0", { kind: "git", url: "git+ssh://git@github.com/u/x.git#abc" })).toBe(
      "pkg:npm/x@1.0.0?vcs_url=git%2Bssh://git%40github.com/u/x.git%23abc",
    );
  });

  it("reads back what it writes", () => {
    const purl = purlFor(npmPurl, "x", "abc", { kind: "git", url: "github:u/x#abc" });
    expect(parsePurl(purl)).toEqual({ type: "npm", name: "x", qualifiers: { vcs_url: "github:u/x#abc" } });
  });
});
