import { normalisePypiName } from "../../names.js";
import { parseSpecifierSet, specifierSetContains } from "../../pep440/specifier.js";

/** PEP 508 marker variables as pip reports them (`python_version`, `sys_platform` …). */
export type MarkerEnvironment = Readonly<Record<string, string>>;

type Token =
  | { kind: "paren"; value: "(" | ")" }
  | { kind: "string"; value: string }
  | { kind: "variable"; value: string }
  | { kind: "op"; value: string }
  | { kind: "bool"; value: "and" | "or" };

type Node =
  | { kind: "compare"; left: Token; op: string; right: Token }
  | { kind: "bool"; op: "and" | "or"; left: Node; right: Node };

/** Legacy dotted spellings packaging still accepts. */
const ALIASES: Record<string, string> = {
  "os.name": "os_name",
  "sys.platform": "sys_platform",
  "platform.version": "platform_version",
  "platform.machine": "platform_machine",
  "platform.python_implementation": "platform_python_implementation",
  python_implementation: "platform_python_implementation",
};

const VARIABLES = new Set([
  "implementation_name",
  "implementation_version",
  "os_name",
  "platform_machine",
  "platform_release",
  "platform_system",
  "platform_version",
  "python_full_version",
  "platform_python_implementation",
  "python_version",
  "sys_platform",
  "extra",
]);

const VERSION_OPERATORS = new Set(["===", "==", "!=", "<=", ">=", "~=", "<", ">"]);

/**
 * Evaluates a PEP 508 environment marker the way packaging's `Marker.evaluate` does, once per
 * requested extra (and once with no extra), true when any evaluation is: that is how pip decides
 * whether a `Requires-Dist` line applies. Undefined when the marker cannot be parsed.
 */
export function evaluateMarker(
  marker: string,
  environment: MarkerEnvironment,
  extras: readonly string[] = [],
): boolean | undefined {
  const tokens = tokenize(marker);
  if (!tokens) return undefined;
  const parser = new MarkerParser(tokens);
  const tree = parser.parse();
  if (!tree) return undefined;
  for (const extra of ["", ...extras]) {
    const result = evaluate(tree, { ...environment, extra });
    if (result === undefined) return undefined;
    if (result) return true;
  }
  return false;
}

function tokenize(text: string): Token[] | undefined {
  const tokens: Token[] = [];
  let at = 0;
  while (at < text.length) {
    const rest = text.slice(at);
    const space = /^\s+/.exec(rest);
    if (space) {
      at += space[0].length;
      continue;
    }
    const char = rest.charAt(0);
    if (char === "(" || char === ")") {
      tokens.push({ kind: "paren", value: char });
      at++;
      continue;
    }
    if (char === "'" || char === '"') {
      const end = rest.indexOf(char, 1);
      if (end < 0) return undefined;
      tokens.push({ kind: "string", value: rest.slice(1, end) });
      at += end + 1;
      continue;
    }
    const op = /^(===|==|!=|<=|>=|~=|<|>|not\s+in\b|in\b)/.exec(rest);
    if (op) {
      tokens.push({ kind: "op", value: op[0].replace(/\s+/g, " ") });
      at += op[0].length;
      continue;
    }
    const word = /^[A-Za-z_][A-Za-z0-9_.]*/.exec(rest);
    if (!word) return undefined;
    const value = word[0];
    if (value === "and" || value === "or") tokens.push({ kind: "bool", value });
    else {
      const name = ALIASES[value] ?? value;
      if (!VARIABLES.has(name)) return undefined;
      tokens.push({ kind: "variable", value: name });
    }
    at += value.length;
  }
  return tokens;
}

/** `or` binds looser than `and`; parentheses group (PEP 508 grammar). */
class MarkerParser {
  private at = 0;

  constructor(private readonly tokens: Token[]) {}

  parse(): Node | undefined {
    const tree = this.or();
    return tree && this.at === this.tokens.length ? tree : undefined;
  }

  private or(): Node | undefined {
    return this.chain("or", () => this.and());
  }

  private and(): Node | undefined {
    return this.chain("and", () => this.atom());
  }

  private chain(op: "and" | "or", next: () => Node | undefined): Node | undefined {
    let left = next();
    while (left) {
      const token = this.tokens[this.at];
      if (token?.kind !== "bool" || token.value !== op) break;
      this.at++;
      const right = next();
      if (!right) return undefined;
      left = { kind: "bool", op, left, right };
    }
    return left;
  }

  private atom(): Node | undefined {
    const first = this.tokens[this.at];
    if (first?.kind === "paren" && first.value === "(") {
      this.at++;
      const inner = this.or();
      const close = this.tokens[this.at];
      if (!inner || close?.kind !== "paren" || close.value !== ")") return undefined;
      this.at++;
      return inner;
    }
    const [left, op, right] = this.tokens.slice(this.at, this.at + 3);
    if (!left || !op || !right || op.kind !== "op" || !isValue(left) || !isValue(right)) return undefined;
    this.at += 3;
    return { kind: "compare", left, op: op.value, right };
  }
}

function isValue(token: Token): boolean {
  return token.kind === "string" || token.kind === "variable";
}

function evaluate(node: Node, environment: MarkerEnvironment): boolean | undefined {
  if (node.kind === "bool") {
    const left = evaluate(node.left, environment);
    const right = evaluate(node.right, environment);
    if (left === undefined || right === undefined) return undefined;
    return node.op === "and" ? left && right : left || right;
  }
  const variable = node.left.kind === "variable" ? node.left.value : node.right.value;
  let left = tokenValue(node.left, environment);
  let right = tokenValue(node.right, environment);
  if (left === undefined || right === undefined) return undefined;
  // packaging compares extras by their normalised names (`extra == "Fast_Mode"`).
  if (variable === "extra") {
    left = normalisePypiName(left);
    right = normalisePypiName(right);
  }
  return compare(left, node.op, right);
}

function tokenValue(token: Token, environment: MarkerEnvironment): string | undefined {
  return token.kind === "variable" ? environment[token.value] : token.value;
}

/** packaging's `_eval_op`: a version comparison when `op rhs` is a valid specifier, else strings. */
function compare(left: string, op: string, right: string): boolean | undefined {
  if (VERSION_OPERATORS.has(op) && !right.includes(",")) {
    const specifier = parseSpecifierSet(`${op}${right}`);
    if (specifier) return specifierSetContains(specifier, left);
  }
  switch (op) {
    case "in":
      return right.includes(left);
    case "not in":
      return !right.includes(left);
    case "==":
      return left === right;
    case "!=":
      return left !== right;
    case "<":
      return left < right;
    case "<=":
      return left <= right;
    case ">":
      return left > right;
    case ">=":
      return left >= right;
    default:
      return undefined; // `~=`/`===` on a non-version: packaging raises UndefinedComparison
  }
}
