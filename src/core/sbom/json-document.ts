import { parseError } from "../errors.js";

/**
 * Parses an SBOM's JSON text, turning a syntax error into a PARSE error that names the file and
 * the line. V8 does not always report the offset of a syntax error ("Unexpected token 'x', … is
 * not valid JSON" has none), so the offset comes from a small scan run only after a failure.
 */
export function parseJsonDocument(path: string, content: string): unknown {
  try {
    return JSON.parse(content);
  } catch (error: unknown) {
    const offset = firstErrorOffset(content);
    const line = offset === undefined ? undefined : lineAt(content, offset);
    const detail = error instanceof Error ? error.message : String(error);
    throw parseError(path, `not valid JSON: ${detail}`, line, error);
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A non-empty string field, or undefined. */
export function stringField(record: Record<string, unknown> | undefined, key: string): string | undefined {
  const value = record?.[key];
  return typeof value === "string" && value !== "" ? value : undefined;
}

/** An array field, or an empty array when absent or not an array. */
export function arrayField(record: Record<string, unknown> | undefined, key: string): unknown[] {
  const value = record?.[key];
  return Array.isArray(value) ? value : [];
}

function lineAt(text: string, offset: number): number {
  let line = 1;
  const end = Math.min(offset, text.length);
  for (let i = 0; i < end; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const ESCAPES = new Set(['"', "\\", "/", "b", "f", "n", "r", "t"]);

/** Offset of the first JSON syntax error in `text`; undefined when none is found (or nesting is absurd). */
function firstErrorOffset(text: string): number | undefined {
  let i = 0;
  const fail = (): never => {
    throw new JsonSyntaxAt(i);
  };
  const skipSpace = (): void => {
    while (i < text.length && " \t\n\r".includes(text.charAt(i))) i++;
  };
  const expect = (char: string): void => {
    skipSpace();
    if (text.charAt(i) !== char) fail();
    i++;
  };
  const string = (): void => {
    if (text.charAt(i) !== '"') fail();
    i++;
    for (;;) {
      if (i >= text.length) fail();
      const char = text.charAt(i);
      if (char === '"') {
        i++;
        return;
      }
      if (char === "\\") {
        const next = text.charAt(i + 1);
        if (next === "u") {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) fail();
          i += 6;
          continue;
        }
        if (!ESCAPES.has(next)) fail();
        i += 2;
        continue;
      }
      if (text.charCodeAt(i) < 0x20) fail();
      i++;
    }
  };
  const value = (): void => {
    skipSpace();
    const char = text.charAt(i);
    if (char === "{" || char === "[") {
      members(char === "{" ? "}" : "]", char === "{");
      return;
    }
    if (char === '"') {
      string();
      return;
    }
    for (const word of ["true", "false", "null"]) {
      if (text.startsWith(word, i)) {
        i += word.length;
        return;
      }
    }
    NUMBER.lastIndex = i;
    if (!NUMBER.test(text)) fail();
    i = NUMBER.lastIndex;
  };
  const members = (close: string, keyed: boolean): void => {
    i++;
    skipSpace();
    if (text.charAt(i) === close) {
      i++;
      return;
    }
    for (;;) {
      if (keyed) {
        skipSpace();
        string();
        expect(":");
      }
      value();
      skipSpace();
      const char = text.charAt(i);
      if (char === close) {
        i++;
        return;
      }
      if (char !== ",") fail();
      i++;
    }
  };
  try {
    value();
    skipSpace();
    if (i < text.length) fail();
    return undefined;
  } catch (error: unknown) {
    return error instanceof JsonSyntaxAt ? error.offset : undefined;
  }
}

class JsonSyntaxAt {
  constructor(readonly offset: number) {}
}
