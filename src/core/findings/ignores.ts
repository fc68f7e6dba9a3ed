import { existsSync } from "node:fs";
import { join } from "node:path";
import * as z from "zod";
import { validateYaml } from "../config/yaml-validation.js";
import { adapterFor } from "../ecosystems/index.js";
import { LockkeeperError } from "../errors.js";
import { readRegularFile } from "../files/read-regular-file.js";
import type { Finding } from "./types.js";

/** Where ignores live, relative to the project directory: committed, reviewed like code. */
export const IGNORES_FILE = ".lockkeeper/ignores.yaml";

const isoDate = z.union([z.date(), z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "expected a date as YYYY-MM-DD")]);

const ignoreRuleSchema = z.strictObject({
  id: z.string().min(1).describe("A vulnerability id: any id or alias of the problem (CVE, GHSA, PYSEC…)."),
  package: z.string().min(1).optional().describe("Only for this package (name as in the lockfile)."),
  version: z.string().min(1).optional().describe("Only for this exact installed version."),
  reason: z
    .string()
    .trim()
    .min(1, "a reason is required: say why this finding does not apply")
    .describe("Why the finding does not apply."),
  expires: isoDate
    .optional()
    .describe("Last day the ignore applies (YYYY-MM-DD); after it the finding counts again."),
});

export const ignoresFileSchema = z.strictObject({
  ignores: z.array(ignoreRuleSchema).default([]),
});

export interface IgnoreRule {
  id: string;
  package?: string;
  version?: string;
  reason: string;
  /** YYYY-MM-DD */
  expires?: string;
  /** 1-based position in the file, for messages. */
  index: number;
}

export interface IgnoreOutcome {
  findings: Finding[];
  /** Rules past their expiry date: they no longer apply. */
  expired: IgnoreRule[];
  /** Rules that matched no finding: stale, or a typo. */
  unused: IgnoreRule[];
}

/** Reads the project's ignores file; no file means no rules. Throws CONFIG with every problem located. */
export function loadIgnores(projectDir: string, file = join(projectDir, IGNORES_FILE)): IgnoreRule[] {
  if (!existsSync(file)) return [];
  const { data, errors } = validateYaml(readRegularFile(file, file), ignoresFileSchema);
  if (!data) {
    const lines = errors.map(
      (e) =>
        `  ${file}${e.line ? `:${e.line}:${e.column ?? 1}` : ""}: ${e.path ? `${e.path}: ` : ""}${e.message}`,
    );
    throw new LockkeeperError("CONFIG", `invalid ignores file:\n${lines.join("\n")}`, { file });
  }
  return data.ignores.map((rule, i) => {
    const result: IgnoreRule = { id: rule.id, reason: rule.reason, index: i + 1 };
    if (rule.package) result.package = rule.package;
    if (rule.version) result.version = rule.version;
    if (rule.expires)
      result.expires = rule.expires instanceof Date ? rule.expires.toISOString().slice(0, 10) : rule.expires;
    return result;
  });
}

/**
 * Marks the findings that an unexpired rule covers. A rule's id matches any id of the alias group,
 * so ignoring a CVE also ignores the GHSA and PYSEC records of the same problem.
 */
export function applyIgnores(
  findings: readonly Finding[],
  rules: readonly IgnoreRule[],
  today: string,
): IgnoreOutcome {
  const expired = rules.filter((rule) => rule.expires !== undefined && rule.expires < today);
  const active = rules.filter((rule) => !expired.includes(rule));
  const used = new Set<IgnoreRule>();
  const result = findings.map((finding) => {
    const rule = active.find((r) => ruleMatches(r, finding));
    if (!rule) return finding;
    used.add(rule);
    const ignored: NonNullable<Finding["ignored"]> = { reason: rule.reason, rule: rule.index };
    if (rule.expires) ignored.expires = rule.expires;
    return { ...finding, ignored };
  });
  return { findings: result, expired, unused: active.filter((rule) => !used.has(rule)) };
}

function ruleMatches(rule: IgnoreRule, finding: Finding): boolean {
  const ids = [finding.id, ...finding.aliases].map((id) => id.toUpperCase());
  if (!ids.includes(rule.id.toUpperCase())) return false;
  if (
    rule.package &&
    adapterFor(finding.package.ecosystem).normaliseName(rule.package) !== finding.package.name
  )
    return false;
  if (rule.version && rule.version !== finding.package.version) return false;
  return true;
}
