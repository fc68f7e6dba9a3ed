import { printable } from "../../../core/files/printable.js";

/**
 * Text from data made fit for one line of any format: runs of white space (line breaks included:
 * a summary must not start a Markdown list or an e-mail header) become one space, and control
 * characters and bidirectional overrides become visible escapes (a package name must not reorder
 * what is shown around it). Escaping for a format comes after this (escape.ts).
 */
export function oneLine(text: string): string {
  return printable(text.replace(/\s+/g, " ").trim());
}

/**
 * The longest start of `text` (in whole code points, with "…" when cut) whose escaped form fits
 * `limit` characters: limits count what the receiver gets, after escaping, and cutting an escaped
 * text could split an entity (`&am`).
 */
export function fitEscaped(text: string, limit: number, escapeFor: (text: string) => string): string {
  const escaped = escapeFor(text);
  if (escaped.length <= limit) return escaped;
  const points = Array.from(text);
  // The longest prefix that fits, by bisection: escaping may lengthen each character differently.
  let fits = 0;
  let tooLong = points.length;
  while (tooLong - fits > 1) {
    const middle = Math.floor((fits + tooLong) / 2);
    if (escapeFor(points.slice(0, middle).join("")).length + 1 <= limit) fits = middle;
    else tooLong = middle;
  }
  return `${escapeFor(points.slice(0, fits).join(""))}…`;
}

/**
 * As many of `items` (already rendered) as fit `budget` characters when joined by `separator`,
 * and at most `maxItems`, leaving room for the "and N more" line (`more`, measured here, shown by
 * the caller) when some are left out: a long list is cut, never the message refused.
 */
export function fitList(
  items: readonly string[],
  options: { budget: number; maxItems: number; separator: string; more: (count: number) => string },
): { kept: string[]; omitted: number } {
  const kept: string[] = [];
  let used = 0;
  for (const [index, item] of items.entries()) {
    const rest = items.length - index - 1;
    const cost = (kept.length > 0 ? options.separator.length : 0) + item.length;
    // Room is left for the "and N more" line whenever items would remain after this one.
    const reserve = rest > 0 ? options.separator.length + options.more(rest).length : 0;
    if (kept.length >= options.maxItems || used + cost + reserve > options.budget) {
      return { kept, omitted: items.length - kept.length };
    }
    kept.push(item);
    used += cost;
  }
  return { kept, omitted: 0 };
}
