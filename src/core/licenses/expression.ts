/**
 * SPDX licence expressions (SPDX 2.3 Annex D): the syntax tree, a parser, a canonical printer and
 * the syntactic check the SBOM exporters use.
 * Precedence is `+` > `WITH` > `AND` > `OR`; AND and OR nodes are n-ary and flattened, so
 * `A AND B AND C` is one node and prints without parentheses.
 */
export type LicenseExpression = LicenseLeaf | LicenseCompound;

export interface LicenseLeaf {
  type: "license";
  /** An SPDX id, a `LicenseRef-…`, or (before resolution) the text of an unresolved term. */
  id: string;
  /** The `+` operator: this version or any later one. */
  orLater: boolean;
  exception?: string;
}

export interface LicenseCompound {
  type: "and" | "or";
  operands: LicenseExpression[];
}

/** A lexical unit: parentheses, operators, or a term (one word, or several words in lenient mode). */
type Token = { kind: "(" | ")" | "AND" | "OR" | "WITH"; text: string } | { kind: "term"; text: string };

export interface ParseOptions {
  /**
   * Lenient mode reads what people write in package metadata: lower-case operators, and terms of
   * several words ("Apache 2.0 OR MIT") left for the caller to correct. Strict mode is the SPDX
   * grammar: upper-case operators and single-word ids.
   */
  lenient?: boolean;
}

export type ParseResult =
  | { ok: true; expression: LicenseExpression; lowerCaseOperators: boolean }
  | { ok: false; error: string };

/** Words after a lower-case "or" that make it part of a licence name ("GPLv2 or later"). */
const OR_CONTINUATIONS = /^(?:later|newer|greater|any|higher)$/i;

function tokenize(text: string, lenient: boolean): Token[] {
  const words = text.match(/\(|\)|[^\s()]+/g) ?? [];
  const tokens: Token[] = [];
  for (const [i, word] of words.entries()) {
    const upper = word.toUpperCase();
    const isOperator =
      word === "(" ||
      word === ")" ||
      ((upper === "AND" || upper === "OR" || upper === "WITH") &&
        (word === upper || (lenient && !(upper === "OR" && OR_CONTINUATIONS.test(words[i + 1] ?? "")))));
    if (isOperator) {
      tokens.push({ kind: upper as "(" | ")" | "AND" | "OR" | "WITH", text: word });
      continue;
    }
    const last = tokens.at(-1);
    if (lenient && last?.kind === "term") last.text += ` ${word}`;
    else tokens.push({ kind: "term", text: word });
  }
  return tokens;
}

/** Parses an expression; ids are not checked against the SPDX list here (see normalise.ts). */
export function parseLicenseExpression(text: string, options: ParseOptions = {}): ParseResult {
  const lenient = options.lenient === true;
  const tokens = tokenize(text, lenient);
  let position = 0;
  const lowerCaseOperators = tokens.some((t) => t.kind !== "term" && t.text !== t.kind);

  const fail = (message: string): never => {
    throw new ExpressionSyntaxError(message);
  };
  const parseOr = (): LicenseExpression => {
    const operands = [parseAnd()];
    while (tokens[position]?.kind === "OR") {
      position++;
      operands.push(parseAnd());
    }
    return combine("or", operands);
  };
  const parseAnd = (): LicenseExpression => {
    const operands = [parsePrimary()];
    while (tokens[position]?.kind === "AND") {
      position++;
      operands.push(parsePrimary());
    }
    return combine("and", operands);
  };
  const parsePrimary = (): LicenseExpression => {
    const token = tokens[position];
    if (!token) return fail("the expression ends where a licence was expected");
    if (token.kind === "(") {
      position++;
      const inner = parseOr();
      if (tokens[position]?.kind !== ")") fail("a parenthesis is not closed");
      position++;
      return inner;
    }
    if (token.kind !== "term") return fail(`"${token.text}" where a licence was expected`);
    position++;
    const leaf = leafOf(token.text);
    if (tokens[position]?.kind === "WITH") {
      position++;
      const exception = tokens[position];
      if (exception?.kind !== "term") return fail("WITH is not followed by an exception");
      position++;
      leaf.exception = exception.text;
    }
    return leaf;
  };

  try {
    if (tokens.length === 0) return { ok: false, error: "the expression is empty" };
    const expression = parseOr();
    const extra = tokens[position];
    if (extra) return { ok: false, error: `unexpected "${extra.text}"` };
    return { ok: true, expression, lowerCaseOperators };
  } catch (error: unknown) {
    if (error instanceof ExpressionSyntaxError) return { ok: false, error: error.message };
    throw error;
  }
}

class ExpressionSyntaxError extends Error {}

function leafOf(term: string): LicenseLeaf {
  // `+` binds to a single-word id only: "GPL-2.0+" yes, "Apache License 2.0+" stays a term.
  const orLater = term.length > 1 && term.endsWith("+") && !/\s/.test(term);
  return { type: "license", id: orLater ? term.slice(0, -1) : term, orLater };
}

function combine(type: "and" | "or", operands: LicenseExpression[]): LicenseExpression {
  const [only] = operands;
  if (only && operands.length === 1) return only;
  const flat: LicenseExpression[] = [];
  for (const operand of operands) {
    if (operand.type === type) flat.push(...operand.operands);
    else flat.push(operand);
  }
  return { type, operands: flat };
}

/** Builds an AND/OR node, flattening nested nodes of the same kind. */
export function combineExpressions(type: "and" | "or", operands: LicenseExpression[]): LicenseExpression {
  return combine(type, operands);
}

/** The canonical text: single spaces, upper-case operators, every nested AND/OR in parentheses. */
export function formatLicenseExpression(expression: LicenseExpression): string {
  if (expression.type === "license") {
    const id = `${expression.id}${expression.orLater ? "+" : ""}`;
    return expression.exception ? `${id} WITH ${expression.exception}` : id;
  }
  const separator = expression.type === "and" ? " AND " : " OR ";
  return expression.operands
    .map((operand) => {
      const text = formatLicenseExpression(operand);
      // AND inside OR needs none by precedence, but people misread "A OR B AND C": always group.
      return operand.type === "license" ? text : `(${text})`;
    })
    .join(separator);
}

/** Every licence leaf of an expression, left to right. */
export function expressionLeaves(expression: LicenseExpression): LicenseLeaf[] {
  if (expression.type === "license") return [expression];
  return expression.operands.flatMap(expressionLeaves);
}

const LICENSE_REF = /^(?:DocumentRef-[A-Za-z0-9.-]+:)?LicenseRef-[A-Za-z0-9.-]+$/;

/** `LicenseRef-…` (optionally `DocumentRef-…:`): a licence the SPDX list does not have, named by its user. */
export function isLicenseRef(text: string): boolean {
  return LICENSE_REF.test(text);
}

const SPDX_ID = /^[A-Za-z0-9][A-Za-z0-9.-]*$/;
/** `AND+` reads as the id `AND` with `+`: an operator is never an id. */
const OPERATORS = new Set(["AND", "OR", "WITH"]);
/** Values npm and PyPI metadata use that look like ids but are not on the SPDX list. */
const NOT_SPDX = new Set([
  "bsd",
  "gpl",
  "lgpl",
  "agpl",
  "mpl",
  "apache",
  "unlicensed",
  "none",
  "noassertion",
]);

/**
 * Whether a licence string can be written as an SPDX licence expression (CycloneDX `expression`,
 * SPDX `licenseDeclared`) rather than as a free-text name. The check is the strict grammar with
 * well-formed ids; ids are not looked up in the SPDX list, so exports do not load it. Legacy
 * values that look like ids but are not ("BSD", "UNLICENSED") are refused so they travel as
 * names instead of as invalid expressions.
 */
export function isSpdxExpression(text: string): boolean {
  const parsed = parseLicenseExpression(text);
  return parsed.ok && expressionLeaves(parsed.expression).every(isWellFormedLeaf);
}

function isWellFormedLeaf(leaf: LicenseLeaf): boolean {
  const id =
    (!leaf.orLater && isLicenseRef(leaf.id)) ||
    (SPDX_ID.test(leaf.id) && !OPERATORS.has(leaf.id) && !NOT_SPDX.has(leaf.id.toLowerCase()));
  return id && (leaf.exception === undefined || SPDX_ID.test(leaf.exception));
}
