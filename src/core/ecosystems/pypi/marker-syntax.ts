/**
 * The syntax of PEP 508 environment markers (`python_version < "3.11" and 'dev' in
 * dependency_groups`): tokens and a tree of comparisons joined by `and`/`or`. What the names mean
 * and how a tree evaluates is the reader's: pip's environment markers (changes/pip-tools), a
 * pylock.toml's selection markers (lockfiles/pylock).
 */

export type MarkerToken =
  | { kind: "paren"; value: "(" | ")" }
  | { kind: "string"; value: string }
  | { kind: "name"; value: string }
  | { kind: "op"; value: string }
  | { kind: "bool"; value: "and" | "or" };

export type MarkerNode =
  | { kind: "compare"; left: MarkerToken; op: string; right: MarkerToken }
  | { kind: "bool"; op: "and" | "or"; left: MarkerNode; right: MarkerNode };

/**
 * The tree of a marker, or undefined when it is not one. `nameOf` says what a bare word names (a
 * canonical variable name), or undefined to refuse the marker; by default any word is a name.
 */
export function parseMarker(
  text: string,
  nameOf: (word: string) => string | undefined = (word) => word,
): MarkerNode | undefined {
  const tokens = tokenize(text, nameOf);
  return tokens && new Parser(tokens).parse();
}

function tokenize(text: string, nameOf: (word: string) => string | undefined): MarkerToken[] | undefined {
  const tokens: MarkerToken[] = [];
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
    if (value === "and" || value === "or") tokens.push({ kind: "bool", value });
    else {
      const name = nameOf(value);
      if (name === undefined) return undefined;
      tokens.push({ kind: "name", value: name });
    }
    at += value.length;
  }
  return tokens;
}

/** PEP 508's grammar: `or` binds looser than `and`; parentheses group. */
class Parser {
  private at = 0;

  constructor(private readonly tokens: MarkerToken[]) {}

  parse(): MarkerNode | undefined {
    const tree = this.chain("or");
    return tree && this.at === this.tokens.length ? tree : undefined;
  }

  private chain(op: "and" | "or"): MarkerNode | undefined {
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

  private atom(): MarkerNode | undefined {
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

function isValue(token: MarkerToken): boolean {
  return token.kind === "string" || token.kind === "name";
}
