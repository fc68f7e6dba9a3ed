/**
 * What a pylock.toml package's marker says about when it is installed. PEP 751 adds two sets to
 * the marker variables, `extras` and `dependency_groups` (`'dev' in dependency_groups`), which
 * select the package for an extra or a group of a multi-use lock. Environment comparisons
 * (`python_version < "3.11"`) are unknown here: some environment may satisfy them. The marker is
 * read in three-valued logic, so a package is counted as installed whenever some environment
 * could install it.
 */

import type { Scope } from "../../../../model/types.js";
import { normalisePypiName } from "../../names.js";

type Token =
  | { kind: "paren"; value: "(" | ")" }
  | { kind: "string"; value: string }
  | { kind: "name"; value: string }
  | { kind: "op"; value: string }
  | { kind: "bool"; value: "and" | "or" };

type Node =
  | { kind: "compare"; left: Token; op: string; right: Token }
  | { kind: "bool"; op: "and" | "or"; left: Node; right: Node };

/** A selection to evaluate under: the dependency groups asked for, and whether every extra is. */
interface Selection {
  groups: ReadonlySet<string>;
  allExtras: boolean;
}

/** A parsed marker, or undefined when it is not one this reader understands. */
export type SelectionMarker = Node;

export function parseSelectionMarker(marker: string): SelectionMarker | undefined {
  const tokens = tokenize(marker);
  return tokens && new Parser(tokens).parse();
}

/**
 * The scope a marker gives a package: `prod` when the default install (the default groups, no
 * extra) can select it, `optional` when only an extra can, `dev` when only another group can.
 */
export function selectionScope(marker: SelectionMarker, defaultGroups: readonly string[]): Scope {
  const groups = new Set(defaultGroups.map(normalisePypiName));
  if (evaluate(marker, { groups, allExtras: false }) !== false) return "prod";
  if (evaluate(marker, { groups, allExtras: true }) !== false) return "optional";
  return "dev";
}

/** true, false, or undefined for "depends on the environment". */
function evaluate(node: Node, selection: Selection): boolean | undefined {
  if (node.kind === "bool") {
    const left = evaluate(node.left, selection);
    if (node.op === "and" && left === false) return false;
    if (node.op === "or" && left === true) return true;
    const right = evaluate(node.right, selection);
    if (node.op === "and")
      return right === false ? false : left === true && right === true ? true : undefined;
    return right === true ? true : left === false && right === false ? false : undefined;
  }
  const { left, op, right } = node;
  if ((op !== "in" && op !== "not in") || left.kind !== "string" || right.kind !== "name") return undefined;
  let member: boolean;
  if (right.value === "extras") member = selection.allExtras;
  else if (right.value === "dependency_groups") member = selection.groups.has(normalisePypiName(left.value));
  else return undefined;
  return op === "in" ? member : !member;
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
    const op = /^(?:===|==|!=|<=|>=|~=|<|>|not\s+in\b|in\b)/.exec(rest);
    if (op) {
      tokens.push({ kind: "op", value: op[0].replace(/\s+/g, " ") });
      at += op[0].length;
      continue;
    }
    const word = /^[A-Za-z_][A-Za-z0-9_.]*/.exec(rest);
    if (!word) return undefined;
    const value = word[0];
    tokens.push(value === "and" || value === "or" ? { kind: "bool", value } : { kind: "name", value });
    at += value.length;
  }
  return tokens;
}

/** PEP 508's grammar: `or` binds looser than `and`; parentheses group. */
class Parser {
  private at = 0;

  constructor(private readonly tokens: Token[]) {}

  parse(): Node | undefined {
    const tree = this.chain("or");
    return tree && this.at === this.tokens.length ? tree : undefined;
  }

  private chain(op: "and" | "or"): Node | undefined {
    const next = () => (op === "or" ? this.chain("and") : this.atom());
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
      const inner = this.chain("or");
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
  return token.kind === "string" || token.kind === "name";
}
