/**
 * bun.lock is JSON as Bun's own reader accepts it: trailing commas (Bun writes one after every
 * last member) and comments (Bun writes none, people may add them). Both are blanked out with
 * spaces, newlines kept, so the text keeps its length and lines: JSON.parse then does the
 * reading, and `parseJsonText` can still point at the line of a real syntax error.
 */
import { parseJsonText } from "../../../../files/json-text.js";

const QUOTE = 34;
const BACKSLASH = 92;
const COMMA = 44;
const SLASH = 47;
const STAR = 42;
const NEWLINE = 10;
const CLOSE_BRACE = 125;
const CLOSE_BRACKET = 93;

/** Parses bun.lock text; a PARSE error names the file and line of the first syntax error. */
export function parseBunJson(text: string, file: string): unknown {
  return parseJsonText(blankJsoncExtras(text), file);
}

/**
 * The text with trailing commas and comments replaced by spaces. Commas and slashes inside
 * strings are left alone; an unterminated string or comment is left for JSON.parse to reject.
 */
export function blankJsoncExtras(text: string): string {
  /** [start, end) ranges to blank, in order. */
  const blanks: number[] = [];
  const length = text.length;
  let i = 0;
  while (i < length) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      i = stringEnd(text, i);
    } else if (c === COMMA) {
      // Comments between the comma and the bracket are blanked when the loop reaches them.
      const after = text.charCodeAt(skipSpaceAndComments(text, i + 1));
      if ((after === CLOSE_BRACE || after === CLOSE_BRACKET) && endsValue(text, i)) blanks.push(i, i + 1);
      i++;
    } else if (c === SLASH) {
      const end = commentEnd(text, i);
      if (end > i) {
        blanks.push(i, end);
        i = end;
      } else i++;
    } else {
      i++;
    }
  }
  return blanks.length === 0 ? text : blankRanges(text, blanks);
}

/** Index just past the string starting at `start` (its opening quote); the text's end when unterminated. */
function stringEnd(text: string, start: number): number {
  let quote = text.indexOf('"', start + 1);
  while (quote >= 0) {
    // A quote preceded by an odd number of backslashes is escaped.
    let backslashes = 0;
    while (text.charCodeAt(quote - 1 - backslashes) === BACKSLASH) backslashes++;
    if (backslashes % 2 === 0) return quote + 1;
    quote = text.indexOf('"', quote + 1);
  }
  return text.length;
}

/** Index just past a `//` or `/* *\/` comment starting at `start`; `start` itself when none starts there. */
function commentEnd(text: string, start: number): number {
  const next = text.charCodeAt(start + 1);
  if (next === SLASH) {
    const newline = text.indexOf("\n", start + 2);
    return newline < 0 ? text.length : newline;
  }
  if (next === STAR) {
    const close = text.indexOf("*/", start + 2);
    return close < 0 ? text.length : close + 2;
  }
  return start;
}

/** The next index that is neither white space nor a comment. */
function skipSpaceAndComments(text: string, from: number): number {
  let i = from;
  for (;;) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === NEWLINE || c === 13 || c === 9) {
      i++;
      continue;
    }
    if (c === SLASH) {
      const end = commentEnd(text, i);
      if (end > i) {
        i = end;
        continue;
      }
    }
    return i;
  }
}

/**
 * Whether a value ends just before the comma at `comma` (white space aside): `"b": ,}` is an
 * error to leave where it is, not a trailing comma to blank.
 */
function endsValue(text: string, comma: number): boolean {
  let i = comma - 1;
  while (i >= 0 && /\s/.test(text.charAt(i))) i--;
  const c = text.charAt(i);
  return c !== ":" && c !== "," && c !== "[" && c !== "{" && i >= 0;
}

function blankRanges(text: string, blanks: number[]): string {
  const parts: string[] = [];
  let last = 0;
  for (let k = 0; k < blanks.length; k += 2) {
    const start = blanks[k] as number;
    const end = blanks[k + 1] as number;
    parts.push(text.slice(last, start), text.slice(start, end).replace(/[^\n]/g, " "));
    last = end;
  }
  parts.push(text.slice(last));
  return parts.join("");
}
