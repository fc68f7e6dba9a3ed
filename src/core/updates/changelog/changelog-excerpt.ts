import { releaseIsBreaking } from "./breaking-changes.js";
import {
  type CandidateRelease,
  type ChangelogExcerpt,
  type ReleaseRange,
  selectReleases,
} from "./changelog-release.js";
import type { ChangelogFormat } from "./find-changelog.js";
import { type HeadingVersion, versionInHeading } from "./heading-version.js";
import { type Heading, markdownHeadings, rstTitles } from "./headings.js";

export type { ChangelogExcerpt, ChangelogRelease, ReleaseRange } from "./changelog-release.js";
export { renderExcerptMarkdown } from "./render-excerpt.js";

export interface ExcerptOptions extends ReleaseRange {
  format: ChangelogFormat;
}

interface VersionedHeading {
  heading: Heading;
  version: HeadingVersion | undefined;
}

/**
 * The release sections of a changelog between `from` (excluded) and `to` (included), newest
 * first, capped by `maxChars` (see `selectReleases`). Sections are Markdown headings (ATX or
 * setext, not inside fenced code) or reST titles; a release is a heading naming a version (see
 * `versionInHeading`) at the level where most such headings live, or one that starts with its
 * version at any level. A release runs to the next release or to a heading at or above the
 * outermost release level. Undefined when no heading names a version: the file is not a
 * changelog this can read. Throws a USAGE error when `from` or `to` is not a version of `scheme`.
 */
export function excerptChangelog(text: string, options: ExcerptOptions): ChangelogExcerpt | undefined {
  const lines = text.replace(/\r\n?/g, "\n").split("\n");
  const headings = options.format === "rst" ? rstTitles(lines) : markdownHeadings(lines);
  const versioned: VersionedHeading[] = headings.map((heading) => ({
    heading,
    version: versionInHeading(heading.text, options.scheme),
  }));
  const releaseLevel = mostCommonLevel(versioned.filter((entry) => entry.version !== undefined));
  if (releaseLevel === undefined) return undefined;
  const isRelease = (entry: VersionedHeading): boolean =>
    entry.version !== undefined && (entry.heading.level === releaseLevel || entry.version.leading);
  const outermost = Math.min(...versioned.filter(isRelease).map((entry) => entry.heading.level));

  const candidates: CandidateRelease[] = [];
  versioned.forEach((entry, index) => {
    if (!isRelease(entry) || entry.version === undefined) return;
    const following = versioned
      .slice(index + 1)
      .find((later) => isRelease(later) || later.heading.level <= outermost);
    const end = following?.heading.start ?? lines.length;
    const body = trimBlankLines(lines.slice(entry.heading.end, end)).join("\n");
    candidates.push({
      comparable: entry.version.comparable,
      release: {
        version: entry.version.version,
        heading: entry.heading.text,
        body,
        breaking: releaseIsBreaking(entry.heading.text, body, options.format),
      },
    });
  });
  return { format: options.format, ...selectReleases(candidates, options) };
}

/** The level most version headings have; the outer one on a tie. */
function mostCommonLevel(entries: readonly VersionedHeading[]): number | undefined {
  const counts = new Map<number, number>();
  for (const { heading } of entries) counts.set(heading.level, (counts.get(heading.level) ?? 0) + 1);
  let best: { level: number; count: number } | undefined;
  for (const [level, count] of counts) {
    if (!best || count > best.count || (count === best.count && level < best.level)) best = { level, count };
  }
  return best?.level;
}

/** conventional-changelog puts `<a name="1.2.3"></a>` on its own line above the next release's heading. */
const ANCHOR_LINE = /^\s*<a\s+(?:name|id)=["'][^"']*["']\s*>\s*<\/a>\s*$/i;

/** Without leading and trailing blank lines, nor a trailing anchor of the next release. */
function trimBlankLines(lines: readonly string[]): string[] {
  const isBlank = (line: string): boolean => line.trim() === "";
  const start = lines.findIndex((line) => !isBlank(line));
  if (start < 0) return [];
  const end = lines.findLastIndex((line) => !isBlank(line) && !ANCHOR_LINE.test(line));
  return lines.slice(start, end + 1).map((line) => line.trimEnd());
}
