import { isBreakingHeading, isBreakingLine } from "./breaking-changes.js";
import type { ChangelogExcerpt, ChangelogRelease } from "./changelog-release.js";
import { stripInlineMarkup } from "./heading-version.js";
import { codeFenceMask, type Heading, markdownHeadings } from "./headings.js";
import { rstToMarkdown } from "./rst-to-markdown.js";

/** Releases sit under `###` in the pull-request description; their own headings go below that. */
const RELEASE_LEVEL = 3;

/**
 * Markdown for a pull-request description: one `### <version>` per release (linked when the
 * release has a page), its notes below with their headings moved under it (reST converted, see
 * `rstToMarkdown`), and breaking changes in a `> [!WARNING]` callout: a breaking sub-section is
 * quoted in one, breaking lines elsewhere are listed in one at the top of the release, and a
 * release only its heading marks as breaking gets a short one. A note follows when the excerpt
 * was truncated.
 */
export function renderExcerptMarkdown(excerpt: ChangelogExcerpt): string {
  const parts: string[] = [];
  for (const release of excerpt.releases) {
    const title = release.url ? `[${release.version}](${release.url})` : release.version;
    parts.push(`${"#".repeat(RELEASE_LEVEL)} ${title}`);
    const body = excerpt.format === "rst" ? rstToMarkdown(release.body) : release.body;
    const rendered = renderBody(body, release).trim();
    if (rendered !== "") parts.push(rendered);
  }
  if (excerpt.truncated) {
    parts.push(
      "_Older releases in this range are left out to keep this description short: see the full changelog._",
    );
  }
  return `${parts.join("\n\n")}\n`;
}

function renderBody(body: string, release: ChangelogRelease): string {
  const lines = body.split("\n");
  const inCode = codeFenceMask(lines);
  const headings = markdownHeadings(lines);
  const outermost = Math.min(...headings.map((heading) => heading.level));
  const output: string[] = [];
  const loneBreakingLines: string[] = [];
  let quoting: Heading | undefined;
  let hasBreakingSection = false;
  let next = 0;
  let inHeadingUntil = 0;
  for (const [i, line] of lines.entries()) {
    if (i < inHeadingUntil) continue;
    const heading = headings[next];
    if (heading?.start === i) {
      next++;
      inHeadingUntil = heading.end;
      const level = Math.min(6, RELEASE_LEVEL + 1 + heading.level - outermost);
      if (quoting && heading.level > quoting.level) {
        output.push(`> ${"#".repeat(level)} ${heading.text}`);
        continue;
      }
      if (quoting) endQuote(output);
      quoting = undefined;
      if (isBreakingHeading(heading.text)) {
        quoting = heading;
        hasBreakingSection = true;
        output.push("", "> [!WARNING]", `> **${breakingTitle(heading.text)}**`, ">");
      } else {
        output.push("", `${"#".repeat(level)} ${heading.text}`, "");
      }
      continue;
    }
    if (quoting) {
      if (line.trim() !== "") output.push(`> ${line}`);
      else if (output.at(-1) !== ">") output.push(">");
    } else {
      output.push(line);
      if (!inCode[i] && isBreakingLine(line)) loneBreakingLines.push(line.trim());
    }
  }
  if (quoting) endQuote(output);
  const callout = releaseCallout(release, hasBreakingSection, loneBreakingLines);
  return [...callout, ...output].join("\n").replace(/\n{3,}/g, "\n\n");
}

/** Closes a callout: no empty quoted lines at its end, a blank line after it. */
function endQuote(output: string[]): void {
  while (output.at(-1) === ">") output.pop();
  output.push("");
}

/** The callout at the top of a breaking release whose breaking changes are not a section of their own. */
function releaseCallout(release: ChangelogRelease, hasSection: boolean, lines: readonly string[]): string[] {
  if (lines.length > 0) {
    const items = lines.map((line) => (/^[-*+] /.test(line) ? `> ${line}` : `> - ${line}`));
    return ["> [!WARNING]", "> **Breaking changes**", ">", ...items, ""];
  }
  if (release.breaking && !hasSection) {
    return ["> [!WARNING]", "> **Breaking changes**: this release is marked as breaking.", ""];
  }
  return [];
}

/** "Breaking changes", naming the changelog's own title when it says more ("Deprecations and Removals"). */
function breakingTitle(heading: string): string {
  const plain = stripInlineMarkup(heading).replace(/^[^\p{L}]+/u, "");
  return /^breaking(?: changes?)?$/i.test(plain) ? "Breaking changes" : `Breaking changes: ${plain}`;
}
