import { delimiter, join } from "node:path";
import { planInstall } from "../verify-prod/detect-project.js";
import { installCommands, VENV_DIR, venvBin } from "../verify-prod/install-commands.js";
import { DEFAULT_VERIFY_PROD_SETTINGS } from "../verify-prod/types.js";
import type { ApplyContext, Timed } from "./apply-proposal.js";
import { cleanInstallCommand, requireTool, type ToolCommand } from "./npm/npm-tools.js";
import type { UpdateProposal } from "./plan-updates.js";
import type { TestResult } from "./pull-request-text.js";

/**
 * Clean installs from the new lockfiles (npm: the project's package manager; Python updates: a
 * fresh virtual environment in the worktree from the requirements locks), then the test command
 * through the shell, with that environment first on PATH.
 */
export async function runUpdateTests(
  context: ApplyContext,
  dir: string,
  proposal: UpdateProposal,
  timed: Timed,
): Promise<TestResult> {
  const command = context.testCommand as string;
  const installs: ToolCommand[] = [];
  if (context.tool) installs.push(cleanInstallCommand(context.tool));
  let env = context.env;
  if (proposal.updates.some((update) => update.ecosystem === "pypi") && context.pipTools) {
    const python = context.pipTools.python ?? DEFAULT_VERIFY_PROD_SETTINGS.python;
    const plan = planInstall(dir, { ...DEFAULT_VERIFY_PROD_SETTINGS, ecosystem: "pypi", python }, env);
    installs.push(...installCommands(plan, "full", context.pipTools.indexUrl));
    const venv = join(dir, VENV_DIR);
    env = { ...env, VIRTUAL_ENV: venv, PATH: `${venvBin(venv)}${delimiter}${env.PATH ?? ""}` };
  }
  for (const install of installs) {
    // A path (the venv's python) runs as given, from the worktree; a bare name is looked up on PATH.
    const program = /[\\/]/.test(install.program) ? install.program : requireTool(install, context.env);
    const installed = await timed(program, install, dir);
    if (installed.exitCode !== 0) {
      return {
        command,
        passed: false,
        exitCode: installed.exitCode,
        timedOut: installed.timedOut,
        durationMs: installed.durationMs,
        logTail: `${install.program} ${install.args.join(" ")} failed:\n${installed.outputTail}`,
      };
    }
  }
  const tested = await timed(command, { program: command, args: [] }, dir, true, env);
  return {
    command,
    passed: tested.exitCode === 0,
    exitCode: tested.exitCode,
    timedOut: tested.timedOut,
    durationMs: tested.durationMs,
    logTail: tested.outputTail,
  };
}
