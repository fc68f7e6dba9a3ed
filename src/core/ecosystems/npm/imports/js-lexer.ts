/**
 * A small JavaScript/TypeScript tokenizer for finding imports: it knows exactly enough of the
 * language to skip comments, strings, template literals, regular expressions and JSX correctly
 * (so `"require('x')"` in a string is never an import), and nothing more. No syntax tree is built;
 * tokens are exposed through fields to avoid an allocation per token.
 */

export const TOKEN = {
  EOF: 0,
  IDENT: 1,
  STRING: 2,
  /** A template literal chunk; `noSubstitution` tells whether it is a whole `...` without `${`. */
  TEMPLATE: 3,
  PUNCT: 4,
  NUMBER: 5,
  REGEX: 6,
  /** A whole JSX element, skipped. */
  JSX: 7,
} as const;
export type TokenType = (typeof TOKEN)[keyof typeof TOKEN];

// What the mode stack can hold: a JS block, a template substitution, and JSX states.
const BRACE = 0;
const TEMPLATE = 1;
const JSX_TAG = 2;
const JSX_CHILDREN = 3;
const JSX_ATTR_EXPR = 4;
const JSX_CHILD_EXPR = 5;

/** Keywords after which `/` starts a regular expression and `<` may start JSX. */
const EXPRESSION_KEYWORDS = new Set([
  "return",
  "typeof",
  "instanceof",
  "in",
  "of",
  "new",
  "delete",
  "void",
  "throw",
  "case",
  "do",
  "else",
  "yield",
  "await",
  "extends",
]);

function isIdentStart(c: number): boolean {
  return (
    (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 36 || c === 95 || c === 35 || c === 92 || c >= 128
  );
}

function isIdentPart(c: number): boolean {
  return isIdentStart(c) || (c >= 48 && c <= 57);
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

export class JsLexer {
  /** The current token. */
  type: TokenType = TOKEN.EOF;
  value = "";
  line = 1;
  /** For TEMPLATE tokens: the literal has no `${}` (a plain string in backticks). */
  noSubstitution = false;
  /** The token before the current one (for `obj.require(...)`, `typeof import(...)`). */
  beforeType: TokenType = TOKEN.EOF;
  beforeValue = "";

  private pos = 0;
  private currentLine = 1;
  private readonly modes: number[] = [BRACE];
  private replay = false;
  private readonly text: string;
  private readonly jsx: boolean;

  constructor(text: string, options: { jsx: boolean }) {
    this.text = text;
    this.jsx = options.jsx;
    // A hashbang line is not JavaScript.
    if (text.charCodeAt(0) === 35 && text.charCodeAt(1) === 33) this.skipLine();
  }

  /** Nesting of blocks, template substitutions and JSX expressions at the current position. */
  get depth(): number {
    return this.modes.length;
  }

  /** Makes the next `next()` return the current token again. */
  pushBack(): void {
    this.replay = true;
  }

  next(): TokenType {
    if (this.replay) {
      this.replay = false;
      return this.type;
    }
    this.beforeType = this.type;
    this.beforeValue = this.value;
    this.noSubstitution = false;
    const mode = this.modes[this.modes.length - 1];
    if (mode === JSX_TAG || mode === JSX_CHILDREN) return this.scanJsx();
    this.skipTrivia();
    this.line = this.currentLine;
    const text = this.text;
    if (this.pos >= text.length) return this.emit(TOKEN.EOF, "");
    const c = text.charCodeAt(this.pos);
    if (isIdentStart(c)) {
      const start = this.pos++;
      while (this.pos < text.length && isIdentPart(text.charCodeAt(this.pos))) this.pos++;
      return this.emit(TOKEN.IDENT, text.slice(start, this.pos));
    }
    if (c === 34 || c === 39) return this.emit(TOKEN.STRING, this.scanString(c));
    if (c === 96) {
      this.pos++;
      return this.scanTemplate(true);
    }
    if (isDigit(c) || (c === 46 && isDigit(text.charCodeAt(this.pos + 1)))) {
      const start = this.pos++;
      while (this.pos < text.length) {
        const d = text.charCodeAt(this.pos);
        if (!(isIdentPart(d) || d === 46)) break;
        this.pos++;
      }
      return this.emit(TOKEN.NUMBER, text.slice(start, this.pos));
    }
    // `this.type` still holds the previous token here, which decides what `/` and `<` mean.
    if (c === 47 && this.expressionAllowed()) {
      const regex = this.scanRegex();
      if (regex !== undefined) return this.emit(TOKEN.REGEX, regex);
    }
    if (c === 60 && this.jsx && this.expressionAllowed() && this.looksLikeJsx()) {
      this.pos++;
      this.modes.push(JSX_TAG);
      return this.scanJsx();
    }
    return this.scanPunct(c);
  }

  private emit(type: TokenType, value: string): TokenType {
    this.type = type;
    this.value = value;
    return type;
  }

  /** Whether a `/` here starts a regular expression (and a `<` may start JSX). */
  private expressionAllowed(): boolean {
    switch (this.type) {
      case TOKEN.EOF:
        return true;
      case TOKEN.IDENT:
        return EXPRESSION_KEYWORDS.has(this.value);
      case TOKEN.PUNCT:
        // After `}` a statement usually starts; `)`, `]` and postfix `++`/`--` end an operand.
        return !(this.value === ")" || this.value === "]" || this.value === "++" || this.value === "--");
      default:
        return false;
    }
  }

  private scanPunct(c: number): TokenType {
    const text = this.text;
    const next = text.charCodeAt(this.pos + 1);
    if (c === 123) {
      this.pos++;
      this.modes.push(BRACE);
      return this.emit(TOKEN.PUNCT, "{");
    }
    if (c === 125) {
      this.pos++;
      const top = this.modes[this.modes.length - 1];
      if (top === TEMPLATE) {
        this.modes.pop();
        return this.scanTemplate(false);
      }
      // Unbalanced `}` (broken code) must not pop the base mode.
      if (this.modes.length > 1) this.modes.pop();
      return this.emit(TOKEN.PUNCT, "}");
    }
    if (c === 63 && next === 46 && !isDigit(text.charCodeAt(this.pos + 2))) {
      this.pos += 2;
      return this.emit(TOKEN.PUNCT, "?.");
    }
    if ((c === 43 || c === 45) && next === c) {
      this.pos += 2;
      return this.emit(TOKEN.PUNCT, c === 43 ? "++" : "--");
    }
    if (c === 61 && next === 62) {
      this.pos += 2;
      return this.emit(TOKEN.PUNCT, "=>");
    }
    this.pos++;
    return this.emit(TOKEN.PUNCT, text.charAt(this.pos - 1));
  }

  /** Whitespace and comments; counts lines. */
  private skipTrivia(): void {
    const text = this.text;
    while (this.pos < text.length) {
      const c = text.charCodeAt(this.pos);
      if (c === 10) {
        this.currentLine++;
        this.pos++;
      } else if (c === 32 || c === 9 || c === 13 || c === 0xfeff || c === 0xa0 || c === 11 || c === 12) {
        this.pos++;
      } else if (c === 47 && text.charCodeAt(this.pos + 1) === 47) {
        this.skipLine();
      } else if (c === 47 && text.charCodeAt(this.pos + 1) === 42) {
        const end = text.indexOf("*/", this.pos + 2);
        const stop = end === -1 ? text.length : end + 2;
        this.countLines(this.pos, stop);
        this.pos = stop;
      } else if (c === 0x2028 || c === 0x2029) {
        this.currentLine++;
        this.pos++;
      } else {
        return;
      }
    }
  }

  private skipLine(): void {
    const end = this.text.indexOf("\n", this.pos);
    this.pos = end === -1 ? this.text.length : end;
  }

  private countLines(from: number, to: number): void {
    const text = this.text;
    let at = text.indexOf("\n", from);
    while (at !== -1 && at < to) {
      this.currentLine++;
      at = text.indexOf("\n", at + 1);
    }
  }

  /** A quoted string; an unterminated one ends at the line's end so one typo cannot swallow a file. */
  private scanString(quote: number): string {
    const text = this.text;
    const start = ++this.pos;
    let escaped = false;
    while (this.pos < text.length) {
      const c = text.charCodeAt(this.pos);
      if (c === quote) {
        const raw = text.slice(start, this.pos++);
        return escaped ? unescapeSimple(raw) : raw;
      }
      if (c === 92) {
        escaped = true;
        if (text.charCodeAt(this.pos + 1) === 10) this.currentLine++;
        this.pos += 2;
        continue;
      }
      if (c === 10) break;
      this.pos++;
    }
    return text.slice(start, this.pos);
  }

  /** A template chunk from after a backtick or a substitution's `}` to the next `${` or backtick. */
  private scanTemplate(head: boolean): TokenType {
    const text = this.text;
    const start = this.pos;
    while (this.pos < text.length) {
      const c = text.charCodeAt(this.pos);
      if (c === 96) {
        const value = text.slice(start, this.pos++);
        this.noSubstitution = head;
        return this.emit(TOKEN.TEMPLATE, value);
      }
      if (c === 36 && text.charCodeAt(this.pos + 1) === 123) {
        const value = text.slice(start, this.pos);
        this.pos += 2;
        this.modes.push(TEMPLATE);
        return this.emit(TOKEN.TEMPLATE, value);
      }
      if (c === 92) {
        if (text.charCodeAt(this.pos + 1) === 10) this.currentLine++;
        this.pos += 2;
        continue;
      }
      if (c === 10) this.currentLine++;
      this.pos++;
    }
    return this.emit(TOKEN.TEMPLATE, text.slice(start));
  }

  /**
   * A regular expression literal, or undefined when the line ends first (then the `/` was a
   * division after all and is lexed as punctuation).
   */
  private scanRegex(): string | undefined {
    const text = this.text;
    let at = this.pos + 1;
    let inClass = false;
    while (at < text.length) {
      const c = text.charCodeAt(at);
      if (c === 10 || c === 13) return undefined;
      if (c === 92) {
        at += 2;
        continue;
      }
      if (c === 91) inClass = true;
      else if (c === 93) inClass = false;
      else if (c === 47 && !inClass) break;
      at++;
    }
    if (at >= text.length) return undefined;
    at++;
    while (at < text.length && isIdentPart(text.charCodeAt(at))) at++; // flags
    const value = text.slice(this.pos, at);
    this.pos = at;
    return value;
  }

  /** `<` followed by a tag name or `>`, and not a TSX generic arrow (`<T,>`, `<T extends U>`). */
  private looksLikeJsx(): boolean {
    const text = this.text;
    const c = text.charCodeAt(this.pos + 1);
    if (c === 62) return true;
    if (!isIdentStart(c)) return false;
    let at = this.pos + 2;
    while (at < text.length && (isIdentPart(text.charCodeAt(at)) || text.charCodeAt(at) === 46)) at++;
    while (text.charCodeAt(at) === 32) at++;
    if (text.charCodeAt(at) === 44) return false;
    return !text.startsWith("extends ", at);
  }

  /**
   * Skips JSX until it opens an expression container (returns `{`, the tokens inside are ordinary
   * JavaScript) or its outermost element closes (returns one JSX token).
   */
  private scanJsx(): TokenType {
    const text = this.text;
    this.line = this.currentLine;
    while (this.pos < text.length) {
      const top = this.modes[this.modes.length - 1];
      const c = text.charCodeAt(this.pos);
      if (c === 10) this.currentLine++;
      if (top === JSX_TAG) {
        if (c === 123) {
          this.pos++;
          this.modes.push(JSX_ATTR_EXPR);
          return this.emit(TOKEN.PUNCT, "{");
        }
        if (c === 34 || c === 39) {
          const end = text.indexOf(text.charAt(this.pos), this.pos + 1);
          const stop = end === -1 ? text.length : end + 1;
          this.countLines(this.pos, stop);
          this.pos = stop;
          continue;
        }
        if (c === 47 && text.charCodeAt(this.pos + 1) === 62) {
          this.pos += 2;
          this.modes.pop();
          if (this.modes[this.modes.length - 1] !== JSX_CHILDREN) return this.emit(TOKEN.JSX, "");
          continue;
        }
        if (c === 62) this.modes[this.modes.length - 1] = JSX_CHILDREN;
        this.pos++;
        continue;
      }
      // Children: text, nested elements, closing tags and `{expression}` containers.
      if (c === 123) {
        this.pos++;
        this.modes.push(JSX_CHILD_EXPR);
        return this.emit(TOKEN.PUNCT, "{");
      }
      if (c === 60 && text.charCodeAt(this.pos + 1) === 47) {
        const end = text.indexOf(">", this.pos);
        const stop = end === -1 ? text.length : end + 1;
        this.countLines(this.pos, stop);
        this.pos = stop;
        this.modes.pop();
        if (this.modes[this.modes.length - 1] !== JSX_CHILDREN) return this.emit(TOKEN.JSX, "");
        continue;
      }
      if (c === 60) this.modes.push(JSX_TAG);
      this.pos++;
    }
    return this.emit(TOKEN.EOF, "");
  }
}

/** Module specifiers rarely hold escapes; the common ones are resolved, others kept as written. */
function unescapeSimple(raw: string): string {
  return raw.replace(/\\(u\{[0-9a-fA-F]+\}|u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|.)/g, (_, sequence: string) => {
    if (sequence.startsWith("u{")) return String.fromCodePoint(Number.parseInt(sequence.slice(2, -1), 16));
    if (sequence.length > 1) return String.fromCharCode(Number.parseInt(sequence.slice(1), 16));
    return sequence;
  });
}
