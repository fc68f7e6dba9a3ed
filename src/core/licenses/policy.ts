import type { Scope } from "../model/types.js";
import {
  formatLicenseExpression,
  type LicenseExpression,
  type LicenseLeaf,
  parseLicenseExpression,
} from "./expression.js";
import { normaliseLicenseText } from "./normalise.js";
import type { NormalisedLicense } from "./types.js";

/** What the policy says about a licence. `deny` fails `lk licenses`; `review` is a warning. */
export type PolicyOutcome = "allow" | "review" | "deny";

/** Lists of SPDX licence ids (a `+`, a `WITH` exception and `LicenseRef-…` are allowed). */
export interface LicenseRules {
  allow?: string[];
  deny?: string[];
  review?: string[];
  /** Outcome for a licence that could not be read as SPDX. */
  unknown?: PolicyOutcome;
  /** Outcome for a licence on none of the lists. */
  unlisted?: PolicyOutcome;
}

/** Rules for the packages of one scope: each list or outcome given replaces the project-wide one. */
export interface ScopeRules extends LicenseRules {
  /** Leave this scope's packages out of the policy (development tools, say). */
  exempt?: boolean;
}

/**
 * The licence policy (config `licenses`). Expressions are judged by SPDX semantics: `A OR B`
 * passes when either passes, `A AND B` needs both; for one licence on several lists deny wins
 * over review, review over allow.
 */
export interface LicensePolicy {
  allow: string[];
  deny: string[];
  review: string[];
  /** Default `review`: a licence nobody could read is looked at, not passed. */
  unknown: PolicyOutcome;
  /** Default: `review` when an allow list is given (anything else needs a look), else `allow`. */
  unlisted?: PolicyOutcome;
  scopes: Partial<Record<Scope, ScopeRules>>;
}

export const DEFAULT_LICENSE_POLICY: LicensePolicy = {
  allow: [],
  deny: [],
  review: [],
  unknown: "review",
  scopes: {},
};

/**
 * A package's verdict: a policy outcome, `exempt` (its scope is left out), or `no-policy` (no
 * licence list is configured, so a known licence is not judged: neither allowed nor denied).
 */
export interface PolicyVerdict {
  outcome: PolicyOutcome | "exempt" | "no-policy";
  /** The licences that decided it: `GPL-3.0-only is denied`. */
  reasons: string[];
}

interface CompiledRules {
  /** Canonical leaf text → outcome. */
  listed: Map<string, PolicyOutcome>;
  unknown: PolicyOutcome;
  unlisted: PolicyOutcome | "no-policy";
}

/** A policy ready to judge licences; `problems` lists entries that are not SPDX ids. */
export interface CompiledPolicy {
  evaluate(license: NormalisedLicense | undefined, scope: Scope): PolicyVerdict;
  problems: string[];
  /**
   * Whether any rule judges known licences (a list, or an explicit `unlisted`): without one, known
   * licences get `no-policy`, never `allow`.
   */
  configured: boolean;
}

const RANK: Record<PolicyOutcome | "no-policy", number> = { "no-policy": -1, allow: 0, review: 1, deny: 2 };
const REASON: Record<PolicyOutcome, string> = {
  allow: "is allowed",
  review: "needs review",
  deny: "is denied",
};

/** Normalises every list entry once and returns the evaluator. */
export function compilePolicy(policy: LicensePolicy): CompiledPolicy {
  const problems: string[] = [];
  let configured = false;
  const compile = (rules: LicenseRules, where: string): CompiledRules => {
    const allow = rules.allow ?? policy.allow;
    const lists = allow.length + (rules.deny ?? policy.deny).length + (rules.review ?? policy.review).length;
    if (lists > 0 || rules.unlisted !== undefined || policy.unlisted !== undefined) configured = true;
    const listed = new Map<string, PolicyOutcome>();
    for (const outcome of ["allow", "review", "deny"] as const) {
      for (const entry of rules[outcome] ?? policy[outcome]) {
        const key = entryKey(entry);
        if (typeof key !== "string") {
          problems.push(`${where}${outcome}: "${entry}" ${key.problem}`);
          continue;
        }
        const previous = listed.get(key);
        if (!previous || RANK[outcome] > RANK[previous]) listed.set(key, outcome);
      }
    }
    return {
      listed,
      unknown: rules.unknown ?? policy.unknown,
      // No list at all is no policy: a known licence is then listed, not passed as "allow".
      unlisted:
        rules.unlisted ??
        policy.unlisted ??
        (allow.length > 0 ? "review" : lists > 0 ? "allow" : "no-policy"),
    };
  };
  const base = compile({}, "licenses.");
  const byScope = new Map<Scope, CompiledRules | "exempt">();
  for (const [scope, rules] of Object.entries(policy.scopes) as [Scope, ScopeRules][]) {
    byScope.set(scope, rules.exempt ? "exempt" : compile(rules, `licenses.scopes.${scope}.`));
  }
  const evaluate = (license: NormalisedLicense | undefined, scope: Scope): PolicyVerdict => {
    const rules = byScope.get(scope) ?? base;
    if (rules === "exempt") return { outcome: "exempt", reasons: [`${scope} packages are exempt`] };
    const parsed = license?.expression ? parseLicenseExpression(license.expression) : undefined;
    if (!parsed?.ok)
      return {
        outcome: rules.unknown,
        reasons: [license?.raw ? "the licence is unknown" : "no licence found"],
      };
    return judge(parsed.expression, rules);
  };
  // Hundreds of packages share a handful of licences: judge each expression once per scope.
  const verdicts = new Map<string, PolicyVerdict>();
  return {
    problems,
    configured,
    evaluate(license, scope) {
      if (!license?.expression) return evaluate(license, scope);
      const key = `${scope}\u0000${license.expression}`;
      let verdict = verdicts.get(key);
      if (!verdict) {
        verdict = evaluate(license, scope);
        verdicts.set(key, verdict);
      }
      return { outcome: verdict.outcome, reasons: [...verdict.reasons] };
    },
  };
}

function judge(expression: LicenseExpression, rules: CompiledRules): PolicyVerdict {
  if (expression.type === "license") {
    const text = formatLicenseExpression(expression);
    for (const key of leafKeys(expression)) {
      const outcome = rules.listed.get(key);
      if (outcome) {
        const via = key === text ? "" : ` (listed as ${key})`;
        return { outcome, reasons: [`${text} ${REASON[outcome]}${via}`] };
      }
    }
    if (rules.unlisted === "no-policy")
      return { outcome: "no-policy", reasons: ["no licence policy is configured"] };
    return { outcome: rules.unlisted, reasons: [`${text} is on no list (${rules.unlisted})`] };
  }
  const verdicts = expression.operands.map((operand) => judge(operand, rules));
  // OR: the licensee picks the best alternative; AND: every licence applies, so the worst counts.
  const pick = expression.type === "or" ? Math.min : Math.max;
  const rank = pick(...verdicts.map((v) => RANK[v.outcome as PolicyOutcome | "no-policy"]));
  const deciding = verdicts.filter((v) => RANK[v.outcome as PolicyOutcome | "no-policy"] === rank);
  return {
    outcome: deciding[0]?.outcome ?? "review",
    reasons: [...new Set(deciding.flatMap((v) => v.reasons))],
  };
}

/**
 * The list entries that can decide a leaf, most specific first: with its `+` and exception, then
 * without the exception (an exception only adds permissions), then the bare id.
 */
function leafKeys(leaf: LicenseLeaf): string[] {
  const keys = [
    formatLicenseExpression(leaf),
    formatLicenseExpression({ ...leaf, exception: undefined }),
    formatLicenseExpression({ ...leaf, orLater: false }),
    leaf.id,
  ];
  return [...new Set(keys)];
}

function entryKey(entry: string): string | { problem: string } {
  const normalised = normaliseLicenseText(entry);
  if (!normalised.expression) return { problem: "is not an SPDX licence id" };
  const parsed = parseLicenseExpression(normalised.expression);
  if (!parsed.ok || parsed.expression.type !== "license")
    return { problem: "is an expression; list single licences (each is judged on its own)" };
  return formatLicenseExpression(parsed.expression);
}
