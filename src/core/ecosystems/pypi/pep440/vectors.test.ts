import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { pep440Versioning as pep440 } from "../versioning.js";

// Vectors written by scripts/generate-pep440-vectors.py with Python's `packaging` from the PyPI
// advisory database (see that script for the formats). Every vector is checked; mismatches are
// collected so a failure lists them all rather than the first.

interface Generated {
  generator: { packaging: string };
}
type VersionCase = [input: string, normalised: string | null, prerelease: 0 | 1];
interface VersionsFile extends Generated {
  real: VersionCase[];
  synthetic: VersionCase[];
}
interface SortListsFile extends Generated {
  lists: { id: string; package: string | null; versions: string[]; order?: number[] }[];
}
interface RangeCase {
  spec: string;
  matches: string | null;
}
interface PackagesFile extends Generated {
  packages: Record<string, { sorted: string[]; ranges: RangeCase[] }>;
}
interface SpecifiersFile extends Generated {
  pool: string[];
  cases: RangeCase[];
}

function load<T>(name: string): T {
  return JSON.parse(readFileSync(new URL(`./vectors/${name}`, import.meta.url), "utf8")) as T;
}

const versions = load<VersionsFile>("versions.json");
const sortLists = load<SortListsFile>("sort-lists.json");
const packages = load<PackagesFile>("packages.json");
const specifiers = load<SpecifiersFile>("specifiers.json");

function checkVersions(cases: VersionCase[]): string[] {
  const failures: string[] = [];
  for (const [input, normalised, prerelease] of cases) {
    const valid = pep440.isValid(input);
    if (valid !== (normalised !== null)) {
      failures.push(`${JSON.stringify(input)}: valid ${valid}, packaging ${normalised !== null}`);
    } else if (normalised !== null) {
      const ours = pep440.normalise(input);
      if (ours !== normalised) failures.push(`${JSON.stringify(input)}: ${ours}, packaging ${normalised}`);
      if (pep440.isPrerelease(input) !== (prerelease === 1)) {
        failures.push(`${JSON.stringify(input)}: prerelease should be ${prerelease === 1}`);
      }
    }
  }
  return failures;
}

/** Checks `satisfies` for every pool version against the bitset packaging produced; counts checks. */
function checkRange(range: RangeCase, pool: readonly string[], failures: string[]): number {
  if (range.matches === null) {
    if (pep440.isValidRange(range.spec)) failures.push(`${JSON.stringify(range.spec)} should be invalid`);
    if (pool.some((v) => pep440.satisfies(v, range.spec))) {
      failures.push(`invalid ${JSON.stringify(range.spec)} satisfied`);
    }
    return 1;
  }
  const bits = Buffer.from(range.matches, "base64");
  pool.forEach((version, i) => {
    const expected = (((bits[i >> 3] ?? 0) >> (i & 7)) & 1) === 1;
    if (pep440.satisfies(version, range.spec) !== expected) {
      failures.push(
        `${JSON.stringify(version)} in ${JSON.stringify(range.spec)}: packaging says ${expected}`,
      );
    }
  });
  return pool.length;
}

describe(`PEP 440 vectors from packaging ${versions.generator.packaging}`, () => {
  it(`validity, normal form and pre-release flag of ${versions.real.length} advisory version strings`, () => {
    // A truncated or regenerated-empty file must not pass vacuously.
    expect(versions.real.length).toBeGreaterThan(13_000);
    expect(checkVersions(versions.real)).toEqual([]);
  });

  it(`validity and normal form of ${versions.synthetic.length} synthetic edge-case strings`, () => {
    expect(versions.synthetic.length).toBeGreaterThan(5_000);
    expect(checkVersions(versions.synthetic)).toEqual([]);
  });

  it(`sorts ${sortLists.lists.length} advisory "versions" lists exactly like sorted(key=Version)`, () => {
    expect(sortLists.lists.length).toBeGreaterThan(1_400);
    const failures: string[] = [];
    for (const list of sortLists.lists) {
      const expected = list.order ? list.order.map((i) => list.versions[i]) : list.versions;
      // Both sorts are stable from the same input order, so even equal versions land identically.
      const ours = [...list.versions].sort(pep440.compare);
      if (ours.join("\n") !== expected.join("\n")) failures.push(`${list.id} (${list.package}): compare`);
      if (pep440.sort(list.versions).join("\n") !== expected.join("\n")) failures.push(`${list.id}: sort()`);
    }
    expect(failures).toEqual([]);
  });

  const packageNames = Object.keys(packages.packages);

  it(`sorts the union of versions and range bounds of ${packageNames.length} packages`, () => {
    expect(packageNames.length).toBeGreaterThan(600);
    const failures: string[] = [];
    for (const [name, { sorted }] of Object.entries(packages.packages)) {
      // The generator sorted from code-unit string order too.
      const input = [...sorted].sort();
      if (input.sort(pep440.compare).join("\n") !== sorted.join("\n")) failures.push(`${name}: compare`);
      if (pep440.sort([...sorted].sort()).join("\n") !== sorted.join("\n")) failures.push(`${name}: sort()`);
    }
    expect(failures).toEqual([]);
  });

  it("evaluates every OSV range of every package against all of that package's versions", () => {
    const failures: string[] = [];
    let checks = 0;
    let ranges = 0;
    for (const { sorted, ranges: cases } of Object.values(packages.packages)) {
      for (const range of cases) {
        checks += checkRange(range, sorted, failures);
        ranges++;
      }
    }
    expect(failures.slice(0, 50)).toEqual([]);
    expect(ranges).toBeGreaterThan(1_800);
    expect(checks).toBeGreaterThan(240_000);
  });

  it(`evaluates ${specifiers.cases.length} tricky specifiers against ${specifiers.pool.length} versions`, () => {
    const failures: string[] = [];
    let checks = 0;
    for (const range of specifiers.cases) checks += checkRange(range, specifiers.pool, failures);
    expect(failures.slice(0, 50)).toEqual([]);
    expect(checks).toBeGreaterThan(600_000);
  });
});
