import { describe, expect, it } from "vitest";
import { comparePackages } from "../ecosystems/index.js";
import { pypiNaming } from "../ecosystems/pypi/naming.js";
import { SnapshotBuilder } from "./snapshot-builder.js";

describe("package order", () => {
  it("lists names before name-prefixed names and versions in version order, not as text", () => {
    const packages = [
      { ecosystem: "npm" as const, name: "jshint", version: "2.13.6" },
      { ecosystem: "npm" as const, name: "jshint", version: "2.9.7" },
      { ecosystem: "pypi" as const, name: "pip-tools", version: "7.4.1" },
      { ecosystem: "npm" as const, name: "jshint", version: "2.12.0" },
      { ecosystem: "pypi" as const, name: "pip", version: "24.0" },
      { ecosystem: "pypi" as const, name: "pip", version: "9.0.1" },
      { ecosystem: "npm" as const, name: "jshint", version: "github:jshint/jshint#abc" },
    ].sort(comparePackages);
    expect(packages.map((p) => `${p.name} ${p.version}`)).toEqual([
      "jshint 2.9.7",
      "jshint 2.12.0",
      "jshint 2.13.6",
      "jshint github:jshint/jshint#abc",
      "pip 9.0.1",
      "pip 24.0",
      "pip-tools 7.4.1",
    ]);
  });

  it("is the order of every snapshot's packages", () => {
    const builder = new SnapshotBuilder(
      {
        path: "requirements.txt",
        format: "requirements-txt",
        ecosystem: "pypi",
        formatVersion: "",
        manifests: [],
      },
      pypiNaming,
    );
    const entries: [string, string][] = [
      ["pip-tools", "7.4.1"],
      ["pip", "24.0"],
      ["Pip", "9.0.1"],
      ["pip", "1!0.1"],
    ];
    for (const [name, version] of entries) builder.addPackage({ name, version });
    expect(builder.build().packages.map((p) => `${p.name} ${p.version}`)).toEqual([
      "pip 9.0.1",
      "pip 24.0",
      "pip 1!0.1",
      "pip-tools 7.4.1",
    ]);
  });
});
