import { describe, expect, it } from "vitest";
import type { Finding } from "../findings/types.js";
import { diffFindings } from "./finding-changes.js";

function finding(id: string, aliases: string[], name: string, version: string): Finding {
  return {
    id,
    aliases,
    recordIds: [id],
    severity: { level: "high", source: "none" },
    package: {
      id: `npm:${name}@${version}`,
      ecosystem: "npm",
      name,
      displayName: name,
      version,
      purl: `pkg:npm/${name}@${version}`,
      scope: "prod",
      direct: true,
    },
    lockfile: "package-lock.json",
    locations: [],
    path: [],
    fixedVersions: [],
    references: [],
  };
}

describe("diffFindings", () => {
  it("matches the same problem by alias group and package name, whatever the version", () => {
    const base = [
      finding("CVE-2021-23337", ["GHSA-35jh-r3h4-6jhm"], "lodash", "4.17.15"),
      finding("NSWG-ECO-101", [], "marked", "0.3.5"),
    ];
    const head = [
      // Another version matches a different set of records: the group is named differently but shares an id.
      finding("GHSA-35jh-r3h4-6jhm", ["CVE-2021-23337", "GHSA-xxxx"], "lodash", "4.17.20"),
      finding("CVE-2020-8203", [], "lodash", "4.17.20"),
    ];
    const { introduced, fixed } = diffFindings(base, head);
    expect(introduced.map((f) => f.id)).toEqual(["CVE-2020-8203"]);
    expect(fixed.map((f) => f.id)).toEqual(["NSWG-ECO-101"]);
  });

  it("treats one problem in a different package as new", () => {
    const { introduced, fixed } = diffFindings(
      [finding("CVE-1", [], "a", "1.0.0")],
      [finding("CVE-1", [], "b", "1.0.0")],
    );
    expect(introduced.map((f) => f.package.name)).toEqual(["b"]);
    expect(fixed.map((f) => f.package.name)).toEqual(["a"]);
  });
});
