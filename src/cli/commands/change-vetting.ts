import type { AdvisoryStore } from "../../core/advisories/store/advisory-store.js";
import { summariseChanges } from "../../core/app/diff.js";
import type { LockkeeperConfig } from "../../core/config/schema.js";
import { isLockkeeperError } from "../../core/errors.js";
import { compilePolicy } from "../../core/licenses/policy.js";
import { licensesSettingsOf } from "../../core/licenses/settings.js";
import type { ChangeSummary } from "../../core/updates/change-summary.js";
import type { VetProblem, VetSettings } from "../../core/updates/vet.js";
import type { CliIo } from "../io.js";
import { renderDiff } from "../output/diff-formats.js";
import { toolVersion } from "../version.js";
import { openDatabase } from "./advisory-database.js";

/** The vetting rules of a project: its licence policy, cool-down and install-script allowances. */
export function vetSettingsOf(config: LockkeeperConfig, now: Date): VetSettings {
  return {
    minimumReleaseAgeDays: config.updates.minimumReleaseAgeDays,
    allowInstallScripts: config.updates.allowInstallScripts,
    policy: compilePolicy(licensesSettingsOf(config)),
    now,
  };
}

/**
 * The advisory database for vetting, or undefined with a warning when there is none: a change is
 * still vetted on licences, age and scripts, and the output says vulnerabilities were not checked.
 */
export function optionalAdvisories(
  io: CliIo,
  config: LockkeeperConfig,
): { db?: AdvisoryStore; close(): void } {
  try {
    const { db } = openDatabase(io, config.scan.database);
    return { db, close: () => db.close() };
  } catch (error: unknown) {
    if (!isLockkeeperError(error) || error.code !== "DB_MISSING") throw error;
    io.stderr(`lk: warning: vulnerabilities not checked: ${error.message}\n`);
    return { close: () => undefined };
  }
}

/** `✖ release-age  left-pad@1.3.0: published 5 h ago, …`, failures first. */
export function renderProblems(problems: readonly VetProblem[]): string {
  const ordered = [...problems].sort((a, b) => (a.level === b.level ? 0 : a.level === "fail" ? -1 : 1));
  return ordered
    .map(
      (problem) =>
        `  ${problem.level === "fail" ? "✖" : "!"} ${problem.check.padEnd(14)} ${problem.package}: ${problem.message}\n`,
    )
    .join("");
}

/** The lockfile changes as `lk diff` shows them. */
export function renderChange(summary: ChangeSummary, before: string, after: string): string {
  return renderDiff(
    {
      toolVersion: toolVersion(),
      base: { label: before, kind: "working-tree" },
      head: { label: after, kind: "working-tree" },
      lockfiles: summary.lockfiles,
      summary: summariseChanges(summary.lockfiles),
      vulnerabilities: {
        checked: summary.vulnerabilitiesChecked,
        introduced: summary.introduced,
        fixed: summary.fixed,
      },
      failing: [],
      warnings: [],
    },
    "table",
  );
}
