import { join } from "node:path";
import type { Secrets } from "../config/secrets.js";
import { ECOSYSTEMS } from "../ecosystems/index.js";
import type { RegistryClients } from "../ecosystems/registry-clients.js";
import { LockkeeperError } from "../errors.js";
import { gitOk } from "../git/git-runner.js";
import type { Ecosystem } from "../model/types.js";
import type { DependencyUpdater } from "../updates/change-tools.js";
import { workingTreeState } from "../updates/git/working-tree-state.js";
import { pullRequestProvider } from "../updates/pull-requests/provider-from-config.js";
import { type RunUpdatesResult, runUpdates } from "../updates/run-updates.js";
import { optionalAdvisoryDatabase } from "./advisory-database.js";
import { type AppContext, gitContext, resolvePath } from "./context.js";
import { openProject, type Project, withConfigFile } from "./project.js";
import { projectRegistries } from "./registries.js";

export interface UpdateRequest {
  dir: string;
  /** Only these packages. */
  packages?: string[];
  /** Only this group of the rules. */
  group?: string;
  /** Test command run on each branch (default: config `updates.test`). */
  test?: string;
  /** Push passing branches to this remote. */
  push?: string;
  /** Open a pull request for each pushed branch (needs `push` and `updates.pullRequests`). */
  openPullRequests?: boolean;
  /** Branch updates start from (default: config `updates.baseBranch`, else the checked-out one). */
  base?: string;
  /** Replace existing update branches. */
  recreate?: boolean;
  /** Where descriptions are written (default: `<git dir>/lockkeeper/updates`). */
  descriptionsDir?: string;
  configFile?: string;
}

export interface UpdateReport extends RunUpdatesResult {
  /** Lockkeeper's own time, without the package manager's and the tests'. */
  ownMs: number;
}

/**
 * `lk update`: one branch per proposed update (or group), made in a temporary worktree with the
 * project's own tool, committed, tested, described; pushed and opened as a pull request on request.
 * The user's checkout is never touched (checked before and after).
 */
export async function updateProject(context: AppContext, request: UpdateRequest): Promise<UpdateReport> {
  if (request.openPullRequests && !request.push) {
    throw new LockkeeperError(
      "USAGE",
      "--open-pr needs --push <remote>: a pull request needs a pushed branch",
    );
  }
  const project = openProject(context, request.dir, withConfigFile(request.configFile));
  const settings = project.config.updates;
  const registries = await projectRegistries(context, project.projectDir, project.config);
  const updaters = await projectUpdaters(context, project, registries);
  if (updaters.size === 0) {
    const kinds = await changeLabels();
    throw new LockkeeperError("NO_LOCKFILE", `no ${kinds.join(" or ")} lockfile in ${request.dir}`, {
      hint: "lk update changes npm projects (npm, pnpm, yarn), pip-tools layers and pinned requirements files",
    });
  }
  const git = gitContext(context);
  const state = await workingTreeState(project.projectDir, git);
  const base = request.base ?? settings.baseBranch ?? state.branch;
  if (!base) {
    throw new LockkeeperError("USAGE", "HEAD is detached: say which branch updates start from", {
      hint: "pass --base <branch> or set updates.baseBranch",
    });
  }
  const pullRequests = request.openPullRequests
    ? providerFor(settings.pullRequests, context.secrets)
    : undefined;
  const advisories = optionalAdvisoryDatabase(context, project.config.scan.database);
  const testCommand = request.test ?? settings.test;
  const descriptionsDir = request.descriptionsDir
    ? resolvePath(context, request.descriptionsDir)
    : join(
        project.projectDir,
        (await gitOk(project.projectDir, ["rev-parse", "--git-common-dir"], git)).trim(),
        "lockkeeper",
        "updates",
      );
  const started = Date.now();
  let result: RunUpdatesResult;
  try {
    result = await runUpdates({
      inventory: project.inventory,
      sources: registries,
      projectDir: project.projectDir,
      base,
      baseBranch: base,
      updaters,
      registries,
      settings,
      recreate: request.recreate === true,
      env: context.env,
      secrets: context.secrets,
      signal: context.signal,
      cleanup: context.cleanup,
      descriptionsDir,
      labels: settings.pullRequests?.labels ?? [],
      now: context.now(),
      toolVersion: context.toolVersion,
      onStep: (message) => context.onEvent({ kind: "step", message }),
      ...(request.packages ? { packages: request.packages } : {}),
      ...(request.group !== undefined ? { group: request.group } : {}),
      ...(request.push ? { push: request.push } : {}),
      ...(pullRequests ? { pullRequests } : {}),
      ...(testCommand ? { testCommand } : {}),
      ...(advisories ? { advisories: advisories.db } : {}),
    });
  } finally {
    advisories?.db.close();
  }
  const after = await workingTreeState(project.projectDir, git);
  if (after.branch !== state.branch || after.head !== state.head) {
    // Never expected: every change happens in temporary worktrees. Say so loudly if it did.
    throw new LockkeeperError(
      "GIT",
      `the checkout moved during lk update (${state.branch} → ${after.branch})`,
    );
  }
  return { ...result, ownMs: Date.now() - started - result.externalMs };
}

function providerFor(settings: Parameters<typeof pullRequestProvider>[0] | undefined, secrets: Secrets) {
  if (!settings) {
    throw new LockkeeperError("CONFIG", "--open-pr needs updates.pullRequests in lockkeeper.yaml", {
      hint: "set provider (github or gitlab) and repository (owner/name)",
    });
  }
  return pullRequestProvider(settings, secrets);
}

/** Each ecosystem's changer for the project, where the project has something it changes. */
async function projectUpdaters(
  context: AppContext,
  project: Project,
  registries: RegistryClients,
): Promise<Map<Ecosystem, DependencyUpdater>> {
  const updaters = new Map<Ecosystem, DependencyUpdater>();
  for (const adapter of ECOSYSTEMS) {
    const changes = await adapter.loadChanges?.();
    const updater = changes?.updater({
      projectDir: project.projectDir,
      inventory: project.inventory,
      config: project.config,
      registries,
      env: context.env,
      signal: context.signal,
    });
    if (updater) updaters.set(adapter.ecosystem, updater);
  }
  return updaters;
}

/** What the ecosystems' dependencies are called (`npm`, `Python`), for the message when none is found. */
async function changeLabels(): Promise<string[]> {
  const loaded = await Promise.all(ECOSYSTEMS.map((adapter) => adapter.loadChanges?.()));
  return loaded.flatMap((changes) => (changes ? [changes.label] : []));
}
