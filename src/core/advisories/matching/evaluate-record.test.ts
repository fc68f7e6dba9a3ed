import { describe, expect, it } from "vitest";
import { evaluateRecord, isAboutPackage } from "./evaluate-record.js";
import { about, osvRecord, range } from "./test-support/records.js";

const SHA_A = "6f1a6b0b2e9f4b5c8d7e6f5a4b3c2d1e0f9a8b7c";
const SHA_B = "0a1b2c3d4e5f60718293a4b5c6d7e8f901234567";

describe("evaluateRecord", () => {
  it("is affected when any range of an entry includes the version", () => {
    const record = osvRecord("GHSA-many-rang-es00", [
      about("npm", "minimist", [
        range("SEMVER", ["introduced", "0"], ["fixed", "0.2.1"]),
        range("SEMVER", ["introduced", "1.0.0"], ["fixed", "1.2.3"]),
      ]),
    ]);
    const table = {
      "0.0.8": true,
      "0.2.1": false,
      "0.2.4": false,
      "1.2.0": true,
      "1.2.3": false,
      "1.2.6": false,
    };
    const actual = Object.fromEntries(
      Object.keys(table).map((v) => [v, evaluateRecord(record, "npm", "minimist", v).affected]),
    );
    expect(actual).toEqual(table);
    const evaluation = evaluateRecord(record, "npm", "minimist", "1.2.0");
    expect(evaluation.entries).toHaveLength(1);
    expect(evaluation.entries[0]?.ranges.map((r) => r.vulnerable)).toEqual([false, true]);
    expect(evaluation.entries[0]?.fixed).toEqual(["0.2.1", "1.2.3"]);
  });

  it("evaluates only the entries about the package, any of which may match", () => {
    const record = osvRecord("PYSEC-0000-1", [
      about("PyPI", "other-package", [range("ECOSYSTEM", ["introduced", "0"])]),
      about("PyPI", "jinja2", [range("ECOSYSTEM", ["introduced", "2.0"], ["fixed", "2.10.1"])]),
      about("PyPI", "Jinja2", [range("ECOSYSTEM", ["introduced", "3.0"], ["fixed", "3.1.3"])]),
      about("npm", "jinja2", [range("SEMVER", ["introduced", "0"])]),
    ]);
    const r2 = evaluateRecord(record, "pypi", "jinja2", "2.10");
    expect(r2.entries.map((e) => [e.index, e.affected])).toEqual([
      [1, true],
      [2, false],
    ]);
    expect(r2.affected).toBe(true);
    expect(evaluateRecord(record, "pypi", "jinja2", "3.1.2").entries.map((e) => e.affected)).toEqual([
      false,
      true,
    ]);
    expect(evaluateRecord(record, "pypi", "jinja2", "2.11.3").affected).toBe(false);
    expect(evaluateRecord(record, "pypi", "jinja2", "3.1.3").entries.flatMap((e) => e.fixed)).toEqual([
      "2.10.1",
      "3.1.3",
    ]);
  });

  it("skips GIT ranges, with the reason, while an ECOSYSTEM range still matches", () => {
    const record = osvRecord("PYSEC-0000-2", [
      about("PyPI", "pillow", [
        range("GIT", ["introduced", SHA_A], ["fixed", SHA_B]),
        range("ECOSYSTEM", ["introduced", "0"], ["fixed", "9.0.1"]),
      ]),
    ]);
    const result = evaluateRecord(record, "pypi", "pillow", "9.0.0");
    expect(result.affected).toBe(true);
    expect(result.entries[0]?.ranges[0]).toMatchObject({ type: "GIT", vulnerable: false });
    expect(result.entries[0]?.ranges[0]?.skipped).toMatch(/GIT ranges need the repository's commit graph/);
    expect(result.entries[0]?.fixed).toEqual(["9.0.1"]); // commit hashes are no versions to suggest
    expect(evaluateRecord(record, "pypi", "pillow", "9.0.1").affected).toBe(false);
  });

  it("skips a range with an invalid event but still honours the versions list", () => {
    // The shape of PYSEC-2019-125: `fixed: 2019-09-12` is a date, not a PEP 440 version.
    const record = osvRecord("PYSEC-0000-3", [
      about(
        "PyPI",
        "steam",
        [range("ECOSYSTEM", ["introduced", "0"], ["fixed", "2019-09-12"])],
        ["1.0", "1.1"],
      ),
    ]);
    const listed = evaluateRecord(record, "pypi", "steam", "1.1");
    expect(listed.affected).toBe(true);
    expect(listed.entries[0]?.listedVersion).toBe("1.1");
    expect(listed.entries[0]?.ranges[0]?.skipped).toBe('fixed "2019-09-12" is not a valid PEP 440 version');
    expect(evaluateRecord(record, "pypi", "steam", "1.2").affected).toBe(false);
  });

  it("does not match an installed version the ordering cannot read, except by exact listing", () => {
    const record = osvRecord("NSWG-ECO-0", [
      about("npm", "hapi", [range("SEMVER", ["introduced", "0"], ["fixed", "2.0.0"])], ["0.5.1c"]),
    ]);
    const unlisted = evaluateRecord(record, "npm", "hapi", "1.0");
    expect(unlisted.affected).toBe(false);
    expect(unlisted.entries[0]?.ranges[0]?.skipped).toBe(
      'installed version "1.0" is not a valid SemVer 2.0 (node-semver) version',
    );
    expect(evaluateRecord(record, "npm", "hapi", "0.5.1c").affected).toBe(true);
  });

  it("compares the versions list by meaning (PEP 440 1.0 == 1.0.0), else by exact string", () => {
    const record = osvRecord("PYSEC-0000-4", [about("PyPI", "pyyaml", [], ["1.0", "2.0rc1", "0.7.1.fix1"])]);
    const cases = {
      "1.0": "1.0",
      "1.0.0": "1.0",
      "1": "1.0",
      "2.0.0rc1": "2.0rc1",
      "2.0c1": "2.0rc1",
      "1.0.post1": undefined,
      "1.0+local": undefined,
      "0.7.1.fix1": "0.7.1.fix1",
      "0.7.1": undefined,
    };
    const actual = Object.fromEntries(
      Object.keys(cases).map((v) => [
        v,
        evaluateRecord(record, "pypi", "pyyaml", v).entries[0]?.listedVersion,
      ]),
    );
    expect(actual).toEqual(cases);
    expect(evaluateRecord(record, "pypi", "pyyaml", "1.0.0").affected).toBe(true);
    expect(evaluateRecord(record, "pypi", "pyyaml", "1.0.post1").affected).toBe(false);
  });

  it("matches PyPI names after PEP 503 normalisation on the record side; npm names exactly", () => {
    const django = osvRecord("PYSEC-0000-5", [
      about("PyPI", "Django", [range("ECOSYSTEM", ["introduced", "0"])]),
    ]);
    const zope = osvRecord("PYSEC-0000-6", [
      about("PyPI", "zope.interface", [range("ECOSYSTEM", ["introduced", "0"])]),
    ]);
    expect(evaluateRecord(django, "pypi", "django", "4.2").affected).toBe(true);
    expect(evaluateRecord(zope, "pypi", "zope-interface", "5.0").affected).toBe(true);
    expect(
      isAboutPackage({ package: { ecosystem: "PyPI", name: "Zope_Interface" } }, "pypi", "zope-interface"),
    ).toBe(true);
    // Ecosystems are case-sensitive OSV names, and npm package names are identities.
    expect(isAboutPackage({ package: { ecosystem: "pypi", name: "django" } }, "pypi", "django")).toBe(false);
    expect(isAboutPackage({ package: { ecosystem: "npm", name: "Lodash" } }, "npm", "lodash")).toBe(false);
    expect(isAboutPackage({ package: { ecosystem: "npm", name: "django" } }, "pypi", "django")).toBe(false);
    expect(isAboutPackage({}, "npm", "lodash")).toBe(false);
  });

  it("never matches a withdrawn record, but still explains its entries", () => {
    const record = osvRecord(
      "GHSA-with-draw-n000",
      [about("npm", "left-pad", [range("SEMVER", ["introduced", "0"], ["fixed", "1.3.0"])])],
      { withdrawn: "2024-02-01T00:00:00Z" },
    );
    const result = evaluateRecord(record, "npm", "left-pad", "1.1.3");
    expect(result.affected).toBe(false);
    expect(result.withdrawn).toBe("2024-02-01T00:00:00Z");
    expect(result.entries[0]?.affected).toBe(true);
  });

  it("is not affected by a record with no entry for the package", () => {
    const record = osvRecord("GHSA-none-0000-0000", [
      about("npm", "express", [range("SEMVER", ["introduced", "0"])]),
    ]);
    expect(evaluateRecord(record, "npm", "koa", "2.0.0")).toEqual({
      recordId: "GHSA-none-0000-0000",
      entries: [],
      affected: false,
    });
    expect(evaluateRecord(osvRecord("X-1", []), "npm", "koa", "2.0.0").affected).toBe(false);
  });
});
