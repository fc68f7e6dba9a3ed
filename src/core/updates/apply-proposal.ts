import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { AdvisoryStore } from "../advisories/store/advisory-store.js";
import type { Secrets } from "../config/secrets.js";
import type { UpdatesConfig } from "../config/updates-section.js";
import type { RegistryClients } from "../ecosystems/registry-clients.js";
import { LockkeeperError } from "../errors.js";
import { loadInventory } from "../inventory/load-inventory.js";
import type { Ecosystem } from "../model/types.js";
import type { CleanupScope } from "../process/cleanup-scope.js";
import { runProcess } from "../process/run-process.js";
import { type ChangeSummary, summariseChange } from "./change-summary.js";
import type { DependencyUpdater, Timed } from "./change-tools.js";
import { commitAll } from "./git/commit-all.js";
import { withUpdateWorktree } from "./git/update-branch.js";
import type { PlannedUpdate, UpdateProposal } from "./plan-updates.js";
import { runUpdateTests } from "./proposal-tests.js";
import { commitMessage, type TestResult } from "./pull-request-text.js";
import { type ReleaseNotes, releaseNotes } from "./release-notes.js";

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
  /** The project's changers, by ecosystem (npm: its package manager; Python: pip-tools, pins). */
  updaters: ReadonlyMap<Ecosystem, DependencyUpdater>;
  settings: UpdatesConfig;
  advisories?: AdvisoryStore;
  /** Where published releases are read for release notes. */
  registries: RegistryClients;
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
        for (const [ecosystem, updates] of byEcosystem(proposal.updates)) {
          const updater = context.updaters.get(ecosystem);
          if (!updater)
            throw new LockkeeperError("NO_LOCKFILE", `nothing in the project changes ${ecosystem} packages`);
          // Counted as the tools' time: a resolver or package manager is most of it.
          const started = Date.now();
          const externalBefore = outcome.externalMs;
          outcome.warnings.push(
            ...(await updater.apply(updates, { dir, branch: proposal.branch, timed, ...onStep(context) })),
          );
          // Tools run through `timed` count themselves; a resolver run inside the step counts whole.
          if (outcome.externalMs === externalBefore) outcome.externalMs += Date.now() - started;
        }
        outcome.summary = await summariseChange(before, loadInventory(dir, { cwd: dir }), context.advisories);
        for (const update of proposal.updates) {
          outcome.notes.set(
            update.name,
            await releaseNotes(update, context.registries, context.settings.changelog, context.secrets),
          );
        }
        const commit = await commitAll(dir, commitMessage(proposal), context);
        if (!commit.committed) {
          outcome.status = "no-change";
          return;
        }
        outcome.commit = commit.sha;
        outcome.status = "committed";
        const testCommand = context.testCommand;
        if (testCommand) {
          context.onStep?.(`${proposal.branch}: installing and running ${testCommand}`);
          outcome.test = await runUpdateTests({ ...context, testCommand }, dir, proposal, timed);
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

/** The updates of a proposal by ecosystem, in the order they first appear. */
function byEcosystem(updates: readonly PlannedUpdate[]): Map<Ecosystem, PlannedUpdate[]> {
  const groups = new Map<Ecosystem, PlannedUpdate[]>();
  for (const update of updates) {
    const group = groups.get(update.ecosystem);
    if (group) group.push(update);
    else groups.set(update.ecosystem, [update]);
  }
  return groups;
}

function onStep(context: ApplyContext): { onStep?: (message: string) => void } {
  return context.onStep ? { onStep: context.onStep } : {};
}
