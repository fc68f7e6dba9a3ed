import type { ImportKind, SourceImport } from "../../../imports/types.js";
import { JsLexer, TOKEN } from "./js-lexer.js";

export interface JsScanOptions {
  /** Recognise JSX (`.js`, `.jsx`, `.tsx`, …; not `.ts`, where `<T>x` is a type assertion). */
  jsx: boolean;
}

/** Property names that make `import("m").x` a runtime promise chain rather than a type reference. */
const PROMISE_METHODS = new Set(["then", "catch", "finally"]);

/**
 * Every module a JavaScript or TypeScript file refers to with a literal specifier: static and
 * side-effect imports, re-exports, `import()`, `require()`, `require.resolve()`,
 * `import.meta.resolve()` and `import x = require()`; type-only forms are flagged, not dropped.
 */
export function scanJsImports(text: string, options: JsScanOptions): SourceImport[] {
  return new JsImportScanner(text, options).scan();
}

class JsImportScanner {
  private readonly lexer: JsLexer;
  private readonly found: SourceImport[] = [];
  /** Lexer depths of the open `try { … }` bodies. */
  private readonly tryDepths: number[] = [];

  constructor(text: string, options: JsScanOptions) {
    this.lexer = new JsLexer(text, options);
  }

  scan(): SourceImport[] {
    const lexer = this.lexer;
    for (;;) {
      const type = lexer.next();
      if (type === TOKEN.EOF) return this.found;
      if (type === TOKEN.PUNCT && lexer.value === "}") this.closeTries();
      if (type !== TOKEN.IDENT) continue;
      const before = lexer.beforeType === TOKEN.PUNCT ? lexer.beforeValue : "";
      if (before === "." || before === "?.") continue; // obj.require(), obj.import
      switch (lexer.value) {
        case "import":
          this.importKeyword(lexer.beforeType === TOKEN.IDENT && lexer.beforeValue === "typeof");
          break;
        case "export":
          this.exportKeyword();
          break;
        case "require":
          this.requireCall(false);
          break;
        case "try":
          lexer.next();
          if (this.isPunct("{")) this.tryDepths.push(lexer.depth);
          else lexer.pushBack();
          break;
      }
    }
  }

  private closeTries(): void {
    const depth = this.lexer.depth;
    for (let top = this.tryDepths.at(-1); top !== undefined && top > depth; top = this.tryDepths.at(-1)) {
      this.tryDepths.pop();
    }
  }

  private record(specifier: string, line: number, kind: ImportKind, typeOnly: boolean): void {
    this.found.push({ specifier, line, kind, typeOnly, guarded: this.tryDepths.length > 0 });
  }

  private isPunct(value: string): boolean {
    return this.lexer.type === TOKEN.PUNCT && this.lexer.value === value;
  }

  private isIdent(value: string): boolean {
    return this.lexer.type === TOKEN.IDENT && this.lexer.value === value;
  }

  /** The next token if it is a string literal (or a template without substitutions). */
  private literal(): string | undefined {
    const type = this.lexer.next();
    if (type === TOKEN.STRING || (type === TOKEN.TEMPLATE && this.lexer.noSubstitution)) {
      return this.lexer.value;
    }
    this.lexer.pushBack();
    return undefined;
  }

  /** `( "m" )` after `require`, `require.resolve`, `import.meta.resolve`. */
  private callArgument(): { specifier: string; line: number } | undefined {
    const lexer = this.lexer;
    lexer.next();
    if (!this.isPunct("(")) {
      lexer.pushBack();
      return undefined;
    }
    const line = lexer.line;
    const specifier = this.literal();
    if (specifier === undefined) return undefined;
    lexer.next();
    if (this.isPunct(")") || this.isPunct(",")) return { specifier, line };
    lexer.pushBack();
    return undefined;
  }

  private requireCall(typeOnly: boolean): void {
    const lexer = this.lexer;
    const line = lexer.line;
    lexer.next();
    if (this.isPunct(".")) {
      lexer.next();
      if (!this.isIdent("resolve")) {
        lexer.pushBack();
        return;
      }
      const call = this.callArgument();
      if (call) this.record(call.specifier, call.line, "resolve", typeOnly);
      return;
    }
    lexer.pushBack();
    const call = this.callArgument();
    if (call) this.record(call.specifier, line, "require", typeOnly);
  }

  private importKeyword(afterTypeof: boolean): void {
    const lexer = this.lexer;
    const line = lexer.line;
    const type = lexer.next();
    if (type === TOKEN.PUNCT && lexer.value === "(") {
      lexer.pushBack();
      const call = this.callArgument();
      if (!call) return;
      // `import("m").Foo` in a type position, unlike `import("m").then(…)`.
      let typeOnly = afterTypeof;
      lexer.next();
      if (this.isPunct(".")) {
        lexer.next();
        if (lexer.type === TOKEN.IDENT && !PROMISE_METHODS.has(lexer.value)) typeOnly = true;
      }
      lexer.pushBack();
      this.record(call.specifier, line, "dynamic", typeOnly);
      return;
    }
    if (type === TOKEN.PUNCT && lexer.value === ".") {
      lexer.next();
      if (!this.isIdent("meta")) {
        lexer.pushBack();
        return;
      }
      lexer.next();
      if (!this.isPunct(".")) {
        lexer.pushBack();
        return;
      }
      lexer.next();
      if (!this.isIdent("resolve")) {
        lexer.pushBack();
        return;
      }
      const call = this.callArgument();
      if (call) this.record(call.specifier, call.line, "resolve", false);
      return;
    }
    if (type === TOKEN.STRING) {
      this.record(lexer.value, line, "static", false);
      return;
    }
    lexer.pushBack();
    this.importClause(line);
  }

  /** `import [type] default, * as ns, { a, type B } from "m"` and `import x = require("m")`. */
  private importClause(line: number): void {
    const lexer = this.lexer;
    let typeClause = false;
    let valueBinding = false;
    lexer.next();
    if (this.isIdent("type")) {
      lexer.next();
      // `import type from "m"`, `import type, { a } from "m"`, `import type = require("m")` bind `type`.
      if (this.isIdent("from") || this.isPunct(",") || this.isPunct("=")) valueBinding = true;
      else typeClause = true;
    }
    lexer.pushBack();
    let named = 0;
    let typeNamed = 0;
    for (let guard = 0; guard < 10_000; guard++) {
      const type = lexer.next();
      if (type === TOKEN.IDENT) {
        if (lexer.value === "from") {
          const specifier = this.literal();
          if (specifier !== undefined) {
            const erased = typeClause || (!valueBinding && named > 0 && typeNamed === named);
            this.record(specifier, line, "static", erased);
            return;
          }
          valueBinding = true; // a default binding named `from`
          continue;
        }
        if (lexer.value === "import" || lexer.value === "export") {
          lexer.pushBack();
          return;
        }
        if (lexer.value !== "as") valueBinding = true;
        continue;
      }
      if (type === TOKEN.PUNCT) {
        const value = lexer.value;
        if (value === "*" || value === ",") {
          if (value === "*") valueBinding = true;
          continue;
        }
        if (value === "{") {
          const specifiers = this.namedSpecifiers();
          named += specifiers.total;
          typeNamed += specifiers.typeOnly;
          continue;
        }
        if (value === "=") {
          lexer.next();
          if (this.isIdent("require")) this.requireCall(typeClause);
          else lexer.pushBack();
          return;
        }
      }
      lexer.pushBack();
      return;
    }
  }

  /** `{ a, b as c, type D, "e-f" as g }` up to and including `}`. */
  private namedSpecifiers(): { total: number; typeOnly: number } {
    const lexer = this.lexer;
    let total = 0;
    let typeOnly = 0;
    let words: string[] = [];
    const finish = (): void => {
      if (words.length === 0) return;
      total++;
      // `type A`, `type A as B`, `type as as B` are type-only; `type`, `type as B` import `type`.
      if (words[0] === "type" && words.length >= 2 && !(words.length === 3 && words[1] === "as")) typeOnly++;
      words = [];
    };
    for (let guard = 0; guard < 10_000; guard++) {
      const type = lexer.next();
      if (type === TOKEN.IDENT || type === TOKEN.STRING) {
        words.push(lexer.value);
        continue;
      }
      if (type === TOKEN.PUNCT && lexer.value === ",") {
        finish();
        continue;
      }
      if (type === TOKEN.PUNCT && lexer.value === "}") {
        this.closeTries();
        break;
      }
      lexer.pushBack();
      break;
    }
    finish();
    return { total, typeOnly };
  }

  /** `export [type] * [as ns] from "m"`, `export [type] { a, type B } from "m"`. */
  private exportKeyword(): void {
    const lexer = this.lexer;
    const line = lexer.line;
    let typeClause = false;
    lexer.next();
    if (this.isIdent("type")) {
      lexer.next();
      if (!(this.isPunct("{") || this.isPunct("*"))) {
        lexer.pushBack();
        return;
      } // `export type T = …`
      typeClause = true;
    }
    if (this.isPunct("*")) {
      lexer.next();
      if (this.isIdent("as")) {
        lexer.next(); // the namespace name (an identifier or a string)
        lexer.next();
      }
      if (!this.isIdent("from")) {
        lexer.pushBack();
        return;
      }
      const specifier = this.literal();
      if (specifier !== undefined) this.record(specifier, line, "reexport", typeClause);
      return;
    }
    if (!this.isPunct("{")) {
      lexer.pushBack();
      return;
    }
    const specifiers = this.namedSpecifiers();
    lexer.next();
    if (!this.isIdent("from")) {
      lexer.pushBack();
      return;
    } // a local `export { a, b }`
    const specifier = this.literal();
    if (specifier === undefined) return;
    const erased = typeClause || (specifiers.total > 0 && specifiers.typeOnly === specifiers.total);
    this.record(specifier, line, "reexport", erased);
  }
}
