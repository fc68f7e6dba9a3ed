/**
 * What a pylock.toml package's marker says about when it is installed. PEP 751 adds two sets to
 * the marker variables, `extras` and `dependency_groups` (`'dev' in dependency_groups`), which
 * select the package for an extra or a group of a multi-use lock. Environment comparisons
 * (`python_version < "3.11"`) are unknown here: some environment may satisfy them. The marker is
 * read in three-valued logic, so a package is counted as installed whenever some environment
 * could install it.
 */

import type { Scope } from "../../../../model/types.js";
import { type MarkerNode, parseMarker } from "../../marker-syntax.js";
import { normalisePypiName } from "../../names.js";

/** A selection to evaluate under: the dependency groups asked for, and whether every extra is. */
interface Selection {
  groups: ReadonlySet<string>;
  allExtras: boolean;
}

/** A parsed marker, or undefined when it is not one this reader understands. */
export type SelectionMarker = MarkerNode;

export function parseSelectionMarker(marker: string): SelectionMarker | undefined {
  return parseMarker(marker);
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
function evaluate(node: MarkerNode, selection: Selection): boolean | undefined {
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
