import type { SourceImport } from "../../../imports/types.js";
import { COMPOUND_STATEMENTS, type PyToken, PythonLexer } from "./python-lexer.js";

interface OpenBlock {
  indent: number;
  kind: "type-checking" | "try";
}

/**
 * Every absolute module a Python file imports: `import a.b [as c], d`, `from a.b import c`
 * (relative `from . import x` and `from .m import x` are the project's own and left out), and
 * `importlib.import_module("m")` / `__import__("m")` with a literal. Imports under
 * `if TYPE_CHECKING:` are flagged type-only; imports in a `try:` body are flagged guarded.
 */
export function scanPythonImports(text: string): SourceImport[] {
  const found: SourceImport[] = [];
  const lexer = new PythonLexer(text);
  const blocks: OpenBlock[] = [];
  for (let logical = lexer.nextLine(); logical; logical = lexer.nextLine()) {
    for (let open = blocks.at(-1); open && logical.indent <= open.indent; open = blocks.at(-1)) blocks.pop();
    const context = {
      typeOnly: blocks.some((b) => b.kind === "type-checking"),
      guarded: blocks.some((b) => b.kind === "try"),
    };
    for (const statement of statements(logical.tokens)) {
      const opened = blockOpened(statement.tokens);
      if (opened && statement.last) blocks.push({ indent: logical.indent, kind: opened });
      const inline = {
        typeOnly: context.typeOnly || statement.inlineTypeChecking,
        guarded: context.guarded || statement.inlineTry,
      };
      importStatement(statement.tokens, inline, found);
      dynamicImports(statement.tokens, inline, found);
    }
  }
  return found;
}

interface Statement {
  tokens: PyToken[];
  /** The statement ends the logical line (a block it opens holds the following lines). */
  last: boolean;
  /** After `if TYPE_CHECKING:` or `try:` on the same line. */
  inlineTypeChecking: boolean;
  inlineTry: boolean;
}

/** Simple statements of a logical line: split at `;` and after a compound statement's `:`. */
function statements(tokens: PyToken[]): Statement[] {
  const result: Statement[] = [];
  let start = 0;
  let depth = 0;
  let inlineTypeChecking = false;
  let inlineTry = false;
  const push = (end: number, last: boolean): void => {
    if (end > start) result.push({ tokens: tokens.slice(start, end), last, inlineTypeChecking, inlineTry });
    start = end + 1;
  };
  for (const [i, token] of tokens.entries()) {
    if (token.kind !== "op") continue;
    const value = token.value;
    if (value === "(" || value === "[" || value === "{") depth++;
    else if (value === ")" || value === "]" || value === "}") depth = Math.max(0, depth - 1);
    else if (depth === 0 && value === ";") push(i, false);
    else if (depth === 0 && value === ":" && isCompoundStatement(tokens[start])) {
      const opened = blockOpened(tokens.slice(start, i + 1));
      push(i + 1, i === tokens.length - 1);
      start = i + 1;
      if (opened === "type-checking") inlineTypeChecking = true;
      if (opened === "try") inlineTry = true;
    }
  }
  push(tokens.length, true);
  return result;
}

function isCompoundStatement(first: PyToken | undefined): boolean {
  return first?.kind === "name" && COMPOUND_STATEMENTS.has(first.value);
}

/** `if TYPE_CHECKING:` (or `typing.TYPE_CHECKING`) and `try:` open the blocks that matter here. */
function blockOpened(tokens: PyToken[]): OpenBlock["kind"] | undefined {
  const first = tokens[0];
  const lastToken = tokens[tokens.length - 1];
  if (first?.kind !== "name" || lastToken?.value !== ":") return undefined;
  if (first.value === "try" && tokens.length === 2) return "try";
  if (first.value !== "if") return undefined;
  const condition = tokens.slice(1, -1);
  const names = condition.filter((_, i) => i % 2 === 0);
  const dots = condition.filter((_, i) => i % 2 === 1);
  const dotted =
    names.every((t) => t.kind === "name") && dots.every((t) => t.value === ".") && condition.length % 2 === 1;
  return dotted && condition[condition.length - 1]?.value === "TYPE_CHECKING" ? "type-checking" : undefined;
}

/** A dotted name from `tokens[at]`: `[value, next index]`, or undefined. */
function dottedName(tokens: PyToken[], at: number): [string, number] | undefined {
  const first = tokens[at];
  if (first?.kind !== "name") return undefined;
  let name = first.value;
  let i = at + 1;
  while (tokens[i]?.value === ".") {
    const part = tokens[i + 1];
    if (part?.kind !== "name") break;
    name += `.${part.value}`;
    i += 2;
  }
  return [name, i];
}

function importStatement(
  tokens: PyToken[],
  context: { typeOnly: boolean; guarded: boolean },
  found: SourceImport[],
): void {
  const first = tokens[0];
  if (first?.kind !== "name") return;
  if (first.value === "import") {
    let i = 1;
    while (i < tokens.length) {
      const name = dottedName(tokens, i);
      if (!name) return;
      found.push({ specifier: name[0], line: first.line, kind: "static", ...context });
      i = name[1];
      if (tokens[i]?.value === "as") i += 2;
      if (tokens[i]?.value !== ",") return;
      i++;
    }
    return;
  }
  if (first.value !== "from" || tokens[1]?.value === ".") return; // relative imports are first-party
  const module = dottedName(tokens, 1);
  if (!module || tokens[module[1]]?.value !== "import") return;
  const names: string[] = [];
  let previous = tokens[module[1]];
  for (const token of tokens.slice(module[1] + 1)) {
    if (token.kind === "name" && previous?.value !== "as" && token.value !== "as") names.push(token.value);
    previous = token;
  }
  found.push({ specifier: module[0], line: first.line, kind: "static", ...context, names });
}

/** `importlib.import_module("m")`, `import_module("m")`, `__import__("m")`. */
function dynamicImports(
  tokens: PyToken[],
  context: { typeOnly: boolean; guarded: boolean },
  found: SourceImport[],
): void {
  for (const [i, token] of tokens.entries()) {
    if (token.kind !== "name" || (token.value !== "import_module" && token.value !== "__import__")) continue;
    const argument = tokens[i + 2];
    if (tokens[i + 1]?.value !== "(" || argument?.kind !== "str") continue;
    if (argument.value === "" || argument.value.startsWith(".") || !/^[\w.]+$/.test(argument.value)) continue;
    found.push({ specifier: argument.value, line: token.line, kind: "dynamic", ...context });
  }
}
