import { LockkeeperError } from "../../../errors.js";

/**
 * PEP 440 versions exactly as Python's `packaging.version.Version` (26.x) reads, prints and
 * orders them; `vectors/` holds the proof (see scripts/generate-pep440-vectors.py).
 */

/** A number inside a version. Python's ints are unbounded and real versions exceed 2^53, so
 * long digit strings become bigints; `<`/`>` compare the two kinds exactly. */
export type VersionNumber = number | bigint;

export type PreReleaseLabel = "a" | "b" | "rc";

/** A local segment part: numeric parts compare as numbers, the others as lower-case strings. */
export type LocalPart = VersionNumber | string;

export interface Pep440Version {
  readonly epoch: VersionNumber;
  readonly release: readonly VersionNumber[];
  readonly pre: readonly [PreReleaseLabel, VersionNumber] | null;
  readonly post: VersionNumber | null;
  readonly dev: VersionNumber | null;
  readonly local: readonly LocalPart[] | null;
  /** packaging's `_cmpkey` without the local segment, encoded so that string order is version order. */
  readonly publicKey: string;
  /** The whole `_cmpkey` encoded the same way: `publicKey` plus the local segment. */
  readonly sortKey: string;
}

/** What Python's `str.isspace()` (and so `\s` in `packaging`'s regexes) accepts; differs from JS `\s`. */
export const PY_WHITESPACE =
  "\\t\\n\\v\\f\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000";

// packaging's VERSION_PATTERN. Python runs it with possessive quantifiers; JS backtracks, which
// accepts the same strings here (every optional part may start with the separator the previous
// one could have swallowed) — the fuzzed vectors check that claim.
const VERSION_REGEX = new RegExp(
  `^[${PY_WHITESPACE}]*v?(?:([0-9]+)!)?([0-9]+(?:\\.[0-9]+)*)` +
    "(?:[._-]?(alpha|a|beta|b|preview|pre|c|rc)[._-]?([0-9]+)?)?" +
    "(?:-([0-9]+)|[._-]?(post|rev|r)[._-]?([0-9]+)?)?" +
    "(?:[._-]?(dev)[._-]?([0-9]+)?)?" +
    `(?:\\+([a-z0-9]+(?:[._-][a-z0-9]+)*))?[${PY_WHITESPACE}]*$`,
  // Without the `u` flag, `i` never folds non-ASCII letters (ſ, K) onto ASCII, like packaging's `(?a:)`.
  "i",
);

const PRE_LABELS: Record<string, PreReleaseLabel> = {
  a: "a",
  alpha: "a",
  b: "b",
  beta: "b",
  c: "rc",
  pre: "rc",
  preview: "rc",
  rc: "rc",
};
const PRE_RANKS: Record<PreReleaseLabel, number> = { a: 0, b: 1, rc: 2 };

/** Digits to an exact number: a double while it is exact, a bigint beyond. */
export function toVersionNumber(digits: string): VersionNumber {
  if (digits.length <= 15) return Number(digits);
  const significant = digits.replace(/^0+(?=.)/, "");
  return significant.length <= 15 ? Number(significant) : BigInt(significant);
}

// Sorting compares each version many times, so the comparison key is built once, as a string
// whose code-unit order is packaging's order (one string comparison instead of a field walk).
// Numbers: a length character then the digits, so longer numbers sort later.
function encodeNumber(n: VersionNumber): string {
  const digits = String(n);
  return (
    (digits.length < 0x7f
      ? String.fromCharCode(0x80 + digits.length)
      : `\xff${encodeNumber(digits.length)}`) + digits
  );
}
const END_OF_RELEASE = "\x01"; // below any number: `1.2` < `1.2.1`
const TEXT_PART = "\x02"; // local parts: text sorts before numbers
const NUMBER_PART = "\x03";
const END_OF_TEXT = "\x01"; // below any letter or digit: `abc` < `abcd`

/**
 * Builds a version from its parts and its sort key, which follows packaging's `_cmpkey`: the
 * epoch; the release without trailing zeros (`1.0.0` == `1`); then (preRank, preN, postRank,
 * postN, devRank, devN) where preRank is -1 for dev-only releases (`1.0.dev0` < `1.0a0`), 0/1/2
 * for a/b/rc and 3 without a pre-release, postRank 0/1 for absent/present, devRank 0 with a dev
 * segment and 1 without; then the local segment, absent < present, compared part by part.
 */
export function makeVersion(parts: Omit<Pep440Version, "publicKey" | "sortKey">): Pep440Version {
  const { epoch, release, pre, post, dev, local } = parts;
  let end = release.length;
  while (end > 0 && release[end - 1] === 0) end--;
  let key = encodeNumber(epoch);
  for (const part of release.slice(0, end)) key += encodeNumber(part);
  key += END_OF_RELEASE;
  const preRank = pre ? PRE_RANKS[pre[0]] : post === null && dev !== null ? -1 : 3;
  key += String.fromCharCode(0x10 + preRank + 1) + encodeNumber(pre ? pre[1] : 0);
  key += String.fromCharCode(post === null ? 0x10 : 0x11) + encodeNumber(post ?? 0);
  key += String.fromCharCode(dev === null ? 0x11 : 0x10) + encodeNumber(dev ?? 0);
  let sortKey = key;
  if (local) {
    for (const part of local) {
      sortKey += typeof part === "string" ? TEXT_PART + part + END_OF_TEXT : NUMBER_PART + encodeNumber(part);
    }
  }
  return {
    epoch,
    release,
    pre,
    post,
    dev,
    local,
    publicKey: key,
    sortKey,
  };
}

// Most real versions are plain `1.2.3`; packaging takes the same shortcut.
const PLAIN_RELEASE = /^[0-9]+(?:\.[0-9]+)*$/;

/** Parses without caching; null when the string is not a PEP 440 version. */
export function parseVersionUncached(text: string): Pep440Version | null {
  if (PLAIN_RELEASE.test(text)) {
    const release = text.split(".").map(toVersionNumber);
    return makeVersion({ epoch: 0, release, pre: null, post: null, dev: null, local: null });
  }
  const [, epoch, release, preLabel, preN, postN1, postLabel, postN2, devLabel, devN, local] =
    VERSION_REGEX.exec(text) ?? [];
  if (release === undefined) return null; // no match: the pattern always captures the release
  const preKind = preLabel === undefined ? undefined : PRE_LABELS[preLabel.toLowerCase()];
  return makeVersion({
    epoch: epoch ? toVersionNumber(epoch) : 0,
    release: release.split(".").map(toVersionNumber),
    pre: preKind ? [preKind, preN ? toVersionNumber(preN) : 0] : null,
    // `1.0-1` is an implicit post-release; `1.0.post` has an implicit 0.
    post: postN1 ? toVersionNumber(postN1) : postLabel ? (postN2 ? toVersionNumber(postN2) : 0) : null,
    dev: devLabel ? (devN ? toVersionNumber(devN) : 0) : null,
    local: local
      ? local
          .toLowerCase()
          .split(/[._-]/)
          .map((part) => (/^[0-9]+$/.test(part) ? toVersionNumber(part) : part))
      : null,
  });
}

// Lockfiles and advisories repeat the same few thousand strings; a bounded cache keeps a
// long-running server from growing without limit.
const CACHE_LIMIT = 100_000;
const cache = new Map<string, Pep440Version | null>();

/** Parses a version (cached by string); null when the string is not a PEP 440 version. */
export function parseVersion(text: string): Pep440Version | null {
  let parsed = cache.get(text);
  if (parsed === undefined) {
    parsed = parseVersionUncached(text);
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(text, parsed);
  }
  return parsed;
}

/** Parses a version or throws a LockkeeperError naming it. */
export function requireVersion(text: string): Pep440Version {
  const parsed = parseVersion(text);
  if (parsed === null) throw new LockkeeperError("PARSE", `Not a PEP 440 version: "${text}"`);
  return parsed;
}

/** Orders two versions, ignoring their local segments (packaging's `_public_version`). */
export function comparePublic(a: Pep440Version, b: Pep440Version): number {
  return a.publicKey < b.publicKey ? -1 : a.publicKey > b.publicKey ? 1 : 0;
}

/** Orders two parsed versions exactly like packaging (negative, zero or positive). */
export function compareParsed(a: Pep440Version, b: Pep440Version): number {
  return a.sortKey < b.sortKey ? -1 : a.sortKey > b.sortKey ? 1 : 0;
}

/** Whether a version is a pre-release in packaging's sense: it has a pre-release or dev segment. */
export function isParsedPrerelease(version: Pep440Version): boolean {
  return version.pre !== null || version.dev !== null;
}

/** The canonical form, like `str(Version(...))`: `1.0.0-ALPHA` → `1.0.0a0`, `v1.0-1` → `1.0.post1`. */
export function formatVersion(version: Pep440Version): string {
  let text = version.release.join(".");
  if (version.epoch !== 0) text = `${version.epoch}!${text}`;
  if (version.pre) text += `${version.pre[0]}${version.pre[1]}`;
  if (version.post !== null) text += `.post${version.post}`;
  if (version.dev !== null) text += `.dev${version.dev}`;
  if (version.local) text += `+${version.local.join(".")}`;
  return text;
}
