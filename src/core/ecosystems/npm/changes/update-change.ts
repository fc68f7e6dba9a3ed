import semver from "semver";
import { LockkeeperError } from "../../../errors.js";
import type { ToolCommand, UpdateStep } from "../../../updates/change-tools.js";
import type { PlannedUpdate } from "../../../updates/plan-updates.js";
import { requireTool } from "../../../updates/require-tool.js";
import { addCommand, type NpmTool, refreshLockCommand, type SaveSection, savedRange } from "./npm-tools.js";
import { setSavedRanges } from "./saved-ranges.js";

/** The npm change of an update branch, with the project's package manager, lockfile only. */
export async function changeNpmProject(
  tool: NpmTool,
  updates: readonly PlannedUpdate[],
  step: UpdateStep,
  env: NodeJS.ProcessEnv,
): Promise<void> {
  for (const batch of batches(updates)) {
    const command = addCommand(tool, batch.specs, {
      section: batch.section,
      exact: batch.exact,
      lockfileOnly: true,
    });
    step.onStep?.(
      `${step.branch}: ${command.program} ${command.args.slice(0, 1 + batch.specs.length).join(" ")}`,
    );
    await runChangeStep(command, step, env);
  }
  // Exact versions went in (the planned ones); the ranges get back the project's style.
  const ranges = new Map(
    updates
      .filter((update) => !isExactRange(update.range))
      .map((update) => [update.name, savedRange(update.to, update.range)]),
  );
  if (setSavedRanges(step.dir, ranges)) await runChangeStep(refreshLockCommand(tool, true), step, env);
}

async function runChangeStep(command: ToolCommand, step: UpdateStep, env: NodeJS.ProcessEnv): Promise<void> {
  const result = await step.timed(requireTool(command, env), command, step.dir);
  if (result.exitCode !== 0) {
    throw new LockkeeperError(
      "USAGE",
      `${command.program} could not make the change:\n${lastLines(result.outputTail)}`,
    );
  }
}

function isExactRange(range: string | undefined): boolean {
  return range !== undefined && semver.valid(range) !== null;
}

interface Batch {
  specs: string[];
  section: SaveSection;
  exact: boolean;
}

/** One tool run per manifest section and range style, so each dependency keeps both. */
function batches(updates: readonly PlannedUpdate[]): Batch[] {
  const byKey = new Map<string, Batch>();
  for (const update of updates) {
    const section = update.kind;
    const exact = isExactRange(update.range);
    const key = `${section}:${exact}`;
    const batch = byKey.get(key) ?? { specs: [], section, exact };
    batch.specs.push(`${update.name}@${update.to}`);
    byKey.set(key, batch);
  }
  return [...byKey.values()];
}

function lastLines(text: string): string {
  return text.trim().split("\n").slice(-12).join("\n");
}
