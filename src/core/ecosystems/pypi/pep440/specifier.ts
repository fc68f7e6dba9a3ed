import { compatiblePrefix, matchesPrefix, type VersionPrefix, wildcardPrefix } from "./prefix-match.js";
import {
  compareParsed,
  comparePublic,
  isParsedPrerelease,
  makeVersion,
  type Pep440Version,
  PY_WHITESPACE,
  parseVersion,
} from "./version.js";

/**
 * PEP 440 version specifiers (`>=1.0,!=1.3.*,<2`) with the semantics of packaging's
 * `SpecifierSet(text).contains(version, prereleases=True)`.
 *
 * Pre-releases are always considered (`prereleases=True`), unlike pip's default of hiding them
 * when a final release also matches: OSV ranges and "which versions does this requirement allow"
 * questions must see `2.0rc1` inside `>=1.0`, and that default depends on the *other* candidate
 * versions, which a single yes/no question does not have.
 */

export type Operator = "~=" | "==" | "!=" | "<=" | ">=" | "<" | ">" | "===";

/** One clause of a specifier set, with what its operator needs precomputed. */
export interface Specifier {
  readonly operator: Operator;
  /** The version text as written after the operator (trimmed). */
  readonly version: string;
  /** The version parsed; null only for `===`, which compares strings. */
  readonly parsed: Pep440Version | null;
  /** For `==X.*`, `!=X.*` and `~=`. */
  readonly prefix: VersionPrefix | null;
  /** For `<`: the earliest pre-release of the version (`V.dev0`), which `<V` must exclude from. */
  readonly earliestPrerelease: Pep440Version | null;
}

export interface SpecifierSet {
  readonly specifiers: readonly Specifier[];
}

const WS = `[${PY_WHITESPACE}]`;
const PRE = "(?:[-_.]?(?:alpha|beta|preview|pre|a|b|c|rc)[-_.]?[0-9]*)?";
const POST = "(?:-[0-9]+|[-_.]?(?:post|rev|r)[-_.]?[0-9]*)?";
const DEV = "(?:[-_.]?dev[-_.]?[0-9]*)?";
const RELEASE = "v?(?:[0-9]+!)?[0-9]+(?:\\.[0-9]+)*";

// packaging's Specifier regex, one alternative per operator family.
const SPECIFIER_REGEX = new RegExp(
  `^${WS}*(?:` +
    `===${WS}*[^${PY_WHITESPACE};)]*` +
    `|(?:==|!=)${WS}*${RELEASE}(?:\\.\\*|${PRE}${POST}${DEV}(?:\\+[a-z0-9]+(?:[-_.][a-z0-9]+)*)?)?` +
    `|~=${WS}*v?(?:[0-9]+!)?[0-9]+(?:\\.[0-9]+)+${PRE}${POST}${DEV}` +
    `|(?:<=|>=|<|>)${WS}*${RELEASE}${PRE}${POST}${DEV}` +
    `)${WS}*$`,
  "i",
);
const STRIP = new RegExp(`^${WS}+|${WS}+$`, "g");

/** Python's `str.strip()`, whose whitespace differs from JS `trim()`. */
function pyStrip(text: string): string {
  return text.replace(STRIP, "");
}

function parseSpecifier(text: string): Specifier | null {
  if (!SPECIFIER_REGEX.test(text)) return null;
  const spec = pyStrip(text);
  const width = spec.startsWith("===") ? 3 : /^(?:~=|==|!=|<=|>=)/.test(spec) ? 2 : 1;
  const operator = spec.slice(0, width) as Operator;
  const version = pyStrip(spec.slice(width));
  if (operator === "===") {
    return { operator, version, parsed: null, prefix: null, earliestPrerelease: null };
  }
  const wildcard = version.endsWith(".*");
  const parsed = parseVersion(wildcard ? version.slice(0, -2) : version);
  // The regex should guarantee a version; packaging would fail an assertion if it did not.
  if (parsed === null) return null;
  return {
    operator,
    version,
    parsed,
    prefix: wildcard
      ? wildcardPrefix(version.slice(0, -2))
      : operator === "~="
        ? compatiblePrefix(version)
        : null,
    earliestPrerelease: operator === "<" ? makeVersion({ ...parsed, dev: 0, local: null }) : null,
  };
}

/** packaging's `_post_base`: the release a post-release follows (`1.0.post1` → `1.0`). */
function postBase(version: Pep440Version): Pep440Version {
  return makeVersion({ ...version, post: null, dev: null, local: null });
}

function matchesSpecifier(spec: Specifier, specVersion: Pep440Version, candidate: Pep440Version): boolean {
  switch (spec.operator) {
    case "==":
    case "!=": {
      const equal = spec.prefix
        ? matchesPrefix(candidate, spec.prefix)
        : // Without a local label in the specifier, `1.0+anything` counts as `1.0`.
          (specVersion.local
            ? compareParsed(candidate, specVersion)
            : comparePublic(candidate, specVersion)) === 0;
      return spec.operator === "==" ? equal : !equal;
    }
    case "~=":
      return (
        comparePublic(candidate, specVersion) >= 0 && matchesPrefix(candidate, spec.prefix as VersionPrefix)
      );
    case "<=":
      return comparePublic(candidate, specVersion) <= 0;
    case ">=":
      return comparePublic(candidate, specVersion) >= 0;
    case "<":
      // `<V` excludes V's own pre-releases unless V is one.
      return (
        compareParsed(candidate, specVersion) < 0 &&
        (isParsedPrerelease(specVersion) ||
          !isParsedPrerelease(candidate) ||
          compareParsed(candidate, spec.earliestPrerelease as Pep440Version) < 0)
      );
    case ">":
      // `>V` excludes V's post-releases (unless V is one) and V's local versions.
      return (
        compareParsed(candidate, specVersion) > 0 &&
        !(
          specVersion.post === null &&
          candidate.post !== null &&
          compareParsed(postBase(candidate), specVersion) === 0
        ) &&
        !(candidate.local !== null && comparePublic(candidate, specVersion) === 0)
      );
    default:
      return false;
  }
}

const CACHE_LIMIT = 20_000;
const cache = new Map<string, SpecifierSet | null>();

/** Parses a comma-separated specifier set (cached); null when any clause is invalid. */
export function parseSpecifierSet(text: string): SpecifierSet | null {
  let parsed = cache.get(text);
  if (parsed === undefined) {
    const specifiers: Specifier[] = [];
    let valid = true;
    for (const part of text.split(",")) {
      const clause = pyStrip(part);
      if (clause === "") continue;
      const spec = parseSpecifier(clause);
      if (spec === null) {
        valid = false;
        break;
      }
      specifiers.push(spec);
    }
    parsed = valid ? { specifiers } : null;
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(text, parsed);
  }
  return parsed;
}

/**
 * `SpecifierSet.contains(version, prereleases=True)`: every clause must match. An empty set
 * matches anything, even a string that is not a version (as packaging does); otherwise only
 * `===` clauses can match a non-version, by case-insensitive string equality on the raw text.
 */
export function specifierSetContains(set: SpecifierSet, version: string): boolean {
  if (set.specifiers.length === 0) return true;
  const candidate = parseVersion(version);
  let lowered: string | undefined;
  for (const spec of set.specifiers) {
    if (spec.parsed === null) {
      lowered ??= version.toLowerCase();
      if (lowered !== spec.version.toLowerCase()) return false;
    } else if (candidate === null || !matchesSpecifier(spec, spec.parsed, candidate)) {
      return false;
    }
  }
  return true;
}
