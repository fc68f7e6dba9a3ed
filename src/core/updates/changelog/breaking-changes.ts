import type { ChangelogFormat } from "./find-changelog.js";
import { stripInlineMarkup } from "./heading-version.js";
import { codeFenceMask, markdownHeadings, rstTitles } from "./headings.js";

/**
 * Whether a release's notes mark breaking changes: its heading, a sub-heading of its body, or a
 * line of its body outside Markdown code fences (reST literal blocks are read too: a marker line
 * in one is improbable).
 */
export function releaseIsBreaking(heading: string, body: string, format: ChangelogFormat): boolean {
  if (isBreakingHeading(heading)) return true;
  const lines = body.split("\n");
  const subHeadings = format === "rst" ? rstTitles(lines) : markdownHeadings(lines);
  if (subHeadings.some((sub) => isBreakingHeading(sub.text))) return true;
  const inCode = format === "rst" ? [] : codeFenceMask(lines);
  return lines.some((line, index) => !inCode[index] && isBreakingLine(line));
}

/**
 * Section titles that announce breaking changes: "BREAKING CHANGES", "⚠ Breaking", "Backwards
 * incompatible changes", towncrier's "Deprecations and Removals", pytest's "Removals and backward
 * incompatible breaking changes". "Non-breaking" ones do not.
 */
export function isBreakingHeading(text: string): boolean {
  const plain = stripInlineMarkup(text);
  if (/\bnon[- ]?breaking\b/i.test(plain)) return false;
  return /\bbreaking\b|\bbackwards?[- ]incompatib|\bincompatible changes\b|\bremovals?\b/i.test(plain);
}

/**
 * A line that marks itself as a breaking change at its start: `BREAKING CHANGE: …`,
 * `- BREAKING: …`, `* **Breaking Change:** …`, `- [Breaking] …`, `**Breaking changes**`,
 * `Backwards incompatible: …`. Prose that merely mentions a breaking change does not count.
 */
export function isBreakingLine(line: string): boolean {
  return BREAKING_LINE.test(line);
}

const BREAKING_LINE = new RegExp(
  [
    String.raw`^\s*(?:>\s*)?(?:[-*+]|\d{1,9}[.)])?\s*`, // quote, list marker
    String.raw`(?:\*\*|__|\[|\(|\x60)?\s*(?:⚠️?\s*)?`, // opening emphasis or bracket, warning sign
    "(?:breaking(?:[ _-]changes?)?|backwards?[- ]incompatible(?:[ -]changes?)?)",
    String.raw`(?:\s*(?:\*\*|__)?\s*[:!—–-]|\s*[\])\x60]|\s*(?:\*\*|__)?\s*$)`, // then ":", a closing bracket, or the end
  ].join(""),
  "i",
);
