/**
 * A small, fast reader for the YAML subset pnpm writes in pnpm-lock.yaml: block mappings and
 * sequences by indentation, plain/single-/double-quoted scalars and keys, one-line flow mappings
 * and sequences, comments and `---`-separated documents.
 *
 * Why not the `yaml` package: a full YAML parser builds a concrete syntax tree first and takes
 * ~400 ms on a 0.6 MB lockfile; reading line by line into plain objects is >10× faster.
 * The result equals `yaml.parse` for this subset (tested on real lockfiles); anything outside
 * it (anchors, tags, block scalars, multi-line scalars or flow collections, complex keys)
 * is rejected with a parse error naming the line rather than read approximately.
 */
import { parseError } from "../../../../errors.js";
import {
  isSpace,
  isUnsupportedStart,
  plainKey,
  readFlow,
  readQuoted,
  resolvePlain,
  setProperty,
  YamlLineError,
} from "./yaml-scalars.js";

export interface YamlDocument {
  /** A mapping, a sequence, or null for an empty document. */
  value: unknown;
  /** 1-based line where the document's content starts. */
  line: number;
}

export interface LockfileYaml {
  /** Every document of the file in order (one unless the file uses `---` separators). */
  documents: YamlDocument[];
  /** 1-based line of `key` in a block mapping this reader returned (undefined for flow mappings). */
  lineOf(mapping: object, key: string): number | undefined;
}

const SPACE = 32;
const TAB = 9;
const HASH = 35;
const COLON = 58;
const DASH = 45;
const DOT = 46;
const SINGLE = 39;
const DOUBLE = 34;
const OPEN_BRACE = 123;
const OPEN_BRACKET = 91;
const QUESTION = 63;

/**
 * Key lines are kept for the document, its sections and their entries (`packages` → key →
 * fields): what a lockfile parser reports. Deeper mappings are many and small; skipping them
 * saves a Map per mapping.
 */
const LINE_DEPTH = 3;

// Control characters YAML does not allow in a stream (tab and line feed are fine; carriage
// returns are gone after CRLF normalisation, so a lone one is refused here too).
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding these characters is the point.
const FORBIDDEN_CHARS = /[\x00-\x08\x0b-\x1f\x7f\ufffe\uffff]/;

/**
 * Reads a pnpm lockfile's YAML. Throws a PARSE LockkeeperError naming `file` and the line for
 * anything outside the supported subset.
 */
export function parseLockfileYaml(content: string, file: string): LockfileYaml {
  let text = content.charCodeAt(0) === 0xfeff ? content.slice(1) : content;
  if (text.includes("\r")) text = text.replace(/\r\n/g, "\n");
  const forbidden = FORBIDDEN_CHARS.exec(text);
  if (forbidden) {
    const line = countLines(text, forbidden.index);
    const code = (forbidden[0].codePointAt(0) ?? 0).toString(16).padStart(4, "0");
    throw parseError(file, `YAML: character U+${code} is not allowed`, line);
  }
  const reader = new BlockReader(text.split("\n"));
  try {
    const documents = reader.readDocuments();
    return { documents, lineOf: (mapping, key) => reader.keyLines.get(mapping)?.get(key) };
  } catch (error: unknown) {
    if (error instanceof YamlLineError) throw parseError(file, `YAML: ${error.message}`, reader.lineNumber());
    // The reader recurses per level of nesting: a hostile file thousands of levels deep exhausts the
    // stack. pnpm writes five or so; say where it happened instead of "Maximum call stack size".
    if (error instanceof RangeError)
      throw parseError(file, "YAML: nested too deeply to read", reader.lineNumber(), error);
    throw error;
  }
}

function countLines(text: string, index: number): number {
  let line = 1;
  for (let p = text.indexOf("\n"); p >= 0 && p < index; p = text.indexOf("\n", p + 1)) line++;
  return line;
}

/** `---` or `...` at column 0, alone or followed by white space. */
function isMarker(line: string): boolean {
  const c = line.charCodeAt(0);
  if (c !== DASH && c !== DOT) return false;
  if (line.charCodeAt(1) !== c || line.charCodeAt(2) !== c) return false;
  return line.length === 3 || isSpace(line.charCodeAt(3));
}

function isSequenceItem(line: string, at: number): boolean {
  if (line.charCodeAt(at) !== DASH) return false;
  return at + 1 >= line.length || isSpace(line.charCodeAt(at + 1));
}

/** Whether what follows a scalar on a line is only white space and an optional comment. */
function endsLine(line: string, from: number): boolean {
  let p = from;
  while (p < line.length && isSpace(line.charCodeAt(p))) p++;
  if (p >= line.length) return true;
  return line.charCodeAt(p) === HASH && p > from;
}

class BlockReader {
  readonly keyLines = new Map<object, Map<string, number>>();
  /** Index of the current line. */
  private i = -1;
  /** Indentation of the current content line; -1 at a document marker or the end. */
  private indent = -1;

  constructor(private readonly lines: string[]) {}

  lineNumber(): number {
    return Math.min(this.i, this.lines.length - 1) + 1;
  }

  readDocuments(): YamlDocument[] {
    const documents: YamlDocument[] = [];
    const lines = this.lines;
    let i = 0;
    for (;;) {
      while (i < lines.length && isBlankOrComment(lines[i] as string)) i++;
      if (i >= lines.length) break;
      this.i = i;
      const line = lines[i] as string;
      if (line.charCodeAt(0) === 37) throw new YamlLineError("YAML directives (%) are not supported");
      if (isMarker(line) && line.charCodeAt(0) === DOT) {
        i++;
        continue;
      }
      let explicit = false;
      if (isMarker(line)) {
        if (!endsLine(line, 3)) throw new YamlLineError("content on the '---' line is not supported");
        explicit = true;
      } else {
        this.i = i - 1;
      }
      this.advance();
      const start = this.i + 1;
      if (this.indent < 0) {
        if (explicit) documents.push({ value: null, line: start });
      } else {
        const value = this.readBlock(this.indent, 0);
        if (this.indent >= 0) throw new YamlLineError("unexpected indentation");
        documents.push({ value, line: start });
      }
      i = this.i;
      // The reader stopped at a marker or the end; a `---` marker starts the next document.
      if (i < lines.length && (lines[i] as string).charCodeAt(0) === DOT) i++;
    }
    return documents;
  }

  /** Moves to the next line with content (skipping blank and comment lines). */
  private advance(): void {
    const lines = this.lines;
    const count = lines.length;
    let i = this.i + 1;
    for (; i < count; i++) {
      const line = lines[i] as string;
      const length = line.length;
      let p = 0;
      while (p < length && line.charCodeAt(p) === SPACE) p++;
      if (p === length) continue;
      const c = line.charCodeAt(p);
      if (c === HASH) continue;
      if (c === TAB) {
        if (isBlankOrComment(line)) continue;
        this.i = i;
        throw new YamlLineError("tabs cannot be used for indentation");
      }
      this.i = i;
      this.indent = p === 0 && isMarker(line) ? -1 : p;
      return;
    }
    this.i = i;
    this.indent = -1;
  }

  /** `depth` counts enclosing collections: key lines are kept down to LINE_DEPTH only. */
  private readBlock(indent: number, depth: number): unknown {
    const line = this.lines[this.i] as string;
    return isSequenceItem(line, indent) ? this.readSequence(indent, depth) : this.readMapping(indent, depth);
  }

  private readMapping(indent: number, depth: number): Record<string, unknown> {
    const map: Record<string, unknown> = {};
    let keyLines: Map<string, number> | undefined;
    if (depth < LINE_DEPTH) {
      keyLines = new Map<string, number>();
      this.keyLines.set(map, keyLines);
    }
    while (this.indent === indent) {
      const line = this.lines[this.i] as string;
      const lineNumber = this.i + 1;
      if (isSequenceItem(line, indent))
        throw new YamlLineError("a sequence item where a mapping key was expected");
      let key: string;
      let p: number;
      const c = line.charCodeAt(indent);
      if (c === SINGLE || c === DOUBLE) {
        const quoted = readQuoted(line, indent);
        key = quoted.value as string;
        p = quoted.end;
        while (p < line.length && isSpace(line.charCodeAt(p))) p++;
        if (line.charCodeAt(p) !== COLON) throw new YamlLineError("expected ':' after a quoted key");
        p++;
        if (p < line.length && !isSpace(line.charCodeAt(p)))
          throw new YamlLineError("expected a space after ':'");
      } else {
        if (isUnsupportedStart(c) || c === OPEN_BRACE || c === OPEN_BRACKET || c === QUESTION) {
          throw new YamlLineError(`expected a mapping key, found '${line[indent]}' (unsupported YAML)`);
        }
        const colon = keyColon(line, indent);
        if (colon < 0) throw new YamlLineError("expected 'key: value'");
        const raw = line.slice(indent, colon).trimEnd();
        if (raw === "" || raw.includes(" #") || raw.includes("\t#"))
          throw new YamlLineError("expected 'key: value'");
        key = plainKey(raw);
        p = colon + 1;
      }
      while (p < line.length && isSpace(line.charCodeAt(p))) p++;
      let value: unknown;
      if (p >= line.length || line.charCodeAt(p) === HASH) {
        this.advance();
        if (this.indent > indent) value = this.readBlock(this.indent, depth + 1);
        else if (this.indent === indent && isSequenceItem(this.lines[this.i] as string, indent))
          value = this.readSequence(indent, depth + 1);
        else value = null;
      } else {
        value = this.readInline(line, p);
        this.advance();
      }
      if (keyLines ? keyLines.has(key) : Object.hasOwn(map, key)) {
        this.i = lineNumber - 1;
        throw new YamlLineError(`duplicate key "${key}"`);
      }
      keyLines?.set(key, lineNumber);
      setProperty(map, key, value);
    }
    if (this.indent > indent) throw new YamlLineError("unexpected indentation");
    return map;
  }

  private readSequence(indent: number, depth: number): unknown[] {
    const items: unknown[] = [];
    while (this.indent === indent && isSequenceItem(this.lines[this.i] as string, indent)) {
      const line = this.lines[this.i] as string;
      let p = indent + 1;
      while (p < line.length && isSpace(line.charCodeAt(p))) p++;
      if (p >= line.length || line.charCodeAt(p) === HASH) {
        this.advance();
        items.push(this.indent > indent ? this.readBlock(this.indent, depth + 1) : null);
        continue;
      }
      if (isSequenceItem(line, p)) throw new YamlLineError("nested sequences on one line are not supported");
      if (startsMapping(line, p)) throw new YamlLineError("mappings inside sequence items are not supported");
      items.push(this.readInline(line, p));
      this.advance();
    }
    if (this.indent > indent) throw new YamlLineError("unexpected indentation");
    return items;
  }

  /** A value on the same line as its key or `-`: flow collection, quoted or plain scalar. */
  private readInline(line: string, p: number): unknown {
    const c = line.charCodeAt(p);
    if (c === OPEN_BRACE || c === OPEN_BRACKET || c === SINGLE || c === DOUBLE) {
      const read = c === SINGLE || c === DOUBLE ? readQuoted(line, p) : readFlow(line, p);
      if (!endsLine(line, read.end)) throw new YamlLineError("unexpected text after a value");
      return read.value;
    }
    if (
      isUnsupportedStart(c) ||
      ((c === QUESTION || c === COLON || c === DASH) && isSpaceOrEnd(line, p + 1))
    ) {
      throw new YamlLineError(`unsupported YAML value starting with '${line[p]}'`);
    }
    let end = line.indexOf(" #", p);
    const tabComment = line.indexOf("\t#", p);
    if (tabComment >= 0 && (end < 0 || tabComment < end)) end = tabComment;
    const raw = (end < 0 ? line.slice(p) : line.slice(p, end)).trimEnd();
    if (raw.includes(": ") || raw.includes(":\t") || raw.endsWith(":")) {
      throw new YamlLineError(
        "a mapping cannot start on the same line as a key (or quote a value with ': ')",
      );
    }
    return resolvePlain(raw);
  }
}

function isSpaceOrEnd(line: string, p: number): boolean {
  return p >= line.length || isSpace(line.charCodeAt(p));
}

function isBlankOrComment(line: string): boolean {
  for (let p = 0; p < line.length; p++) {
    const c = line.charCodeAt(p);
    if (c === HASH) return true;
    if (!isSpace(c)) return false;
  }
  return true;
}

/** Index of the `:` that ends a plain key (followed by white space or the end), or -1. */
function keyColon(line: string, from: number): number {
  for (let colon = line.indexOf(":", from); colon >= 0; colon = line.indexOf(":", colon + 1)) {
    if (colon + 1 >= line.length || isSpace(line.charCodeAt(colon + 1))) return colon;
  }
  return -1;
}

/** Whether a sequence item's text is a `key: value` pair (a mapping, which pnpm never writes there). */
function startsMapping(line: string, p: number): boolean {
  const c = line.charCodeAt(p);
  if (c === SINGLE || c === DOUBLE) {
    let end: number;
    try {
      end = readQuoted(line, p).end;
    } catch {
      return false;
    }
    while (end < line.length && isSpace(line.charCodeAt(end))) end++;
    return line.charCodeAt(end) === COLON;
  }
  if (c === OPEN_BRACE || c === OPEN_BRACKET) return false;
  const colon = keyColon(line, p);
  if (colon < 0) return false;
  const comment = line.indexOf(" #", p);
  return comment < 0 || colon < comment;
}
