import { parseError } from "../../../../errors.js";

/**
 * A line reader for both yarn.lock dialects. Both are "indented key/value lines" and differ only in
 * the separator: classic writes `key value` and `key:` (blocks), berry writes YAML-style
 * `key: value` and `key:`. A general YAML parser is several times slower on a 1 MB lockfile and
 * would still need the line numbers we keep here, so this reads only what yarn writes (quoted or
 * bare scalars, nested blocks by indentation) and names the line of anything else.
 */
export type YarnDialect = "classic" | "berry";

/** A value or nested block, with the line it was written on. */
export interface YarnField {
  line: number;
  value: string | YarnMap;
}

export type YarnMap = Map<string, YarnField>;

/** One top-level block: an entry (`"a@^1", a@^1.1:`) or berry's `__metadata`. */
export interface RawEntry {
  /** The descriptors of the header, unquoted (`a@^1`, `a@^1.1`). */
  keys: string[];
  /** The header as one string (`a@^1, a@^1.1`), used as the location key. */
  keyText: string;
  /** 1-based line of the header. */
  line: number;
  body: YarnMap;
}

const SPACE = 32;
const TAB = 9;
const QUOTE = 34;
const APOSTROPHE = 39;
const COLON = 58;
const COMMA = 44;
const HASH = 35;
const BACKSLASH = 92;
const CR = 13;

interface Frame {
  indent: number;
  childIndent: number;
  map: YarnMap;
}

/**
 * Reads a whole yarn.lock into its top-level entries.
 * @throws LockkeeperError (PARSE) naming `file` and the line of the first malformed line.
 */
export function readYarnLock(content: string, file: string, dialect: YarnDialect): RawEntry[] {
  const entries: RawEntry[] = [];
  const stack: Frame[] = [];
  const length = content.length;
  let lineNo = 0;
  let pos = 0;
  // One cursor for the whole file: a fresh object per line is measurable garbage on 20k lines.
  const cursor: Cursor = { text: content, pos: 0, end: 0, line: 0, file };
  while (pos < length) {
    lineNo++;
    let end = content.indexOf("\n", pos);
    if (end < 0) end = length;
    const start = pos;
    pos = end + 1;
    if (end > start && content.charCodeAt(end - 1) === CR) end--;
    let i = start;
    while (i < end && content.charCodeAt(i) === SPACE) i++;
    if (i === end || content.charCodeAt(i) === HASH) continue;
    if (content.charCodeAt(i) === TAB) throw parseError(file, "tabs are not allowed in indentation", lineNo);
    const indent = i - start;
    cursor.pos = i;
    cursor.end = end;
    cursor.line = lineNo;
    if (indent === 0) {
      const keys = readHeader(cursor, dialect);
      const entry: RawEntry = { keys, keyText: keys.join(", "), line: lineNo, body: new Map() };
      entries.push(entry);
      stack.length = 0;
      stack.push({ indent: 0, childIndent: -1, map: entry.body });
      continue;
    }
    if (stack.length === 0) throw parseError(file, "indented line outside of any entry", lineNo);
    let parent = stack[stack.length - 1] as Frame;
    while (parent.indent >= indent && stack.length > 1) {
      stack.pop();
      parent = stack[stack.length - 1] as Frame;
    }
    if (parent.childIndent < 0) parent.childIndent = indent;
    else if (parent.childIndent !== indent) throw parseError(file, `unexpected indentation`, lineNo);
    const key = readKey(cursor, dialect);
    const value = readValue(cursor, dialect);
    if (value === undefined) {
      const map: YarnMap = new Map();
      parent.map.set(key, { line: lineNo, value: map });
      stack.push({ indent, childIndent: -1, map });
    } else {
      parent.map.set(key, { line: lineNo, value });
    }
  }
  return entries;
}

interface Cursor {
  text: string;
  pos: number;
  end: number;
  line: number;
  file: string;
}

/** `"a@^1", a@^1.1:` (classic) or `"a@npm:^1, a@npm:^1.1":` (berry, one quoted list). */
function readHeader(c: Cursor, dialect: YarnDialect): string[] {
  const keys: string[] = [];
  for (;;) {
    skipSpaces(c);
    const token = readHeaderToken(c, dialect);
    if (dialect === "berry" && token.includes(", ")) keys.push(...token.split(", "));
    else keys.push(token);
    skipSpaces(c);
    const code = c.pos < c.end ? c.text.charCodeAt(c.pos) : -1;
    if (code === COMMA) {
      c.pos++;
      continue;
    }
    if (code === COLON) {
      c.pos++;
      skipSpaces(c);
      if (c.pos < c.end) throw fail(c, "unexpected text after an entry header");
      return keys;
    }
    throw fail(c, "expected ':' at the end of an entry header");
  }
}

/**
 * A header descriptor. Yarn quotes any containing `:`, but a bare `b@npm:a@^1:` is unambiguous
 * (the header's colon is the last character), so accept it rather than fail on hand edits.
 */
function readHeaderToken(c: Cursor, dialect: YarnDialect): string {
  const code = c.pos < c.end ? c.text.charCodeAt(c.pos) : -1;
  if (code === QUOTE || (code === APOSTROPHE && dialect === "berry")) return readToken(c, dialect);
  const start = c.pos;
  while (c.pos < c.end) {
    const ch = c.text.charCodeAt(c.pos);
    if (ch === COMMA || ch === SPACE || ch === QUOTE) break;
    c.pos++;
  }
  if (c.pos > start && c.text.charCodeAt(c.pos - 1) === COLON) c.pos--;
  if (c.pos === start) throw fail(c, "expected a key");
  return c.text.slice(start, c.pos);
}

function readKey(c: Cursor, dialect: YarnDialect): string {
  const key = readToken(c, dialect);
  if (key === "") throw fail(c, "expected a key");
  return key;
}

/**
 * Reads what follows a key: a scalar, or undefined when the line opens a nested block (`key:`).
 */
function readValue(c: Cursor, dialect: YarnDialect): string | undefined {
  let colon = false;
  if (c.pos < c.end && c.text.charCodeAt(c.pos) === COLON) {
    colon = true;
    c.pos++;
  }
  const before = c.pos;
  skipSpaces(c);
  if (c.pos >= c.end) {
    if (colon) return undefined;
    throw fail(c, "expected a value after the key");
  }
  if (c.pos === before || (dialect === "berry" && !colon)) throw fail(c, "expected ': ' after the key");
  const code = c.text.charCodeAt(c.pos);
  let value: string;
  if (code === QUOTE) value = readDoubleQuoted(c);
  else if (code === APOSTROPHE) value = readSingleQuoted(c);
  else {
    value = c.text.slice(c.pos, c.end).trimEnd();
    c.pos = c.end;
  }
  skipSpaces(c);
  if (c.pos < c.end) throw fail(c, "unexpected text after a value");
  return value;
}

/** A quoted string, or a bare word that ends at a space, a comma or a colon. */
function readToken(c: Cursor, dialect: YarnDialect): string {
  const code = c.pos < c.end ? c.text.charCodeAt(c.pos) : -1;
  if (code === QUOTE) return readDoubleQuoted(c);
  if (code === APOSTROPHE && dialect === "berry") return readSingleQuoted(c);
  const start = c.pos;
  while (c.pos < c.end) {
    const ch = c.text.charCodeAt(c.pos);
    if (ch === COLON || ch === COMMA || ch === QUOTE) break;
    // Classic keys end at the space before their value; berry keys never contain spaces unquoted.
    if (ch === SPACE) break;
    c.pos++;
  }
  if (c.pos === start) throw fail(c, "expected a key");
  return c.text.slice(start, c.pos);
}

/** JSON-style double-quoted string (both dialects write them with JSON escapes). */
function readDoubleQuoted(c: Cursor): string {
  const start = c.pos;
  let i = start + 1;
  let escaped = false;
  while (i < c.end) {
    const ch = c.text.charCodeAt(i);
    if (ch === BACKSLASH) {
      escaped = true;
      i += 2;
      continue;
    }
    if (ch === QUOTE) break;
    i++;
  }
  if (i >= c.end) throw fail(c, "unterminated quoted string");
  c.pos = i + 1;
  if (!escaped) return c.text.slice(start + 1, i);
  try {
    return JSON.parse(c.text.slice(start, i + 1)) as string;
  } catch (error: unknown) {
    throw parseError(c.file, "invalid escape in a quoted string", c.line, error);
  }
}

/** YAML single-quoted string (`''` is a quote); berry never writes them, people editing by hand might. */
function readSingleQuoted(c: Cursor): string {
  let i = c.pos + 1;
  let out = "";
  let from = i;
  while (i < c.end) {
    if (c.text.charCodeAt(i) === APOSTROPHE) {
      if (i + 1 < c.end && c.text.charCodeAt(i + 1) === APOSTROPHE) {
        out += `${c.text.slice(from, i)}'`;
        i += 2;
        from = i;
        continue;
      }
      c.pos = i + 1;
      return out + c.text.slice(from, i);
    }
    i++;
  }
  throw fail(c, "unterminated quoted string");
}

function skipSpaces(c: Cursor): void {
  while (c.pos < c.end && c.text.charCodeAt(c.pos) === SPACE) c.pos++;
}

function fail(c: Cursor, message: string): Error {
  return parseError(c.file, `${message} (column ${columnOf(c)})`, c.line);
}

function columnOf(c: Cursor): number {
  const lineStart = c.text.lastIndexOf("\n", c.pos - 1) + 1;
  return c.pos - lineStart + 1;
}

/** Whether a document is berry's (its first non-comment line is `__metadata:`). */
export function detectDialect(content: string): YarnDialect {
  const match = /^(?!#)[^\s#]/m.exec(content);
  return match && content.startsWith("__metadata:", match.index) ? "berry" : "classic";
}

/** A scalar field of a block, or undefined when it is absent or a block. */
export function scalarField(map: YarnMap, key: string): string | undefined {
  const field = map.get(key);
  return typeof field?.value === "string" ? field.value : undefined;
}

/** A nested block of a block, or undefined when it is absent or a scalar. */
export function blockField(map: YarnMap, key: string): YarnMap | undefined {
  const field = map.get(key);
  return field && typeof field.value !== "string" ? field.value : undefined;
}
