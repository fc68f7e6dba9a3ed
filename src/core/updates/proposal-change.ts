import semver from "semver";
import { LockkeeperError } from "../errors.js";
import type { ApplyContext, Timed } from "./apply-proposal.js";
import {
  addCommand,
  refreshLockCommand,
  requireTool,
  type SaveSection,
  savedRange,
  type ToolCommand,
} from "./npm/npm-tools.js";
import { setSavedRanges } from "./npm/saved-ranges.js";
import { movePinsInFiles } from "./pip-requirements/move-pin.js";
import { movePipToolsPins, pipToolsInputOf } from "./pip-tools/pip-tools-update.js";
import type { PlannedUpdate } from "./plan-updates.js";

/** The npm change with the project's package manager, lockfile only. */
export async function changeNpmProject(
  dir: string,
  updates: readonly PlannedUpdate[],
  branch: string,
  context: ApplyContext,
  timed: Timed,
): Promise<void> {
  if (!context.tool) throw new LockkeeperError("NO_LOCKFILE", "no npm lockfile in the project");
  for (const batch of batches(updates)) {
    const command = addCommand(context.tool, batch.specs, {
      section: batch.section,
      exact: batch.exact,
      lockfileOnly: true,
    });
    context.onStep?.(
      `${branch}: ${command.program} ${command.args.slice(0, 1 + batch.specs.length).join(" ")}`,
    );
    await runChangeStep(command, dir, context, timed);
  }
  // Exact versions went in (the planned ones); the ranges get back the project's style.
  const ranges = new Map(
    updates
      .filter((update) => !isExactRange(update.range))
      .map((update) => [update.name, savedRange(update.to, update.range)]),
  );
  if (setSavedRanges(dir, ranges))
    await runChangeStep(refreshLockCommand(context.tool, true), dir, context, timed);
}

async function runChangeStep(command: ToolCommand, dir: string, context: ApplyContext, timed: Timed) {
  const result = await timed(requireTool(command, context.env), command, dir);
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

/**
 * Python updates: pip-tools layers are compiled again ({@link movePipToolsPins}); pins in
 * hand-maintained requirements files are moved in place. Returns warnings for the description.
 */
export async function changePythonProject(
  dir: string,
  updates: readonly PlannedUpdate[],
  branch: string,
  context: ApplyContext,
): Promise<string[]> {
  if (!context.pipTools) throw new LockkeeperError("USAGE", "no Python index is configured");
  const layered = updates.filter((update) => pipToolsInputOf(dir, update.lockfile) !== undefined);
  const plain = updates.filter((update) => !layered.includes(update));
  if (plain.length > 0) await movePinsInFiles(dir, plain, context.pipTools.index);
  if (layered.length === 0) return [];
  context.onStep?.(`${branch}: compiling the pip-tools layers`);
  return movePipToolsPins(dir, layered, context.pipTools);
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
