import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { FIXTURES } from "../../../test-support/fixtures.js";
import { orderFor } from "./test-support/version-orders.js";
import { findListedVersion, type VersionOrder, versionOrderFor } from "./version-order.js";

const SEMVER = orderFor("SEMVER", "npm");
const NPM = orderFor("ECOSYSTEM", "npm");
const PEP440 = orderFor("ECOSYSTEM", "pypi");

/** Published versions of a real npm package (abbreviated packument). */
function npmVersions(name: string): string[] {
  const packument = JSON.parse(readFileSync(join(FIXTURES, "registry/npm", `${name}.json`), "utf8"));
  return Object.keys(packument.versions);
}

/** The PEP 440 pool of a package from the matching vectors: real versions and boundary spellings. */
function pypiPool(name: string): string[] {
  const vectors = JSON.parse(readFileSync(new URL("./vectors/pypi-osv-match.json", import.meta.url), "utf8"));
  const pool = vectors.packages[name] as { real: string[]; boundary: string[] };
  return [...pool.real, ...pool.boundary];
}

/** Every pair where "same key" and "compare says equal" disagree. */
function keyDisagreements(order: VersionOrder, versions: string[]): string[] {
  const valid = versions.filter((v) => order.isValid(v));
  const wrong: string[] = [];
  for (const a of valid) {
    for (const b of valid) {
      if ((order.key(a) === order.key(b)) !== (order.compare(a, b) === 0)) wrong.push(`${a} ${b}`);
    }
  }
  return wrong;
}

describe("versionOrderFor", () => {
  it("orders SEMVER with node-semver, ECOSYSTEM with the ecosystem's scheme, GIT not at all", () => {
    expect(SEMVER.name).toBe("SemVer 2.0 (node-semver)");
    expect(NPM.name).toBe("npm (node-semver)");
    expect(PEP440.name).toBe("PEP 440");
    expect(versionOrderFor("GIT", "npm")).toBeUndefined();
    expect(NPM.compare("1.10.0", "1.9.0")).toBe(1);
    expect(NPM.compare("1.0.0-rc.1", "1.0.0")).toBe(-1);
    expect(PEP440.compare("1.0rc1", "1.0")).toBe(-1);
    expect(PEP440.compare("1.0.post1", "1.0")).toBe(1);
    expect(SEMVER.isValid("1.2")).toBe(false);
    expect(PEP440.isValid("1.2")).toBe(true);
    expect(() => SEMVER.compare("1.2", "1.2.0")).toThrow(TypeError);
  });

  it("gives equal keys exactly to versions that compare equal (real npm versions)", () => {
    const versions = [
      ...npmVersions("gitbook"),
      ...npmVersions("total.js"),
      "1.0.0+build.1",
      "1.0.0",
      "v1.0.0",
    ];
    expect(versions.length).toBeGreaterThan(60);
    expect(keyDisagreements(NPM, versions)).toEqual([]);
    expect(NPM.key("1.0.0+build.1")).toBe(NPM.key("1.0.0"));
    expect(NPM.key("not.a.version")).toBeUndefined();
  });

  it("gives equal keys exactly to versions that compare equal (PEP 440, PyYAML's and Jinja2's pools)", () => {
    const versions = [
      ...pypiPool("pyyaml"),
      ...pypiPool("jinja2"),
      "1.0",
      "1.0.0",
      "1!1.0",
      "1.0+local",
      "v1.0",
    ];
    expect(keyDisagreements(PEP440, versions)).toEqual([]);
    expect(PEP440.key("1.0")).toBe(PEP440.key("1.0.0"));
    expect(PEP440.key("1.0c1")).toBe(PEP440.key("1.0rc1"));
    expect(PEP440.key("1.0+local")).not.toBe(PEP440.key("1.0"));
  });
});

describe("findListedVersion", () => {
  it("finds the first item equal by meaning, in list order", () => {
    const list = ["0.9", "1.0", "1.0.0", "2.0rc1"];
    expect(findListedVersion(PEP440, list, "1.0.0")).toBe("1.0");
    expect(findListedVersion(PEP440, list, "1")).toBe("1.0");
    expect(findListedVersion(PEP440, list, "2.0c1")).toBe("2.0rc1");
    expect(findListedVersion(PEP440, list, "2.0")).toBeUndefined();
  });

  it("matches versions the ordering cannot read by exact text only", () => {
    const list = ["0.7.10p1", "2.0.0-final", "1.0.0"];
    expect(findListedVersion(PEP440, list, "0.7.10p1")).toBe("0.7.10p1");
    expect(findListedVersion(PEP440, list, "0.7.10P1")).toBeUndefined();
    expect(findListedVersion(NPM, ["0.5.1c", "1.0.0"], "0.5.1c")).toBe("0.5.1c");
  });

  it("indexes a list per ordering", () => {
    const list = ["1.0", "1.0.0"];
    expect(findListedVersion(PEP440, list, "1.0.0")).toBe("1.0");
    // In SemVer "1.0" is no version: only the exact text matches.
    expect(findListedVersion(NPM, list, "1.0.0")).toBe("1.0.0");
    expect(findListedVersion(NPM, list, "1.0")).toBe("1.0");
    expect(findListedVersion(PEP440, list, "1.0.0")).toBe("1.0");
  });
});
