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
  for (let i = 0; i < lines.length; i++) {
    if (inCode[i]) continue;
    const line = lines[i] as string;
    const atx = ATX.exec(line);
    if (atx) {
      headings.push({ level: (atx[1] as string).length, text: (atx[2] ?? "").trim(), start: i, end: i + 1 });
      continue;
    }
    const underline = SETEXT_UNDERLINE.exec(line);
    const previous = lines[i - 1];
    const previousIsHeading = headings.at(-1)?.end === i;
    if (
      underline &&
      previous !== undefined &&
      !inCode[i - 1] &&
      !previousIsHeading &&
      !NOT_PARAGRAPH.test(previous)
    ) {
      const level = (underline[1] as string).startsWith("=") ? 1 : 2;
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
  const blankBefore = (i: number): boolean => i === 0 || (lines[i - 1] as string).trim() === "";
  let i = 0;
  while (i < lines.length) {
    const line = lines[i] as string;
    const next = lines[i + 1];
    const after = lines[i + 2];
    const over = adornment(line);
    // Overline, (possibly inset) text, underline of the same character and length.
    if (over && blankBefore(i) && next !== undefined && after !== undefined) {
      const text = next.trim();
      const under = adornment(after);
      if (text !== "" && !adornment(next) && under?.char === over.char && under.length >= text.length) {
        headings.push({ level: levelOf(`over${over.char}`), text, start: i, end: i + 3 });
        i += 3;
        continue;
      }
    }
    // Text at the margin, then an underline at least as long (or a short title's 3+ characters).
    if (!over && blankBefore(i) && /^\S/.test(line) && next !== undefined) {
      const text = line.trim();
      const under = adornment(next);
      if (under && (under.length >= text.length || under.length >= 3)) {
        headings.push({ level: levelOf(under.char), text, start: i, end: i + 2 });
        i += 2;
        continue;
      }
    }
    i++;
  }
  return headings;
}

function adornment(line: string): { char: string; length: number } | undefined {
  const trimmed = line.trimEnd();
  if (trimmed.length < 2 || !ADORNMENT.test(trimmed)) return undefined;
  return { char: trimmed[0] as string, length: trimmed.length };
}
