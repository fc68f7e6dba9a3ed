import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { FIXTURES } from "../../test-support/fixtures.js";
import { about, osvRecord, range } from "../advisories/matching/test-support/records.js";
import { type OsvRecord, parseOsvRecord } from "../advisories/schema/osv.js";
import { realRecordJson } from "../advisories/store/test-support/real-advisories.js";
import { packumentVersions } from "../ecosystems/npm/registry/saved-packument-versions.js";
import type { Ecosystem, PackageNode } from "../model/types.js";
import { suggestFix } from "./fix-suggestion.js";

const registry = packumentVersions(join(FIXTURES, "registry/npm"));

function real(id: string): OsvRecord {
  const parsed = parseOsvRecord(JSON.parse(realRecordJson().get(id) as string), id);
  if ("error" in parsed) throw new Error(parsed.error);
  return parsed.record;
}

function pkg(ecosystem: Ecosystem, name: string, version: string): PackageNode & { version: string } {
  return {
    id: `${ecosystem}:${name}@${version}`,
    ecosystem,
    name,
    displayName: name,
    version,
    purl: `pkg:${ecosystem}/${name}@${version}`,
    scope: "prod",
    direct: true,
    source: { kind: "registry" },
    hashes: [],
    locations: [],
  };
}

/** The `fixed` events of a record's entries, as the scanner collects them. */
function fixedOf(record: OsvRecord): string[] {
  return (record.affected ?? []).flatMap((a) =>
    (a.ranges ?? [])
      .filter((r) => r.type !== "GIT")
      .flatMap((r) => r.events.flatMap((e) => (e.fixed ? [e.fixed] : []))),
  );
}

describe("packumentVersions", () => {
  it("reads published npm versions from saved packuments; unknown otherwise", async () => {
    const gitbook = await registry("npm", "gitbook");
    expect(gitbook).toHaveLength(22);
    expect(gitbook).toContain("3.2.0-pre.0");
    expect(await registry("npm", "no-such-package-here")).toBeUndefined();
    expect(await registry("pypi", "gitbook")).toBeUndefined();
  });
});

describe("suggestFix from the registry's versions", () => {
  it("skips pre-releases and affected versions: gitbook 2.6.9 (<3.2.2) → 3.2.2", async () => {
    // gitbook publishes 3.0.0-pre.2 … 3.1.1, 3.2.0-pre.0, 3.2.0, 3.2.2, 3.2.3; NSWG-ECO-159 is <3.2.2.
    const record = real("NSWG-ECO-159");
    expect(
      suggestFix(
        pkg("npm", "gitbook", "2.6.9"),
        [record],
        fixedOf(record),
        await registry("npm", "gitbook"),
        [],
      ),
    ).toEqual({
      version: "3.2.2",
      basis: "registry",
    });
  });

  it("finds a release the advisory never names: passport-azure-ad 2.0.0 → 2.0.2", async () => {
    // NSWG-ECO-151 is ">= 1.0.0 < 1.4.6 || 2.0.0": its only fixed event (1.4.6) is below 2.0.0.
    const record = real("NSWG-ECO-151");
    const installed = pkg("npm", "passport-azure-ad", "2.0.0");
    expect(suggestFix(installed, [record], fixedOf(record), undefined, [])).toBeUndefined();
    expect(
      suggestFix(installed, [record], fixedOf(record), await registry("npm", "passport-azure-ad"), [
        "^2.0.0",
        "~2.0.0",
        "2.0.0",
      ]),
    ).toEqual({
      version: "2.0.2",
      basis: "registry",
      declaredRanges: ["^2.0.0", "~2.0.0", "2.0.0"],
      fitsDeclaredRange: false, // the exact pin does not admit 2.0.2
    });
  });

  it("considers pre-releases only when the installed version is one", () => {
    const record = osvRecord("X-1", [
      about("npm", "lib", [range("SEMVER", ["introduced", "0"], ["fixed", "1.1.0-beta.1"])]),
    ]);
    const versions = ["1.0.0", "1.1.0-beta.0", "1.1.0-beta.1", "1.1.0-beta.2", "1.1.0"];
    expect(suggestFix(pkg("npm", "lib", "1.0.0"), [record], [], versions, [])?.version).toBe("1.1.0");
    expect(suggestFix(pkg("npm", "lib", "1.1.0-beta.0"), [record], [], versions, [])?.version).toBe(
      "1.1.0-beta.1",
    );
  });

  it("needs a version clean of every record of the group", () => {
    const a = osvRecord("A", [
      about("npm", "lib", [range("SEMVER", ["introduced", "0"], ["fixed", "1.2.0"])]),
    ]);
    const b = osvRecord("B", [
      about("npm", "lib", [range("SEMVER", ["introduced", "1.2.0"], ["fixed", "1.3.1"])]),
    ]);
    const versions = ["1.1.0", "1.2.0", "1.3.0", "1.3.1", "2.0.0"];
    expect(suggestFix(pkg("npm", "lib", "1.1.0"), [a, b], [], versions, [])?.version).toBe("1.3.1");
    const unfixed = osvRecord("C", [about("npm", "lib", [range("SEMVER", ["introduced", "0"])])]);
    expect(suggestFix(pkg("npm", "lib", "1.1.0"), [unfixed], [], versions, [])).toBeUndefined();
  });
});

describe("suggestFix from the advisories' fixed versions", () => {
  it("falls back to the fixed events when no registry list is known", () => {
    const record = real("PYSEC-2020-96"); // PyYAML, introduced 5.1, fixed 5.3.1
    expect(suggestFix(pkg("pypi", "pyyaml", "5.1"), [record], fixedOf(record), undefined, [])).toEqual({
      version: "5.3.1",
      basis: "advisory",
    });
  });

  it("suggests a pre-release when it is the only clean fixed version (PyYAML 5.1 → 5.2b1)", () => {
    const record = real("PYSEC-2020-176"); // CVE-2019-20477: introduced 5.1, fixed 5.2b1
    expect(fixedOf(record)).toEqual(["5.2b1"]);
    expect(
      suggestFix(pkg("pypi", "pyyaml", "5.1"), [record], fixedOf(record), undefined, [">=5.1,<6", "==5.1"]),
    ).toEqual({
      version: "5.2b1",
      basis: "advisory",
      declaredRanges: [">=5.1,<6", "==5.1"],
      fitsDeclaredRange: false,
    });
    // With a final release among the clean fixed versions, that one wins.
    const both = osvRecord("X-2", [
      about("PyPI", "pyyaml", [range("ECOSYSTEM", ["introduced", "5.1"], ["fixed", "5.2b1"])]),
    ]);
    expect(suggestFix(pkg("pypi", "pyyaml", "5.1"), [both], ["5.2b1", "5.2"], undefined, [])?.version).toBe(
      "5.2",
    );
  });

  it("ignores fixed versions that are not newer, invalid, or still affected", () => {
    const record = osvRecord("X-3", [
      about("PyPI", "django", [
        range("ECOSYSTEM", ["introduced", "0"], ["fixed", "2.2.28"]),
        range("ECOSYSTEM", ["introduced", "3.0"], ["fixed", "3.2.13"]),
      ]),
    ]);
    const fixed = ["2.2.28", "3.2.13", "not a version"];
    expect(suggestFix(pkg("pypi", "django", "3.1"), [record], fixed, undefined, [])?.version).toBe("3.2.13");
    // 2.2.28 is newer than 2.2.1 and clean.
    expect(suggestFix(pkg("pypi", "django", "2.2.1"), [record], fixed, undefined, [])?.version).toBe(
      "2.2.28",
    );
    expect(
      suggestFix(pkg("pypi", "django", "not-a-version"), [record], fixed, undefined, []),
    ).toBeUndefined();
  });
});

describe("suggestFix: whether the fix fits the declared ranges", () => {
  const lib = osvRecord("X-4", [
    about("npm", "lib", [range("SEMVER", ["introduced", "0"], ["fixed", "1.4.2"])]),
  ]);
  const installed = pkg("npm", "lib", "1.4.0");

  it.each<[string[], boolean | undefined]>([
    [["^1.2.0"], true],
    [["~1.4.0"], true],
    [[">=1.0.0 <2.0.0"], true],
    [["~1.3.0"], false],
    [["1.4.0"], false],
    [["^1.2.0", "~1.3.0"], false], // every dependent must accept it
    [["workspace:*", "file:../lib", "github:user/lib"], undefined], // protocols say nothing
    [[], undefined],
  ])("npm %j → %s", (ranges, fits) => {
    const suggestion = suggestFix(installed, [lib], ["1.4.2"], undefined, ranges);
    expect(suggestion?.version).toBe("1.4.2");
    expect(suggestion?.fitsDeclaredRange).toBe(fits);
  });

  const django = osvRecord("X-5", [
    about("PyPI", "django", [range("ECOSYSTEM", ["introduced", "0"], ["fixed", "4.2.11"])]),
  ]);
  const installedDjango = pkg("pypi", "django", "4.2.7");

  it.each<[string[], boolean | undefined]>([
    [[">=4.2,<5.0"], true],
    [["~=4.2.0"], true],
    [["==4.2.*"], true],
    [["==4.2.7"], false],
    [["<4.2.10"], false],
    [[">=4.2,!=4.2.11"], false],
    [["~=4"], undefined], // not a valid specifier (~= needs two components): unknown, not "does not fit"
    [["^4.2"], undefined], // Poetry syntax, not PEP 440
    [["*"], undefined],
  ])("PEP 440 %j → %s", (ranges, fits) => {
    const suggestion = suggestFix(installedDjango, [django], ["4.2.11"], undefined, ranges);
    expect(suggestion?.version).toBe("4.2.11");
    expect(suggestion?.fitsDeclaredRange).toBe(fits);
  });
});
