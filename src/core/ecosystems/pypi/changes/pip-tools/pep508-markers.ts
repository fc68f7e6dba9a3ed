import { type MarkerNode, type MarkerToken, parseMarker } from "../../marker-syntax.js";
import { normalisePypiName } from "../../names.js";
import { parseSpecifierSet, specifierSetContains } from "../../pep440/specifier.js";

/** PEP 508 marker variables as pip reports them (`python_version`, `sys_platform` …). */
export type MarkerEnvironment = Readonly<Record<string, string>>;

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
  const tree = parseMarker(marker, (word) => {
    const name = ALIASES[word] ?? word;
    return VARIABLES.has(name) ? name : undefined;
  });
  if (!tree) return undefined;
  for (const extra of ["", ...extras]) {
    const result = evaluate(tree, { ...environment, extra });
    if (result === undefined) return undefined;
    if (result) return true;
  }
  return false;
}

function evaluate(node: MarkerNode, environment: MarkerEnvironment): boolean | undefined {
  if (node.kind === "bool") {
    const left = evaluate(node.left, environment);
    const right = evaluate(node.right, environment);
    if (left === undefined || right === undefined) return undefined;
    return node.op === "and" ? left && right : left || right;
  }
  const variable = node.left.kind === "name" ? node.left.value : node.right.value;
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

function tokenValue(token: MarkerToken, environment: MarkerEnvironment): string | undefined {
  return token.kind === "name" ? environment[token.value] : token.value;
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
