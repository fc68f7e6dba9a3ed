import { mkdirSync, writeFileSync } from "node:fs";
import { delimiter, join } from "node:path";
import semver from "semver";
import type { UpdatesConfig } from "../config/updates-section.js";
import { LockkeeperError } from "../errors.js";
import type { AdvisoryLookup } from "../findings/scan.js";
import { loadInventory } from "../inventory/load-inventory.js";
import { planInstall } from "../verify-prod/detect-project.js";
import { installCommands, VENV_DIR, venvBin } from "../verify-prod/install-commands.js";
import { runProcess } from "../verify-prod/run-process.js";
import { DEFAULT_VERIFY_PROD_SETTINGS } from "../verify-prod/types.js";
import { type ChangeSummary, summariseChange } from "./change-summary.js";
import { commitAll } from "./git/commit-all.js";
import { withUpdateWorktree } from "./git/update-branch.js";
import {
  addCommand,
  cleanInstallCommand,
  type NpmTool,
  refreshLockCommand,
  requireTool,
  type SaveSection,
  savedRange,
  type ToolCommand,
} from "./npm/npm-tools.js";
import { setSavedRanges } from "./npm/saved-ranges.js";
import { movePinsInFiles } from "./pip-requirements/move-pin.js";
import type { PipToolsCompiler } from "./pip-tools/compile-keeping-pins.js";
import { movePipToolsPins, pipToolsInputOf } from "./pip-tools/pip-tools-update.js";
import type { PlannedUpdate, UpdateProposal } from "./plan-updates.js";
import { commitMessage, type TestResult } from "./pull-request-text.js";
import { type ArchiveSource, type ReleaseNotes, releaseNotes } from "./release-notes.js";

/** What one proposal became. */
export interface ProposalOutcome {
  proposal: UpdateProposal;
  status: "committed" | "tests-failed" | "no-change" | "failed";
  commit?: string;
  summary?: ChangeSummary;
  notes: Map<string, ReleaseNotes>;
  test?: TestResult;
  /** What the change did besides the proposed moves, for the description. */
  warnings: string[];
  error?: string;
  /** Time spent in the package manager and the tests (not Lockkeeper's own), for the benchmark. */
  externalMs: number;
}

export interface ApplyContext {
  projectDir: string;
  base: string;
  /** The npm project's package manager; absent when it has no npm lockfile. */
  tool?: NpmTool;
  /** How pip-tools layers are compiled, for Python updates. */
  pipTools?: PipToolsCompiler;
  settings: UpdatesConfig;
  advisories?: AdvisoryLookup;
  archives?: ArchiveSource;
  testCommand?: string;
  recreate: boolean;
  env: NodeJS.ProcessEnv;
  onStep?: (message: string) => void;
}

/**
 * Makes one proposal's branch in a temporary worktree: the change with the project's own tool
 * (lockfile only), one commit, the release notes, then the tests on a clean install. The user's
 * checkout is never touched; the worktree is always removed; a failed step leaves no branch.
 */
export async function applyProposal(
  proposal: UpdateProposal,
  context: ApplyContext,
): Promise<ProposalOutcome> {
  const outcome: ProposalOutcome = {
    proposal,
    status: "failed",
    notes: new Map(),
    warnings: [],
    externalMs: 0,
  };
  const timed: Timed = async (program, command, cwd, shell = false, env = context.env) => {
    const started = Date.now();
    const result = await runProcess(program, command.args, {
      cwd,
      env,
      shell,
      timeoutMs: context.settings.testTimeoutSeconds * 1000,
    });
    outcome.externalMs += Date.now() - started;
    return result;
  };
  try {
    await withUpdateWorktree(
      context.projectDir,
      { base: context.base, branch: proposal.branch, recreate: context.recreate },
      async (dir) => {
        const before = loadInventory(dir);
        const npmUpdates = proposal.updates.filter((update) => update.ecosystem === "npm");
        if (npmUpdates.length > 0) await changeNpmProject(dir, npmUpdates, proposal.branch, context, timed);
        const pypiUpdates = proposal.updates.filter((update) => update.ecosystem === "pypi");
        if (pypiUpdates.length > 0) {
          // Counted as the package manager's time: pip resolving is most of it.
          const started = Date.now();
          outcome.warnings.push(...(await changePythonProject(dir, pypiUpdates, proposal.branch, context)));
          outcome.externalMs += Date.now() - started;
        }
        outcome.summary = summariseChange(before, loadInventory(dir), context.advisories);
        for (const update of proposal.updates) {
          outcome.notes.set(
            update.name,
            await releaseNotes(update, context.archives, context.settings.changelog, context.env),
          );
        }
        const commit = await commitAll(dir, commitMessage(proposal));
        if (!commit.committed) {
          outcome.status = "no-change";
          return;
        }
        outcome.commit = commit.sha;
        outcome.status = "committed";
        if (context.testCommand) {
          context.onStep?.(`${proposal.branch}: installing and running ${context.testCommand}`);
          outcome.test = await runTests(context, dir, proposal, timed);
          if (!outcome.test.passed) outcome.status = "tests-failed";
        }
      },
    );
  } catch (error: unknown) {
    outcome.status = "failed";
    outcome.error = error instanceof Error ? error.message : String(error);
    if (!(error instanceof LockkeeperError)) throw error;
  }
  return outcome;
}

/** The npm change with the project's package manager, lockfile only. */
async function changeNpmProject(
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
async function changePythonProject(
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

type Timed = (
  program: string,
  command: ToolCommand,
  cwd: string,
  shell?: boolean,
  env?: NodeJS.ProcessEnv,
) => ReturnType<typeof runProcess>;

/**
 * Clean installs from the new lockfiles (npm: the project's package manager; Python updates: a
 * fresh virtual environment in the worktree from the pip-tools locks), then the test command
 * through the shell, with that environment first on PATH.
 */
async function runTests(
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

/** Writes a description next to the others; the folder is created when missing. */
export function writeDescription(dir: string, branch: string, text: string): string {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${branch.replace(/[^A-Za-z0-9._-]+/g, "_")}.md`);
  writeFileSync(path, text);
  return path;
}
