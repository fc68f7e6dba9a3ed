import type { VersionScheme } from "../../ecosystems/types.js";

/** The version a changelog heading names. */
export interface HeadingVersion {
  /** As written, without a leading `v` (`2.0.0-beta.1`, `2.0.0rc1`). */
  version: string;
  /** The form the scheme orders (`0.5` becomes `0.5.0` for node-semver). */
  comparable: string;
  /**
   * The heading starts with the version (after `v`, `Version`, `Release` or `name@`): such a
   * heading is a release even at another level than most releases (standard-version writes patch
   * releases one level deeper than minor ones).
   */
  leading: boolean;
}

/** How many words into a heading a version may appear ("Changes in 1.2.3", "lockkeeper 1.2.3"). */
const MAX_WORDS_BEFORE = 3;
const LEADING_PREFIX = /^(?:(?:version|release|ver|rel)\.?\s*)?$/i;
/** `name@` or `@scope/name@` (changesets, lerna). */
const PACKAGE_PREFIX = /^\S+@$/;

/**
 * The version a heading names, if any: `## [1.2.3] - 2020-01-01`, `## v1.2.3`,
 * `# 1.2.3 (2020-01-01)`, `Version 1.2.3`, `## <a name="1.2.3"></a>[1.2.3](https://…) (date)`,
 * `1.2.3 / 2020-01-01`, `pkg@1.2.3`, `**6.14.3**`, `v2.0.0-beta.1`, `2.0.0rc1`. The version must
 * be valid in `scheme` and have at least two numeric parts (so years and list numbers are not
 * versions); headings saying "unreleased" name no version.
 */
export function versionInHeading(heading: string, scheme: VersionScheme): HeadingVersion | undefined {
  const plain = stripInlineMarkup(heading);
  if (/\bunreleased\b/i.test(plain)) return undefined;
  const words = plain.split(/[\s()[\],;:/|@]+/).filter((word) => word !== "" && !/^[-–—]+$/.test(word));
  for (const word of words.slice(0, MAX_WORDS_BEFORE + 1)) {
    const candidate = word.replace(/^[vV](?=\d)/, "").replace(/[.,!]+$/, "");
    if (!/^\d+\.\d+/.test(candidate)) continue;
    const comparable = comparableForm(candidate, scheme);
    if (comparable === undefined) continue;
    const before = plain.slice(0, plain.indexOf(word));
    const leading = LEADING_PREFIX.test(before) || PACKAGE_PREFIX.test(before);
    return { version: candidate, comparable, leading };
  }
  return undefined;
}

/** The candidate, or for schemes that want three parts (node-semver) `x.y` padded to `x.y.0`. */
function comparableForm(candidate: string, scheme: VersionScheme): string | undefined {
  if (scheme.isValid(candidate)) return candidate;
  const padded = /^\d+\.\d+$/.test(candidate) ? `${candidate}.0` : undefined;
  return padded !== undefined && scheme.isValid(padded) ? padded : undefined;
}

/**
 * Heading text without HTML tags, link targets, emphasis and literal markers, in Markdown and
 * reST: `<a name="1.2.3"></a>[1.2.3](url)` → `1.2.3`, `` `text <url>`_ `` → `text`.
 */
export function stripInlineMarkup(text: string): string {
  return text
    .replace(/`([^`<]*?)\s*<[^>]*>`_{1,2}/g, "$1")
    .replace(/<[^>]*>/g, " ")
    .replace(/\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/\[([^\]]*)\]\[[^\]]*\]/g, "$1")
    .replace(/[*`[\]]|_{2,}/g, "")
    .trim();
}
