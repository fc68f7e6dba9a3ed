import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { AdvisoryStore } from "../advisories/store/advisory-store.js";
import type { Secrets } from "../config/secrets.js";
import type { UpdatesConfig } from "../config/updates-section.js";
import { LockkeeperError } from "../errors.js";
import { loadInventory } from "../inventory/load-inventory.js";
import type { CleanupScope } from "../process/cleanup-scope.js";
import { runProcess } from "../process/run-process.js";
import { type ChangeSummary, summariseChange } from "./change-summary.js";
import { commitAll } from "./git/commit-all.js";
import { withUpdateWorktree } from "./git/update-branch.js";
import type { NpmTool, ToolCommand } from "./npm/npm-tools.js";
import type { PipToolsCompiler } from "./pip-tools/compile-keeping-pins.js";
import type { UpdateProposal } from "./plan-updates.js";
import { changeNpmProject, changePythonProject } from "./proposal-change.js";
import { runUpdateTests } from "./proposal-tests.js";
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
  advisories?: AdvisoryStore;
  archives?: ArchiveSource;
  testCommand?: string;
  recreate: boolean;
  /** The environment of the tools and tests the update runs. */
  env: NodeJS.ProcessEnv;
  /** Stops every tool, git call and test; the worktree is removed before the error is thrown. */
  signal?: AbortSignal;
  /** Where the worktree's removal is held while it exists (see `withUpdateWorktree`). */
  cleanup: CleanupScope;
  /** Environment variables the configuration names (the GitHub token for release notes). */
  secrets: Secrets;
  onStep?: (message: string) => void;
}

export type Timed = (
  program: string,
  command: ToolCommand,
  cwd: string,
  shell?: boolean,
  env?: NodeJS.ProcessEnv,
) => ReturnType<typeof runProcess>;

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
      ...(context.signal ? { signal: context.signal } : {}),
    });
    outcome.externalMs += Date.now() - started;
    return result;
  };
  try {
    await withUpdateWorktree(
      context.projectDir,
      { base: context.base, branch: proposal.branch, recreate: context.recreate },
      context,
      async (dir) => {
        const before = loadInventory(dir, { cwd: dir });
        const npmUpdates = proposal.updates.filter((update) => update.ecosystem === "npm");
        if (npmUpdates.length > 0) await changeNpmProject(dir, npmUpdates, proposal.branch, context, timed);
        const pypiUpdates = proposal.updates.filter((update) => update.ecosystem === "pypi");
        if (pypiUpdates.length > 0) {
          // Counted as the package manager's time: pip resolving is most of it.
          const started = Date.now();
          outcome.warnings.push(...(await changePythonProject(dir, pypiUpdates, proposal.branch, context)));
          outcome.externalMs += Date.now() - started;
        }
        outcome.summary = await summariseChange(before, loadInventory(dir, { cwd: dir }), context.advisories);
        for (const update of proposal.updates) {
          outcome.notes.set(
            update.name,
            await releaseNotes(
              update,
              {
                ...(context.archives ? { npm: context.archives } : {}),
                ...(context.pipTools ? { pypi: context.pipTools.index } : {}),
              },
              context.settings.changelog,
              context.secrets,
            ),
          );
        }
        const commit = await commitAll(dir, commitMessage(proposal), context);
        if (!commit.committed) {
          outcome.status = "no-change";
          return;
        }
        outcome.commit = commit.sha;
        outcome.status = "committed";
        if (context.testCommand) {
          context.onStep?.(`${proposal.branch}: installing and running ${context.testCommand}`);
          outcome.test = await runUpdateTests(context, dir, proposal, timed);
          if (!outcome.test.passed) outcome.status = "tests-failed";
        }
      },
    );
  } catch (error: unknown) {
    // A cancelled run stops here; any other input error fails this proposal and the next one runs.
    if (!(error instanceof LockkeeperError) || error.code === "CANCELLED") throw error;
    outcome.status = "failed";
    outcome.error = error.message;
  }
  return outcome;
}

/** Writes a description next to the others; the folder is created when missing. */
export function writeDescription(dir: string, branch: string, text: string): string {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${branch.replace(/[^A-Za-z0-9._-]+/g, "_")}.md`);
  writeFileSync(path, text);
  return path;
}
