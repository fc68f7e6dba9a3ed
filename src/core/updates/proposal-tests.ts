import type { ApplyContext } from "./apply-proposal.js";
import type { Timed, ToolCommand } from "./change-tools.js";
import type { UpdateProposal } from "./plan-updates.js";
import type { TestResult } from "./pull-request-text.js";
import { requireTool } from "./require-tool.js";

/**
 * Clean installs from the new lockfiles (each ecosystem's own: npm's package manager, a fresh
 * virtual environment for Python updates), then the test command through the shell, in the
 * environment the installs set up (their tools first on PATH).
 */
export async function runUpdateTests(
  context: ApplyContext & { testCommand: string },
  dir: string,
  proposal: UpdateProposal,
  timed: Timed,
): Promise<TestResult> {
  const command = context.testCommand;
  const installs: ToolCommand[] = [];
  let env = context.env;
  for (const [ecosystem, updater] of context.updaters) {
    const changed = proposal.updates.some((update) => update.ecosystem === ecosystem);
    const install = updater.testInstall(dir, env, changed);
    if (!install) continue;
    installs.push(...install.commands);
    env = install.env;
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
