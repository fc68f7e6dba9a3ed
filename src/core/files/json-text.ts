import { parseError } from "../errors.js";
import { printable } from "./printable.js";

/**
 * Parses JSON text, turning a syntax error into a PARSE error that names the file and line.
 * JSON.parse is used for speed; only when it fails is the text scanned again to find where, because
 * V8's messages do not always carry a position ("Unexpected token 'x', "…" is not valid JSON").
 */
export function parseJsonText(text: string, file: string): unknown {
  try {
    // A byte-order mark (an editor's doing, not npm's) is not JSON but says nothing wrong.
    return JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text) as unknown;
  } catch (error: unknown) {
    const offset = jsonErrorOffset(text);
    const line = lineAt(text, offset);
    const detail = error instanceof Error ? error.message : String(error);
    throw parseError(file, `invalid JSON (${shorten(printable(detail))})`, line, error);
  }
}

/** 1-based line of a character offset. */
export function lineAt(text: string, offset: number): number {
  let line = 1;
  const end = Math.min(offset, text.length);
  for (let i = text.indexOf("\n"); i >= 0 && i < end; i = text.indexOf("\n", i + 1)) line++;
  return line;
}

/** 1-based line of the first `"key":` in the text, for pointing at a skipped entry. */
export function lineOfKey(text: string, key: string): number | undefined {
  const offset = text.indexOf(`${JSON.stringify(key)}:`);
  return offset < 0 ? undefined : lineAt(text, offset);
}

function shorten(message: string): string {
  const firstLine = message.split("\n")[0] ?? message;
  return firstLine.length > 120 ? `${firstLine.slice(0, 117)}...` : firstLine;
}

const WHITESPACE = new Set([" ", "\t", "\n", "\r"]);
const LITERALS = ["true", "false", "null"];
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

/**
 * Offset of the first syntax error in JSON text (text.length when it ends too early).
 * A small iterative scanner: only run on text JSON.parse already rejected.
 */
export function jsonErrorOffset(text: string): number {
  let i = 0;
  // What the scanner expects next, innermost container last.
  const stack: Array<"object" | "array"> = [];
  const skipSpace = (): void => {
    while (i < text.length && WHITESPACE.has(text.charAt(i))) i++;
  };
  const scanString = (): boolean => {
    if (text[i] !== '"') return false;
    i++;
    while (i < text.length) {
      const ch = text.charAt(i);
      if (ch === '"') {
        i++;
        return true;
      }
      if (ch === "\\") {
        const next = text[i + 1];
        if (next === "u") {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) return false;
          i += 6;
        } else if (next !== undefined && '"\\/bfnrt'.includes(next)) {
          i += 2;
        } else {
          i++;
          return false;
        }
      } else if (ch < " ") {
        return false;
      } else {
        i++;
      }
    }
    return false;
  };
  // Scans one value; containers push onto the stack and are finished by the loop below.
  const scanValueStart = (): boolean => {
    skipSpace();
    const ch = text[i];
    if (ch === "{" || ch === "[") {
      i++;
      skipSpace();
      if (text[i] === (ch === "{" ? "}" : "]")) {
        i++;
        return true;
      }
      stack.push(ch === "{" ? "object" : "array");
      return ch === "{" ? scanMember() : scanValueStart();
    }
    if (ch === '"') return scanString();
    for (const literal of LITERALS) {
      if (text.startsWith(literal, i)) {
        i += literal.length;
        return true;
      }
    }
    NUMBER.lastIndex = i;
    if (NUMBER.test(text)) {
      i = NUMBER.lastIndex;
      return true;
    }
    return false;
  };
  const scanMember = (): boolean => {
    skipSpace();
    if (!scanString()) return false;
    skipSpace();
    if (text[i] !== ":") return false;
    i++;
    return scanValueStart();
  };

  if (!scanValueStart()) return i;
  for (;;) {
    skipSpace();
    const container = stack[stack.length - 1];
    if (!container) return i; // trailing garbage, or the end when nothing is wrong here
    const ch = text[i];
    if (ch === ",") {
      i++;
      if (!(container === "object" ? scanMember() : scanValueStart())) return i;
    } else if (ch === (container === "object" ? "}" : "]")) {
      i++;
      stack.pop();
    } else {
      return i;
    }
  }
}
