import { packageNameMatcher } from "../config/package-name-pattern.js";
import type { UpdateRule, UpdatesConfig } from "../config/updates-section.js";
import { adapterFor } from "../ecosystems/index.js";
import type { DependencyKind, Ecosystem } from "../model/types.js";
import { JUMP_CLASSES, type JumpClass } from "./jump.js";

/** What the rules say about one package: whether to update it, how far, how soon, with whom. */
export interface PackagePolicy {
  enabled: boolean;
  updateTypes: readonly JumpClass[];
  minimumReleaseAgeDays: number;
  group?: string;
}

/**
 * Applies every matching rule in order, later ones overriding earlier ones key by key (as
 * Renovate's packageRules do); packages no rule matches get every jump class and the project's
 * cool-down.
 */
export function policyFor(
  ecosystem: Ecosystem,
  name: string,
  kind: DependencyKind,
  config: Pick<UpdatesConfig, "rules" | "minimumReleaseAgeDays">,
): PackagePolicy {
  const policy: PackagePolicy = {
    enabled: true,
    updateTypes: JUMP_CLASSES,
    minimumReleaseAgeDays: config.minimumReleaseAgeDays,
  };
  for (const rule of config.rules) {
    if (!ruleMatches(rule, ecosystem, name, kind)) continue;
    if (rule.enabled !== undefined) policy.enabled = rule.enabled;
    if (rule.updateTypes) policy.updateTypes = rule.updateTypes;
    if (rule.minimumReleaseAgeDays !== undefined) policy.minimumReleaseAgeDays = rule.minimumReleaseAgeDays;
    if (rule.group !== undefined) policy.group = rule.group;
  }
  return policy;
}

function ruleMatches(rule: UpdateRule, ecosystem: Ecosystem, name: string, kind: DependencyKind): boolean {
  if (rule.scope === "dev" && kind !== "dev") return false;
  if (rule.scope === "prod" && kind === "dev") return false;
  return rule.match.length === 0 || packageNameMatcher(rule.match, adapterFor(ecosystem).normaliseName)(name);
}

/** `updates.ignore`: `name` ignores every version, `name@range` the versions in the range. */
export function isIgnored(
  ecosystem: Ecosystem,
  name: string,
  version: string,
  ignore: readonly string[],
): boolean {
  const { versioning, normaliseName } = adapterFor(ecosystem);
  return ignore.some((entry) => {
    const at = entry.indexOf("@", 1);
    const entryName = at === -1 ? entry : entry.slice(0, at);
    if (!packageNameMatcher([entryName], normaliseName)(name)) return false;
    return at === -1 || versioning.satisfies(version, entry.slice(at + 1));
  });
}
