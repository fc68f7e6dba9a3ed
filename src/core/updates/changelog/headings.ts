/** A section title of a document split into lines. */
export interface Heading {
  /** 1 is the outermost. */
  level: number;
  /** The title text, trimmed, inline markup kept. */
  text: string;
  /** Index of the heading's first line (a setext or reST title starts at its text or overline). */
  start: number;
  /** Index of the first line after the heading. */
  end: number;
}

const FENCE = /^ {0,3}(`{3,}|~{3,})/;
const ATX = /^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$/;
const SETEXT_UNDERLINE = /^ {0,3}(=+|-+)[ \t]*$/;
/** Lines that cannot be the text of a setext heading: blank, indented code, list items, quotes, fences. */
const NOT_PARAGRAPH = /^(?:\s*$| {4}|\t| {0,3}(?:[-*+]|\d{1,9}[.)])(?:[ \t]|$)| {0,3}>| {0,3}(?:```|~~~))/;

/**
 * CommonMark headings: ATX (`#` to `######`) and setext (a paragraph line underlined with `=` or
 * `-`). Lines inside fenced code blocks are never headings.
 */
export function markdownHeadings(lines: readonly string[]): Heading[] {
  const headings: Heading[] = [];
  const inCode = codeFenceMask(lines);
  for (const [i, line] of lines.entries()) {
    if (inCode[i]) continue;
    const [, hashes, title] = ATX.exec(line) ?? [];
    if (hashes !== undefined) {
      headings.push({ level: hashes.length, text: (title ?? "").trim(), start: i, end: i + 1 });
      continue;
    }
    const [, underline] = SETEXT_UNDERLINE.exec(line) ?? [];
    const previous = lines[i - 1];
    const previousIsHeading = headings.at(-1)?.end === i;
    if (
      underline !== undefined &&
      previous !== undefined &&
      !inCode[i - 1] &&
      !previousIsHeading &&
      !NOT_PARAGRAPH.test(previous)
    ) {
      const level = underline.startsWith("=") ? 1 : 2;
      headings.push({ level, text: previous.trim(), start: i - 1, end: i + 1 });
    }
  }
  return headings;
}

/** For each line, whether it belongs to a fenced code block (the fence lines included). */
export function codeFenceMask(lines: readonly string[]): boolean[] {
  const mask: boolean[] = [];
  let fence: string | undefined;
  for (const line of lines) {
    const marker = FENCE.exec(line)?.[1];
    if (fence === undefined) {
      fence = marker;
      mask.push(marker !== undefined);
      continue;
    }
    mask.push(true);
    // A closing fence is the opening character, at least as many times, and nothing else.
    if (marker && marker[0] === fence[0] && marker.length >= fence.length && line.trim() === marker) {
      fence = undefined;
    }
  }
  return mask;
}

/** reST adornment characters: any printable ASCII punctuation. */
const ADORNMENT = /^([!-/:-@[-`{-~])\1*\s*$/;

/**
 * reStructuredText section titles: a text line underlined, optionally also overlined, with a
 * repeated punctuation character. Levels follow the order in which each style (character, with
 * or without overline) first appears, as docutils assigns them.
 */
export function rstTitles(lines: readonly string[]): Heading[] {
  const headings: Heading[] = [];
  const styles: string[] = [];
  const levelOf = (style: string): number => {
    if (!styles.includes(style)) styles.push(style);
    return styles.indexOf(style) + 1;
  };
  let i = 0;
  while (i < lines.length) {
    const title = rstTitleAt(lines, i);
    if (!title) {
      i++;
      continue;
    }
    headings.push({ level: levelOf(title.style), text: title.text, start: i, end: title.end });
    i = title.end;
  }
  return headings;
}

/** The title starting at line `at`: its style (adornment character, overlined or not) and text. */
function rstTitleAt(
  lines: readonly string[],
  at: number,
): { style: string; text: string; end: number } | undefined {
  const [line, next, after] = lines.slice(at, at + 3);
  // A title follows a blank line, or starts the document.
  if (line === undefined || next === undefined || (lines[at - 1] ?? "").trim() !== "") return undefined;
  const over = adornment(line);
  if (over) {
    // Overline, (possibly inset) text, underline of the same character and length.
    const text = next.trim();
    const under = after === undefined ? undefined : adornment(after);
    if (text === "" || adornment(next) || under?.char !== over.char || under.length < text.length)
      return undefined;
    return { style: `over${over.char}`, text, end: at + 3 };
  }
  // Text at the margin, then an underline at least as long (or a short title's 3+ characters).
  if (!/^\S/.test(line)) return undefined;
  const text = line.trim();
  const under = adornment(next);
  if (!under || (under.length < text.length && under.length < 3)) return undefined;
  return { style: under.char, text, end: at + 2 };
}

function adornment(line: string): { char: string; length: number } | undefined {
  const trimmed = line.trimEnd();
  if (trimmed.length < 2 || !ADORNMENT.test(trimmed)) return undefined;
  return { char: trimmed.charAt(0), length: trimmed.length };
}
