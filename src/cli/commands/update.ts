import { resolve } from "node:path";
import type { Secrets } from "../../core/config/secrets.js";
import { LockkeeperError } from "../../core/errors.js";
import { gitOk } from "../../core/updates/git/git-command.js";
import { workingTreeState } from "../../core/updates/git/working-tree-state.js";
import { detectNpmTool } from "../../core/updates/npm/npm-tools.js";
import { pipToolsCompiler } from "../../core/updates/pip-tools/compile-keeping-pins.js";
import { pullRequestProvider } from "../../core/updates/pull-requests/provider-from-config.js";
import { type RunUpdatesResult, runUpdates } from "../../core/updates/run-updates.js";
import { EXIT } from "../exit-codes.js";
import type { CliIo } from "../io.js";
import { renderUpdateResults } from "../output/update-results.js";
import { cliSecrets } from "../secrets.js";
import { toolVersion } from "../version.js";
import { optionalAdvisories } from "./change-vetting.js";
import { loadProject } from "./project.js";
import { projectRegistries } from "./project-registries.js";

export interface UpdateOptions {
  package?: string[];
  group?: string;
  test?: string;
  push?: string;
  openPr?: boolean;
  base?: string;
  recreate?: boolean;
  out?: string;
  format: string;
  config?: string;
}

/**
 * `lk update`: one branch per proposed update (or group), made in a temporary worktree with the
 * project's own tool, committed, tested, described; pushed and opened as a pull request on request.
 * Exit 1 when an update failed its tests or could not be made.
 */
export async function updateCommand(io: CliIo, dir: string, options: UpdateOptions): Promise<number> {
  if (options.openPr && !options.push) {
    throw new LockkeeperError(
      "USAGE",
      "--open-pr needs --push <remote>: a pull request needs a pushed branch",
    );
  }
  const project = loadProject(io, dir, options.config);
  const settings = project.config.updates;
  const tool = detectNpmTool(project.projectDir);
  const python = project.inventory.snapshots.some((snapshot) => snapshot.lockfile.ecosystem === "pypi");
  if (!tool && !python) {
    throw new LockkeeperError("NO_LOCKFILE", `no npm or Python lockfile in ${dir}`, {
      hint: "lk update changes npm projects (npm, pnpm, yarn), pip-tools layers and pinned requirements files",
    });
  }
  const state = await workingTreeState(project.projectDir);
  const base = options.base ?? settings.baseBranch ?? state.branch;
  if (!base) {
    throw new LockkeeperError("USAGE", "HEAD is detached: say which branch updates start from", {
      hint: "pass --base <branch> or set updates.baseBranch",
    });
  }
  const secrets = cliSecrets(io);
  const pullRequests = options.openPr ? providerFor(project.config.updates.pullRequests, secrets) : undefined;
  const registries = projectRegistries(io, project.projectDir, project.config);
  const advisories = optionalAdvisories(io, project.config);
  const testCommand = options.test ?? settings.test;
  let result: RunUpdatesResult;
  const started = Date.now();
  try {
    result = await runUpdates({
      inventory: project.inventory,
      sources: registries,
      projectDir: project.projectDir,
      base,
      baseBranch: base,
      ...(tool ? { tool } : {}),
      ...(python
        ? {
            pipTools: pipToolsCompiler(
              settings.pipTools,
              registries.pypi,
              project.config.registries.pypiIndex,
              io.env,
            ),
          }
        : {}),
      settings,
      archives: registries.npm,
      recreate: options.recreate === true,
      env: io.env,
      secrets,
      descriptionsDir: options.out
        ? resolve(io.cwd, options.out)
        : resolve(
            project.projectDir,
            await gitOk(project.projectDir, ["rev-parse", "--git-common-dir"]),
            "lockkeeper",
            "updates",
          ),
      labels: settings.pullRequests?.labels ?? [],
      now: new Date(),
      toolVersion: toolVersion(),
      onStep: (message) => io.stderr(`lk: ${message}\n`),
      ...(options.package ? { packages: options.package } : {}),
      ...(options.group !== undefined ? { group: options.group } : {}),
      ...(options.push ? { push: options.push } : {}),
      ...(pullRequests ? { pullRequests } : {}),
      ...(testCommand ? { testCommand } : {}),
      ...(advisories.db ? { advisories: advisories.db } : {}),
    });
  } finally {
    advisories.close();
  }
  const after = await workingTreeState(project.projectDir);
  if (after.branch !== state.branch || after.head !== state.head) {
    // Never expected: every change happens in temporary worktrees. Say so loudly if it did.
    throw new LockkeeperError(
      "GIT",
      `the checkout moved during lk update (${state.branch} → ${after.branch})`,
    );
  }
  const ownMs = Date.now() - started - result.externalMs;
  io.stdout(renderUpdateResults(result, options.format, { ownMs, toolVersion: toolVersion() }));
  const failed = result.results.filter((r) => r.status === "tests-failed" || r.status === "failed");
  return failed.length > 0 ? EXIT.FINDINGS : EXIT.OK;
}

function providerFor(settings: Parameters<typeof pullRequestProvider>[0] | undefined, secrets: Secrets) {
  if (!settings) {
    throw new LockkeeperError("CONFIG", "--open-pr needs updates.pullRequests in lockkeeper.yaml", {
      hint: "set provider (github or gitlab) and repository (owner/name)",
    });
  }
  return pullRequestProvider(settings, secrets);
}
