/**
 * Scalars and one-line flow collections of the YAML subset pnpm writes (see lockfile-yaml.ts).
 * Everything here works on a single line: pnpm never folds a scalar or a flow collection over
 * several lines, so anything that would need the next line is an error, not a guess.
 */

/** A syntax error inside one line; the block reader adds the line number. */
export class YamlLineError extends Error {
  override readonly name = "YamlLineError";
}

/** A value read from a line and the index just past it. */
export interface Parsed {
  value: unknown;
  end: number;
}

const SPACE = 32;
const TAB = 9;
const HASH = 35;
const COLON = 58;
const COMMA = 44;
const DASH = 45;
const QUESTION = 63;
const SINGLE = 39;
const DOUBLE = 34;
const BACKSLASH = 92;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;
const OPEN_BRACKET = 91;
const CLOSE_BRACKET = 93;

export function isSpace(code: number): boolean {
  return code === SPACE || code === TAB;
}

export function skipSpaces(line: string, from: number): number {
  let p = from;
  while (p < line.length && isSpace(line.charCodeAt(p))) p++;
  return p;
}

/** Characters that cannot start a plain scalar, or start constructs this reader does not support. */
export function isUnsupportedStart(code: number): boolean {
  // & anchor, * alias, ! tag, | > block scalars, % directive, @ ` reserved, ? complex key, and the
  // flow indicators when they are not where a flow collection may start.
  return (
    code === 38 ||
    code === 42 ||
    code === 33 ||
    code === 124 ||
    code === 62 ||
    code === 37 ||
    code === 64 ||
    code === 96 ||
    code === COMMA ||
    code === CLOSE_BRACKET ||
    code === CLOSE_BRACE
  );
}

const INT = /^[-+]?[0-9]+$/;
const OCT = /^0o[0-7]+$/;
const HEX = /^0x[0-9a-fA-F]+$/;
const FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/;
const FLOAT_EXP = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/;
const INF_NAN = /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/;

/**
 * The value of a plain scalar under the YAML 1.2 core schema, exactly as the `yaml` package
 * resolves it (null, booleans, decimal/octal/hex integers, floats), so both read a file alike.
 */
export function resolvePlain(text: string): unknown {
  if (text === "") return null;
  const c = text.charCodeAt(0);
  // Most scalars in a lockfile are names, versions and hashes: decide on the first character
  // before running any pattern.
  if ((c >= 48 && c <= 57) || c === 45 || c === 43 || c === 46) {
    if (INT.test(text)) return Number.parseInt(text, 10);
    if (FLOAT.test(text) || FLOAT_EXP.test(text)) return Number.parseFloat(text);
    if (OCT.test(text)) return Number.parseInt(text.slice(2), 8);
    if (HEX.test(text)) return Number.parseInt(text.slice(2), 16);
    if (INF_NAN.test(text)) {
      if (text.endsWith("nan") || text.endsWith("NaN") || text.endsWith("NAN")) return Number.NaN;
      return c === 45 ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
    }
    return text;
  }
  switch (text) {
    case "~":
    case "null":
    case "Null":
    case "NULL":
      return null;
    case "true":
    case "True":
    case "TRUE":
      return true;
    case "false":
    case "False":
    case "FALSE":
      return false;
    default:
      return text;
  }
}

/** A mapping key as the `yaml` package turns it into a JS property name (`1.0` → "1", `~` → ""). */
export function plainKey(text: string): string {
  const value = resolvePlain(text);
  return typeof value === "string" ? value : value === null ? "" : String(value);
}

/** A single- or double-quoted scalar starting at `start` (the quote). */
export function readQuoted(line: string, start: number): Parsed {
  return line.charCodeAt(start) === SINGLE ? readSingleQuoted(line, start) : readDoubleQuoted(line, start);
}

function readSingleQuoted(line: string, start: number): Parsed {
  let value = "";
  let from = start + 1;
  for (;;) {
    const quote = line.indexOf("'", from);
    if (quote < 0)
      throw new YamlLineError("unterminated single-quoted string (multi-line strings are not supported)");
    if (line.charCodeAt(quote + 1) === SINGLE) {
      value += line.slice(from, quote + 1);
      from = quote + 2;
      continue;
    }
    return { value: value + line.slice(from, quote), end: quote + 1 };
  }
}

const SIMPLE_ESCAPES: Record<string, string> = {
  "0": "\0",
  a: "\x07",
  b: "\b",
  t: "\t",
  "\t": "\t",
  n: "\n",
  v: "\v",
  f: "\f",
  r: "\r",
  e: "\x1b",
  " ": " ",
  '"': '"',
  "/": "/",
  "\\": "\\",
  N: "\u0085",
  _: "\u00a0",
  L: "\u2028",
  P: "\u2029",
};
const HEX_ESCAPE_LENGTH: Record<string, number> = { x: 2, u: 4, U: 8 };

function readDoubleQuoted(line: string, start: number): Parsed {
  let value = "";
  let p = start + 1;
  for (;;) {
    let q = p;
    while (q < line.length) {
      const code = line.charCodeAt(q);
      if (code === DOUBLE || code === BACKSLASH) break;
      q++;
    }
    if (q >= line.length) {
      throw new YamlLineError("unterminated double-quoted string (multi-line strings are not supported)");
    }
    value += line.slice(p, q);
    if (line.charCodeAt(q) === DOUBLE) return { value, end: q + 1 };
    const escaped = line[q + 1] ?? "";
    const simple = SIMPLE_ESCAPES[escaped];
    if (simple !== undefined) {
      value += simple;
      p = q + 2;
      continue;
    }
    const length = HEX_ESCAPE_LENGTH[escaped];
    const digits = length === undefined ? "" : line.slice(q + 2, q + 2 + length);
    if (length === undefined || !/^[0-9a-fA-F]+$/.test(digits) || digits.length !== length) {
      throw new YamlLineError(`invalid escape sequence \\${escaped}`);
    }
    value += String.fromCodePoint(Number.parseInt(digits, 16));
    p = q + 2 + length;
  }
}

/**
 * A flow mapping or sequence (`{integrity: sha512-…}`, `[x64]`) starting at `start`, nested
 * collections included. It must close on the same line.
 */
export function readFlow(line: string, start: number): Parsed {
  return line.charCodeAt(start) === OPEN_BRACE ? readFlowMapping(line, start) : readFlowSequence(line, start);
}

function unterminated(kind: string): YamlLineError {
  return new YamlLineError(
    `unterminated flow ${kind} (flow collections over several lines or with comments are not supported)`,
  );
}

function readFlowMapping(line: string, start: number): Parsed {
  const map: Record<string, unknown> = {};
  let p = start + 1;
  for (;;) {
    p = skipSpaces(line, p);
    if (p >= line.length) throw unterminated("mapping");
    if (line.charCodeAt(p) === CLOSE_BRACE) return { value: map, end: p + 1 };
    let key: string;
    const c = line.charCodeAt(p);
    if (c === SINGLE || c === DOUBLE) {
      const quoted = readQuoted(line, p);
      key = quoted.value as string;
      p = skipSpaces(line, quoted.end);
    } else {
      checkFlowPlainStart(line, p, "mapping");
      const end = flowPlainEnd(line, p);
      const raw = line.slice(p, end).trimEnd();
      if (raw === "") throw new YamlLineError("empty key in a flow mapping");
      key = plainKey(raw);
      p = end;
    }
    if (line.charCodeAt(p) !== COLON) {
      if (p >= line.length) throw unterminated("mapping");
      throw new YamlLineError(
        "expected ':' after a key in a flow mapping (keys without values are not supported)",
      );
    }
    p = skipSpaces(line, p + 1);
    let value: unknown = null;
    const next = line.charCodeAt(p);
    if (next !== COMMA && next !== CLOSE_BRACE) {
      const read = readFlowValue(line, p, "mapping");
      value = read.value;
      p = read.end;
    }
    if (Object.hasOwn(map, key)) throw new YamlLineError(`duplicate key "${key}" in a flow mapping`);
    setProperty(map, key, value);
    p = skipSpaces(line, p);
    const after = line.charCodeAt(p);
    if (after === COMMA) p++;
    else if (after !== CLOSE_BRACE) {
      if (p >= line.length) throw unterminated("mapping");
      throw new YamlLineError("expected ',' or '}' in a flow mapping");
    }
  }
}

function readFlowSequence(line: string, start: number): Parsed {
  const items: unknown[] = [];
  let p = start + 1;
  for (;;) {
    p = skipSpaces(line, p);
    if (p >= line.length) throw unterminated("sequence");
    if (line.charCodeAt(p) === CLOSE_BRACKET) return { value: items, end: p + 1 };
    const read = readFlowValue(line, p, "sequence");
    items.push(read.value);
    p = skipSpaces(line, read.end);
    const after = line.charCodeAt(p);
    if (after === COLON) throw new YamlLineError("mappings inside a flow sequence are not supported");
    if (after === COMMA) p++;
    else if (after !== CLOSE_BRACKET) {
      if (p >= line.length) throw unterminated("sequence");
      throw new YamlLineError("expected ',' or ']' in a flow sequence");
    }
  }
}

function readFlowValue(line: string, p: number, inside: string): Parsed {
  const c = line.charCodeAt(p);
  if (c === OPEN_BRACE || c === OPEN_BRACKET) return readFlow(line, p);
  if (c === SINGLE || c === DOUBLE) return readQuoted(line, p);
  checkFlowPlainStart(line, p, inside);
  const end = flowPlainEnd(line, p);
  if (line.charCodeAt(end) === COLON) throw new YamlLineError(`unexpected ':' in a flow ${inside}`);
  return { value: resolvePlain(line.slice(p, end).trimEnd()), end };
}

/** Rejects what cannot start a plain scalar in a flow collection (indicators, `- `, `? `, `: `). */
function checkFlowPlainStart(line: string, p: number, inside: string): void {
  const c = line.charCodeAt(p);
  let unsupported = isUnsupportedStart(c) || c === HASH || c === OPEN_BRACE || c === OPEN_BRACKET;
  if (c === DASH || c === QUESTION || c === COLON) {
    const next = line.charCodeAt(p + 1);
    unsupported ||= p + 1 >= line.length || isSpace(next) || isFlowIndicator(next);
  }
  if (unsupported)
    throw new YamlLineError(`unsupported text in a flow ${inside} at '${line.slice(p, p + 2)}'`);
}

function isFlowIndicator(code: number): boolean {
  return (
    code === COMMA ||
    code === OPEN_BRACE ||
    code === CLOSE_BRACE ||
    code === OPEN_BRACKET ||
    code === CLOSE_BRACKET
  );
}

// What ends a plain scalar inside a flow collection: a flow indicator, a `:` that ends a key, or
// a comment (which would swallow the closing bracket). A regex scans long hashes faster than a loop.
const FLOW_PLAIN_STOP = /[,[\]{}]|:(?=[ \t,[\]{}]|$)|[ \t]#/g;

function flowPlainEnd(line: string, start: number): number {
  FLOW_PLAIN_STOP.lastIndex = start;
  const stop = FLOW_PLAIN_STOP.exec(line);
  if (!stop) return line.length;
  if (stop[0].length === 2) throw unterminated("collection");
  return stop.index;
}

/** Sets a property the way `yaml` does, including an own `__proto__` key. */
export function setProperty(map: Record<string, unknown>, key: string, value: unknown): void {
  if (key === "__proto__") {
    Object.defineProperty(map, key, { value, writable: true, enumerable: true, configurable: true });
  } else {
    map[key] = value;
  }
}
