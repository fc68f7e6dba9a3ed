/**
 * Splits Python source into logical lines of simple tokens, skipping comments and every kind of
 * string literal (prefixed, triple-quoted, f-strings with nested quotes as Python 3.12 allows),
 * so that `"import x"` inside a string is never taken for an import. Just enough for imports.
 */

export interface PyToken {
  /** `name`, an operator or bracket character, or `str` for a string literal. */
  kind: "name" | "op" | "str";
  value: string;
  line: number;
}

export interface LogicalLine {
  /** Indentation width of the line's first physical line (tabs to multiples of 8). */
  indent: number;
  tokens: PyToken[];
}

/** Statements that open a block, after whose `:` another statement may follow on the same line. */
export const COMPOUND_STATEMENTS: ReadonlySet<string> = new Set([
  "if",
  "elif",
  "else",
  "try",
  "except",
  "finally",
  "with",
  "for",
  "while",
  "def",
  "class",
]);

/** First tokens of lines that may import (directly, or after a compound statement's `:`). */
const STATEMENT_STARTS = new Set(["import", "from", ...COMPOUND_STATEMENTS]);
const IMPORTERS = new Set(["import_module", "__import__"]);

const STRING_PREFIXES = new Set(["r", "u", "f", "b", "t", "br", "rb", "fr", "rf", "tr", "rt"]);

function isNameStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || c >= 128;
}

function isNamePart(c: number): boolean {
  return isNameStart(c) || (c >= 48 && c <= 57);
}

export class PythonLexer {
  private pos = 0;
  private line = 1;
  private readonly text: string;

  constructor(text: string) {
    this.text = text;
  }

  /** The next logical line with at least one token, or undefined at the end. */
  nextLine(): LogicalLine | undefined {
    const text = this.text;
    while (this.pos < text.length) {
      const indent = this.indentation();
      const tokens: PyToken[] = [];
      let depth = 0;
      // Most lines cannot hold an import: after their first token only what may start another
      // statement (`;`) or call an importer is kept, which spares an object per token.
      let collect = true;
      const add = (kind: PyToken["kind"], value: string, line: number): void => {
        if (
          !collect &&
          !(kind === "name" ? IMPORTERS.has(value) : kind === "op" && value === ";" && depth === 0)
        )
          return;
        tokens.push({ kind, value, line });
        collect =
          tokens.length > 1 || (kind === "name" && (STATEMENT_STARTS.has(value) || IMPORTERS.has(value)));
      };
      while (this.pos < text.length) {
        const c = text.charCodeAt(this.pos);
        if (c === 10) {
          this.pos++;
          this.line++;
          if (depth === 0) break;
          continue;
        }
        if (c === 32 || c === 9 || c === 13 || c === 12) {
          this.pos++;
        } else if (c === 35) {
          const end = text.indexOf("\n", this.pos);
          this.pos = end === -1 ? text.length : end;
        } else if (
          c === 92 &&
          (text.charCodeAt(this.pos + 1) === 10 || text.charCodeAt(this.pos + 1) === 13)
        ) {
          // Explicit line joining.
          this.pos += text.charCodeAt(this.pos + 1) === 13 ? 3 : 2;
          this.line++;
        } else if (c === 34 || c === 39) {
          const line = this.line;
          add("str", this.string(""), line);
        } else if (isNameStart(c)) {
          const start = this.pos++;
          while (this.pos < text.length && isNamePart(text.charCodeAt(this.pos))) this.pos++;
          const name = text.slice(start, this.pos);
          const quote = text.charCodeAt(this.pos);
          if ((quote === 34 || quote === 39) && STRING_PREFIXES.has(name.toLowerCase())) {
            const line = this.line;
            add("str", this.string(name.toLowerCase()), line);
          } else {
            add("name", name, this.line);
          }
        } else {
          if (c === 40 || c === 91 || c === 123) depth++;
          else if ((c === 41 || c === 93 || c === 125) && depth > 0) depth--;
          add("op", text.charAt(this.pos), this.line);
          this.pos++;
        }
      }
      if (tokens.length > 0) return { indent, tokens };
    }
    return undefined;
  }

  private indentation(): number {
    let width = 0;
    for (;;) {
      const c = this.text.charCodeAt(this.pos);
      if (c === 32) width++;
      else if (c === 9) width = (Math.floor(width / 8) + 1) * 8;
      else if (c === 12) width = 0;
      else return width;
      this.pos++;
    }
  }

  /** A string literal starting at the quote; returns its raw content. */
  private string(prefix: string): string {
    const text = this.text;
    const quote = text.charCodeAt(this.pos);
    const triple = text.charCodeAt(this.pos + 1) === quote && text.charCodeAt(this.pos + 2) === quote;
    this.pos += triple ? 3 : 1;
    const start = this.pos;
    const format = prefix.includes("f") || prefix.includes("t");
    while (this.pos < text.length) {
      const c = text.charCodeAt(this.pos);
      if (c === quote) {
        if (!triple) return text.slice(start, this.pos++);
        if (text.charCodeAt(this.pos + 1) === quote && text.charCodeAt(this.pos + 2) === quote) {
          const value = text.slice(start, this.pos);
          this.pos += 3;
          return value;
        }
        this.pos++;
      } else if (c === 92) {
        if (text.charCodeAt(this.pos + 1) === 10) this.line++;
        this.pos += 2;
      } else if (c === 10) {
        if (!triple) return text.slice(start, this.pos); // unterminated: stop at the line's end
        this.line++;
        this.pos++;
      } else if (c === 123 && format) {
        if (text.charCodeAt(this.pos + 1) === 123) this.pos += 2;
        else {
          this.pos++;
          this.replacementField();
        }
      } else {
        this.pos++;
      }
    }
    return text.slice(start);
  }

  /** An f-string `{expression!r:spec}` after its `{`: nested strings and fields are skipped. */
  private replacementField(): void {
    const text = this.text;
    let depth = 0;
    while (this.pos < text.length) {
      const c = text.charCodeAt(this.pos);
      if (c === 34 || c === 39) {
        this.string("");
        continue;
      }
      if (isNameStart(c)) {
        const start = this.pos;
        while (this.pos < text.length && isNamePart(text.charCodeAt(this.pos))) this.pos++;
        const quote = text.charCodeAt(this.pos);
        const name = text.slice(start, this.pos).toLowerCase();
        if ((quote === 34 || quote === 39) && STRING_PREFIXES.has(name)) this.string(name);
        continue;
      }
      if (c === 10) this.line++;
      this.pos++;
      if (c === 40 || c === 91 || c === 123) depth++;
      else if ((c === 41 || c === 93) && depth > 0) depth--;
      else if (c === 125) {
        if (depth === 0) return;
        depth--;
      } else if (c === 58 && depth === 0) {
        this.formatSpec();
        return;
      }
    }
  }

  /** A format spec up to the field's closing `}`: literal text with nested `{fields}`. */
  private formatSpec(): void {
    const text = this.text;
    while (this.pos < text.length) {
      const c = text.charCodeAt(this.pos++);
      if (c === 10) this.line++;
      if (c === 125) return;
      if (c === 123) this.replacementField();
    }
  }
}
