import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { AdvisoryStore } from "../../../advisories/store/advisory-store.js";
import { isLockkeeperError, LockkeeperError } from "../../../errors.js";
import { loadInventory } from "../../../inventory/load-inventory.js";
import type { Inventory } from "../../../model/types.js";
import { runProcess } from "../../../process/run-process.js";
import { type ChangeSummary, packageChanges, summariseChange } from "../../../updates/change-summary.js";
import type { ToolCommand } from "../../../updates/change-tools.js";
import { requireTool } from "../../../updates/require-tool.js";
import { type VetCandidate, type VetProblem, type VetSettings, vetChange } from "../../../updates/vet.js";
import type { ReleaseSource } from "../../registry/releases.js";
import { copyResolutionFiles } from "./copy-manifests.js";
import { type AddFlags, addCommand, type NpmTool, refreshLockCommand, savedRange } from "./npm-tools.js";
import { setSavedRanges } from "./saved-ranges.js";

export interface NpmAddRequest {
  /** `name`, `name@range`, `@scope/name@range`. */
  spec: string;
  dev: boolean;
  exact: boolean;
}

/** What adding a package would do, worked out in a scratch copy before the project is touched. */
export interface NpmAddPlan {
  tool: NpmTool;
  name: string;
  /** The version the tool resolved for the request. */
  version: string;
  summary: ChangeSummary;
  problems: VetProblem[];
}

export interface NpmAddContext {
  projectDir: string;
  tool: NpmTool;
  releases: ReleaseSource;
  advisories?: AdvisoryStore;
  vet: VetSettings;
  env: NodeJS.ProcessEnv;
  signal?: AbortSignal;
}

/**
 * Resolves the request with the project's own tool in a scratch copy of its manifests and lockfile
 * (lockfile only, no scripts), then vets every package the change adds or moves.
 */
export async function planNpmAdd(request: NpmAddRequest, context: NpmAddContext): Promise<NpmAddPlan> {
  const name = packageNameOf(request.spec);
  const command = addCommand(context.tool, [request.spec], { ...flagsOf(request), lockfileOnly: true });
  requireTool(command, context.env); // before any work: a clear error when the tool is missing
  const scratch = mkdtempSync(join(tmpdir(), "lk-add-"));
  try {
    copyResolutionFiles(context.projectDir, scratch);
    await runTool(command, scratch, context);
    const before = inventoryOrEmpty(context.projectDir);
    const after = loadInventory(scratch, { cwd: scratch });
    const summary = await summariseChange(before, after, context.advisories);
    const added = after.snapshots
      .flatMap((snapshot) => snapshot.packages)
      .find((pkg) => pkg.direct && pkg.name === name && pkg.version);
    if (!added?.version) {
      throw new LockkeeperError("NOT_FOUND", `${command.program} did not add ${name} to the lockfile`);
    }
    const scripts = installScriptsOf(scratch);
    const candidates = await Promise.all(
      packageChanges(summary)
        .flatMap((change) =>
          change.to?.version && change.kind !== "removed" && change.kind !== "changed"
            ? [{ change, version: change.to.version }]
            : [],
        )
        .map(async ({ change, version }): Promise<VetCandidate> => {
          const releases = await context.releases.packageReleases(change.name);
          const release = releases?.releases.find((entry) => entry.version === version);
          const candidate: VetCandidate = {
            ecosystem: "npm",
            name: change.name,
            version,
            requested: change.name === name,
            scope: change.to?.scope ?? "prod",
          };
          if (release) candidate.release = release;
          const hasScript = scripts.get(`${change.name}@${version}`) ?? release?.hasInstallScript;
          if (hasScript) candidate.hasInstallScript = true;
          return candidate;
        }),
    );
    const problems = vetChange(candidates, summary.introduced, context.vet);
    return { tool: context.tool, name, version: added.version, summary, problems };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/**
 * Makes the change in the project with its own tool. A project without installed packages keeps
 * having none (lockfile only); otherwise the tool installs as it always does. Pins the planned
 * version so the project gets exactly what was vetted.
 */
export async function applyNpmAdd(
  request: NpmAddRequest,
  plan: NpmAddPlan,
  context: NpmAddContext,
): Promise<ChangeSummary> {
  const installed = existsSync(join(context.projectDir, "node_modules"));
  const range = rangeOf(request.spec);
  // The vetted version, with the range the user asked for when it is one npm can save as is.
  const spec = range && !request.exact ? request.spec : `${plan.name}@${plan.version}`;
  const command = addCommand(context.tool, [spec], { ...flagsOf(request), lockfileOnly: !installed });
  const before = inventoryOrEmpty(context.projectDir);
  await runTool(command, context.projectDir, context);
  // pnpm and yarn save the bare version they were given: the project gets npm's `^version`.
  const saved = new Map([[plan.name, savedRange(plan.version)]]);
  if (spec !== request.spec && !request.exact && setSavedRanges(context.projectDir, saved)) {
    await runTool(refreshLockCommand(context.tool, !installed), context.projectDir, context);
  }
  return await summariseChange(
    before,
    loadInventory(context.projectDir, { cwd: context.projectDir }),
    context.advisories,
  );
}

function flagsOf(request: NpmAddRequest): Omit<AddFlags, "lockfileOnly"> {
  return { section: request.dev ? "dev" : "prod", exact: request.exact };
}

async function runTool(
  command: ToolCommand,
  cwd: string,
  { env, signal }: Pick<NpmAddContext, "env" | "signal">,
): Promise<void> {
  const outcome = await runProcess(requireTool(command, env), command.args, {
    cwd,
    env,
    timeoutMs: 600_000,
    ...(signal ? { signal } : {}),
  });
  if (outcome.exitCode !== 0) {
    const detail = outcome.outputTail.trim().split("\n").slice(-12).join("\n");
    throw new LockkeeperError(
      "USAGE",
      `${command.program} ${command.args.join(" ")} failed${outcome.timedOut ? " (timed out)" : ""}:\n${detail}`,
    );
  }
}

/** The name part of an npm install spec; a clear error for what `lk add` does not take. */
export function packageNameOf(spec: string): string {
  const match = /^((?:@[a-z0-9][\w.-]*\/)?[a-z0-9][\w.-]*)(?:@(.*))?$/i.exec(spec.trim());
  if (!match?.[1] || /^npm:|^git|^file:|^https?:|\//.test(match[2] ?? "")) {
    throw new LockkeeperError("USAGE", `"${spec}" is not a package name with an optional range`, {
      hint: "lk add takes name, name@range or @scope/name@range (for example lodash@^4.17.21)",
    });
  }
  return match[1];
}

function rangeOf(spec: string): string | undefined {
  const name = packageNameOf(spec);
  const rest = spec.trim().slice(name.length);
  return rest.startsWith("@") && rest.length > 1 ? rest.slice(1) : undefined;
}

function inventoryOrEmpty(dir: string): Inventory {
  try {
    return loadInventory(dir, { cwd: dir });
  } catch (error: unknown) {
    if (isLockkeeperError(error) && error.code === "NO_LOCKFILE") return { target: dir, snapshots: [] };
    throw error;
  }
}

/** package-lock v2/v3 flag the packages that run install scripts (`hasInstallScript`). */
function installScriptsOf(dir: string): Map<string, boolean> {
  const flagged = new Map<string, boolean>();
  const path = join(dir, "package-lock.json");
  if (!existsSync(path)) return flagged;
  const lock = JSON.parse(readFileSync(path, "utf8")) as {
    packages?: Record<string, { name?: string; version?: string; hasInstallScript?: boolean }>;
  };
  for (const [key, entry] of Object.entries(lock.packages ?? {})) {
    if (!entry.hasInstallScript || !entry.version) continue;
    const name = entry.name ?? key.slice(key.lastIndexOf("node_modules/") + "node_modules/".length);
    flagged.set(`${name}@${entry.version}`, true);
  }
  return flagged;
}
