import type { VersionScheme } from "../types.js";
import { parseSpecifierSet, specifierSetContains } from "./pep440/specifier.js";
import {
  compareParsed,
  formatVersion,
  isParsedPrerelease,
  type Pep440Version,
  parseVersion,
  requireVersion,
} from "./pep440/version.js";

/** PEP 440 as a VersionScheme, plus the PyPI-only operations callers need. */
export interface Pep440Scheme extends VersionScheme {
  /** The canonical spelling, like Python's `str(Version(v))`; throws for invalid versions. */
  normalise(version: string): string;
  /**
   * A sorted copy (stable, ascending), parsing each version once: faster than
   * `list.sort(compare)` for long lists. Throws for invalid versions.
   */
  sort(versions: readonly string[]): string[];
}

// Array#sort keeps passing the same element in one argument position (binary insertion's pivot,
// merge galloping), so remembering the last string per position skips most cache lookups.
let lastA: { text: string; version: Pep440Version } | undefined;
let lastB: { text: string; version: Pep440Version } | undefined;

function compare(a: string, b: string): number {
  if (lastA?.text !== a) lastA = { text: a, version: requireVersion(a) };
  if (lastB?.text !== b) lastB = { text: b, version: requireVersion(b) };
  return compareParsed(lastA.version, lastB.version);
}

function sort(versions: readonly string[]): string[] {
  const keyed = versions.map((text) => ({ text, key: requireVersion(text).sortKey }));
  keyed.sort((x, y) => (x.key < y.key ? -1 : x.key > y.key ? 1 : 0));
  return keyed.map((entry) => entry.text);
}

/**
 * PEP 440 versions and specifier sets, identical to Python's `packaging` (checked against
 * vectors generated from the PyPI advisory database, see scripts/generate-pep440-vectors.py).
 *
 * `satisfies(version, range)` is `SpecifierSet(range).contains(version, prereleases=True)`:
 * pre-releases are always considered, because OSV matching and "wanted" computations ask about
 * one given version, not "which release would pip pick". It is false for an invalid range (see
 * `isValidRange`). Note that PEP 440's `<2.0` excludes `2.0rc1`: OSV's ECOSYSTEM events must be
 * matched with `compare`, not turned into specifiers.
 *
 * Parsed versions and ranges are cached by string.
 */
export const pep440Versioning: Pep440Scheme = {
  name: "PEP 440",
  // PEP 440 compare is exactly a comparison of these keys.
  key: (version) => parseVersion(version)?.sortKey,
  isValid: (version) => parseVersion(version) !== null,
  compare,
  satisfies: (version, range) => {
    const set = parseSpecifierSet(range);
    return set !== null && specifierSetContains(set, version);
  },
  normalise: (version) => formatVersion(requireVersion(version)),
  isPrerelease: (version) => isParsedPrerelease(requireVersion(version)),
  isValidRange: (range) => range.trim() !== "" && parseSpecifierSet(range) !== null,
  sort,
};
