import { rstTitles } from "./headings.js";

/**
 * A cheap reStructuredText to Markdown conversion for release notes: section titles become ATX
 * headings (by title level), ``` ``literal`` ``` becomes `` `literal` ``, `` `text <url>`_ ``
 * becomes a link, issue roles (`:issue:`12``) become `#12` and other roles code spans, `#.`
 * items become `1.`; link target lines are dropped. Bullet lists read the same in both and stay.
 * Directives and tables are left as they are.
 */
export function rstToMarkdown(text: string): string {
  const lines = text.split("\n");
  const titles = rstTitles(lines);
  const output: string[] = [];
  let title = 0;
  let inTitleUntil = 0;
  for (const [i, line] of lines.entries()) {
    if (i < inTitleUntil) continue;
    const heading = titles[title];
    if (heading?.start === i) {
      output.push(`${"#".repeat(Math.min(heading.level, 6))} ${rstInline(heading.text)}`);
      inTitleUntil = heading.end;
      title++;
      continue;
    }
    if (/^\.\. _[^:]+:/.test(line)) continue;
    output.push(rstInline(line).replace(/^(\s*)#\.(\s)/, "$11.$2"));
  }
  return output.join("\n");
}

function rstInline(line: string): string {
  return line
    .replace(/:(?:issue|pr|pull|gh|bug):`#?(\d+)`/g, "#$1")
    .replace(/:[\w:.-]+:`([^`<]*?)\s*<[^>]*>`/g, "$1")
    .replace(/:[\w:.-]+:`([^`]+)`/g, "`$1`")
    .replace(/`([^`<]+?)\s*<([^>]+)>`__?/g, "[$1]($2)")
    .replace(/`([^`]+)`__?/g, "$1")
    .replace(/``([^`]+)``/g, "`$1`");
}
