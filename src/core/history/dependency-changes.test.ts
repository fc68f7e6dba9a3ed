import { describe, expect, it } from "vitest";
import { parseFixture } from "../../test-support/parse-fixture.js";
import { packageLockParser } from "../ecosystems/npm/lockfiles/package-lock.js";
import type { Ecosystem, Scope } from "../model/types.js";
import { compareVersions, diffPackages, diffSnapshots, type PackageState } from "./dependency-changes.js";

function pkg(
  ecosystem: Ecosystem,
  name: string,
  version: string | undefined,
  scope: Scope = "prod",
  direct = false,
  requirement?: string,
): PackageState {
  const p: PackageState = { ecosystem, name, displayName: name, scope, direct };
  if (version !== undefined) p.version = version;
  if (requirement !== undefined) p.requirement = requirement;
  return p;
}

/** `kind name from→to` lines: easy to read in a failing table. */
function summary(before: PackageState[], after: PackageState[]): string[] {
  return diffPackages(before, after).map(
    (c) =>
      `${c.kind} ${c.name} ${c.from?.version ?? c.from?.requirement ?? ""}→${c.to?.version ?? c.to?.requirement ?? ""}`,
  );
}

describe("diffPackages", () => {
  it.each([
    {
      title: "PEP 440 ordering, not string order (1.10 is above 1.9)",
      before: [pkg("pypi", "django", "1.9")],
      after: [pkg("pypi", "django", "1.10")],
      expected: ["upgraded django 1.9→1.10"],
    },
    {
      title: "semver ordering: a release is above its pre-release",
      before: [pkg("npm", "react", "19.0.0")],
      after: [pkg("npm", "react", "19.0.0-rc.1")],
      expected: ["downgraded react 19.0.0→19.0.0-rc.1"],
    },
    {
      title: "several versions of one name pair within their major version",
      before: [pkg("npm", "debug", "2.6.9"), pkg("npm", "debug", "4.1.1")],
      after: [pkg("npm", "debug", "2.6.9"), pkg("npm", "debug", "4.3.4")],
      expected: ["upgraded debug 4.1.1→4.3.4"],
    },
    {
      title: "a nested copy that goes away is a removal, the other copy an upgrade",
      before: [pkg("npm", "ms", "0.7.1"), pkg("npm", "ms", "2.0.0")],
      after: [pkg("npm", "ms", "2.1.3")],
      expected: ["removed ms 0.7.1→", "upgraded ms 2.0.0→2.1.3"],
    },
    {
      title: "one more copy of a name is an addition",
      before: [pkg("npm", "lodash", "4.17.15")],
      after: [pkg("npm", "lodash", "4.17.15"), pkg("npm", "lodash", "4.17.21")],
      expected: ["added lodash →4.17.21"],
    },
    {
      title: "same version, scope or direct flag changed",
      before: [pkg("pypi", "packaging", "21.3", "prod", true)],
      after: [pkg("pypi", "packaging", "21.3", "dev", true)],
      expected: ["changed packaging 21.3→21.3"],
    },
    {
      title: "versions equal in PEP 440 but spelled differently",
      before: [pkg("pypi", "six", "1.0")],
      after: [pkg("pypi", "six", "1.0.0")],
      expected: ["changed six 1.0→1.0.0"],
    },
    {
      title: "invalid versions fall back to string order",
      before: [pkg("npm", "grunt-if", "https://github.com/binarymist/grunt-if/tarball/master")],
      after: [pkg("npm", "grunt-if", "0.2.0")],
      expected: ["downgraded grunt-if https://github.com/binarymist/grunt-if/tarball/master→0.2.0"],
    },
    {
      title: "an unpinned requirement that changes",
      before: [pkg("pypi", "flask", undefined, "prod", true, ">=2")],
      after: [pkg("pypi", "flask", undefined, "prod", true, ">=3")],
      expected: ["changed flask >=2→>=3"],
    },
    {
      title: "names of different ecosystems never pair",
      before: [pkg("npm", "six", "1.0.0")],
      after: [pkg("pypi", "six", "1.0.0")],
      expected: ["removed six 1.0.0→", "added six →1.0.0"],
    },
    {
      title: "nothing changed",
      before: [pkg("npm", "a", "1.0.0")],
      after: [pkg("npm", "a", "1.0.0")],
      expected: [],
    },
  ])("$title", ({ before, after, expected }) => {
    expect(summary(before, after)).toEqual(expected);
  });

  it("compares invalid versions as strings and valid ones by the ecosystem", () => {
    expect(compareVersions("pypi", "2.0", "10.0")).toBeLessThan(0);
    expect(compareVersions("npm", "not-a-version", "1.0.0")).toBeGreaterThan(0);
  });
});

describe("diffSnapshots on the real NodeGoat lockfiles (v1 → v2)", () => {
  const v1 = parseFixture(packageLockParser, { dir: "npm/nodegoat-v1", lockfile: "package-lock.json" });
  const v2 = parseFixture(packageLockParser, { dir: "npm/nodegoat-v2", lockfile: "package-lock.json" });
  const changes = diffSnapshots(v1, v2);

  it("finds the marked downgrade the project made on purpose (a deliberately vulnerable app)", () => {
    expect(changes.find((c) => c.name === "marked")).toEqual({
      kind: "downgraded",
      ecosystem: "npm",
      name: "marked",
      displayName: "marked",
      from: { version: "0.3.9", scope: "prod", direct: true },
      to: { version: "0.3.5", scope: "prod", direct: true },
    });
  });

  it("accounts for every name@version that appears or goes (checked with python on the raw files)", () => {
    // python: v2 − v1 has 9 name@version pairs, v1 − v2 has 7; no name appears or disappears entirely.
    const toSides = changes
      .filter((c) => c.to && c.to.version !== c.from?.version)
      .map((c) => `${c.name}@${c.to?.version}`);
    const fromSides = changes
      .filter((c) => c.from && c.from.version !== c.to?.version)
      .map((c) => `${c.name}@${c.from?.version}`);
    expect(toSides.sort()).toEqual([
      "chalk@4.1.2",
      "dom-serializer@0.2.2",
      "domelementtype@2.3.0",
      "entities@2.2.0",
      "grunt-contrib-jshint@3.2.0",
      "grunt-if@0.2.0",
      "jshint@2.13.6",
      "lodash@4.17.21",
      "marked@0.3.5",
    ]);
    expect(fromSides.length).toBe(7);
    expect(changes.filter((c) => c.kind === "added").map((c) => `${c.name}@${c.to?.version}`)).toEqual([
      "jshint@2.13.6",
      "lodash@4.17.21",
    ]);
  });

  it("is empty from a snapshot to itself, and all additions from nothing", () => {
    expect(diffSnapshots(v2, v2)).toEqual([]);
    const fromNothing = diffSnapshots(undefined, v2);
    expect(fromNothing.length).toBe(v2.packages.length);
    expect(fromNothing.every((c) => c.kind === "added")).toBe(true);
  });
});
