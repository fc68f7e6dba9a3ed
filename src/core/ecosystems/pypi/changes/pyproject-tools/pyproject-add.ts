import { existsSync } from "node:fs";
import { join } from "node:path";
import type { AdvisoryStore } from "../../../../advisories/store/advisory-store.js";
import { LockkeeperError } from "../../../../errors.js";
import { DiskFiles, MemoryFiles } from "../../../../files/project-files.js";
import type { Inventory } from "../../../../model/types.js";
import { runProcess } from "../../../../process/run-process.js";
import { type ChangeSummary, summariseChange } from "../../../../updates/change-summary.js";
import type { ToolCommand } from "../../../../updates/change-tools.js";
import { type VetProblem, type VetSettings, vetChange } from "../../../../updates/vet.js";
import { findExecutable } from "../../../../verify-prod/find-executable.js";
import { poetryLockParser } from "../../lockfiles/poetry-lock.js";
import { requirementsParser } from "../../lockfiles/requirements.js";
import { uvLockParser } from "../../lockfiles/uv-lock.js";
import { type PypiAddRequest, parsePypiAddRequest } from "../pypi-add-request.js";
import { type PythonIndex, requestedCandidate, requestedRelease } from "../pypi-vetting.js";

/** Python project managers that resolve and lock from `pyproject.toml` themselves. */
export type PyprojectTool = "poetry" | "uv";

const LOCKFILES: Record<PyprojectTool, string> = { poetry: "poetry.lock", uv: "uv.lock" };
const PARSERS = { poetry: poetryLockParser, uv: uvLockParser };

/**
 * The project's manager from its lockfile beside `pyproject.toml`; USAGE when both lockfiles are
 * there (which one is current cannot be told).
 */
export function detectPyprojectTool(projectDir: string): PyprojectTool | undefined {
  if (!existsSync(join(projectDir, "pyproject.toml"))) return undefined;
  const found = (["poetry", "uv"] as const).filter((tool) => existsSync(join(projectDir, LOCKFILES[tool])));
  if (found.length > 1) {
    throw new LockkeeperError("USAGE", "this project has both poetry.lock and uv.lock", {
      hint: "remove the lockfile of the tool the project no longer uses",
    });
  }
  return found[0];
}

export interface PyprojectAddRequest {
  /** `name`, `name@<specifier>` or a PEP 508 requirement. */
  spec: string;
  dev: boolean;
  exact: boolean;
}

export interface PyprojectAddContext {
  projectDir: string;
  tool: PyprojectTool;
  /** Where the requested release is looked up (the configured Python index). */
  index: PythonIndex;
  indexUrl: string;
  advisories?: AdvisoryStore;
  vet: VetSettings;
  env: NodeJS.ProcessEnv;
  signal?: AbortSignal;
}

/** The vetted release and the command that adds it. */
export interface PyprojectAddPlan {
  tool: PyprojectTool;
  name: string;
  /** The release pip's rules choose for the request: what was vetted. */
  version: string;
  command: ToolCommand;
  problems: VetProblem[];
}

/**
 * Vets the release the request would bring (registry facts: yanked, cool-down, licence; and its
 * known vulnerabilities): poetry and uv resolve on their own, so the rest of the lock change is
 * only seen after they ran.
 */
export async function planPyprojectAdd(
  request: PyprojectAddRequest,
  context: PyprojectAddContext,
): Promise<PyprojectAddPlan> {
  const wanted = parsePypiAddRequest(request.spec);
  const { chosen } = await requestedRelease(context.index, wanted, context.indexUrl);
  const candidate = await requestedCandidate(context.index, wanted, chosen, request.dev ? "dev" : "prod");
  const introduced = context.advisories
    ? await releaseFindings(wanted.name, chosen.version, context.advisories)
    : [];
  const installed = existsSync(join(context.projectDir, ".venv"));
  return {
    tool: context.tool,
    name: wanted.name,
    version: chosen.version,
    command: pyprojectAddCommand(context.tool, wanted, chosen.version, { ...request, installed }),
    problems: vetChange([candidate], introduced, context.vet),
  };
}

/**
 * Runs the project's tool; NOT_FOUND (with the command to run by hand) when it is not installed.
 * Returns what changed in its lockfile.
 */
export async function applyPyprojectAdd(
  plan: PyprojectAddPlan,
  context: PyprojectAddContext,
): Promise<ChangeSummary> {
  const program = findExecutable(plan.command.program, context.env);
  if (!program) {
    throw new LockkeeperError(
      "NOT_FOUND",
      `${plan.command.program} is not on PATH, and this project uses it (${LOCKFILES[plan.tool]})`,
      {
        hint: `install ${plan.command.program}, or make the vetted change by hand: ${commandLine(plan.command)}`,
      },
    );
  }
  const before = lockInventory(context.projectDir, context.tool);
  const outcome = await runProcess(program, plan.command.args, {
    cwd: context.projectDir,
    env: context.env,
    ...(context.signal ? { signal: context.signal } : {}),
    timeoutMs: 600_000,
  });
  if (outcome.exitCode !== 0) {
    const detail = outcome.outputTail.trim().split("\n").slice(-12).join("\n");
    throw new LockkeeperError(
      "USAGE",
      `${plan.command.program} ${plan.command.args.join(" ")} failed${outcome.timedOut ? " (timed out)" : ""}:\n${detail}`,
    );
  }
  return await summariseChange(before, lockInventory(context.projectDir, context.tool), context.advisories);
}

export interface PyprojectAddFlags {
  dev: boolean;
  exact: boolean;
  /** The project has a `.venv`: let the tool install into it; otherwise change files only. */
  installed: boolean;
}

/**
 * `poetry add name@<constraint> [--group dev] [--lock]` or `uv add name<specifier> [--dev]
 * [--no-sync]`. With no specifier the vetted version is the lower bound each tool writes by
 * default (poetry `^1.2.3`, uv `>=1.2.3`), so the tool cannot settle on an older release.
 */
export function pyprojectAddCommand(
  tool: PyprojectTool,
  request: PypiAddRequest,
  version: string,
  flags: PyprojectAddFlags,
): ToolCommand {
  const extras = request.extras.length > 0 ? `[${request.extras.join(",")}]` : "";
  const named = `${request.name}${extras}`;
  if (tool === "poetry") {
    if (request.marker) {
      throw new LockkeeperError("USAGE", "poetry add takes no environment marker on the command line", {
        hint: `add ${request.name} without it, then put the marker in pyproject.toml (markers = "…")`,
      });
    }
    const constraint = flags.exact ? `==${version}` : request.specifier || `^${version}`;
    const args = ["add", `${named}@${constraint}`];
    if (flags.dev) args.push("--group", "dev");
    if (!flags.installed) args.push("--lock");
    return { program: "poetry", args };
  }
  const specifier = flags.exact ? `==${version}` : request.specifier || `>=${version}`;
  const args = ["add", `${named}${specifier}${request.marker ? ` ; ${request.marker}` : ""}`];
  if (flags.dev) args.push("--dev");
  if (!flags.installed) args.push("--no-sync");
  return { program: "uv", args };
}

/** The command as it is typed in a shell (`uv add "django>=4.2,<5"`). */
export function commandLine(command: ToolCommand): string {
  const quoted = (arg: string) =>
    /^[\w@%+=:,./^-]+$/.test(arg) ? arg : `"${arg.replace(/(["\\$`])/g, "\\$1")}"`;
  return [command.program, ...command.args].map(quoted).join(" ");
}

/** Known vulnerabilities of one release, read as a one-line requirements lock. */
async function releaseFindings(name: string, version: string, advisories: AdvisoryStore) {
  const content = `${name}==${version}\n`;
  const snapshot = requirementsParser.parse({ path: "requested.txt", content, files: new MemoryFiles({}) });
  const change = await summariseChange(
    { target: ".", snapshots: [] },
    { target: ".", snapshots: [snapshot] },
    advisories,
  );
  return change.introduced;
}

function lockInventory(projectDir: string, tool: PyprojectTool): Inventory {
  const files = new DiskFiles(projectDir);
  const path = LOCKFILES[tool];
  const content = files.readText(path);
  if (content === undefined) return { target: projectDir, snapshots: [] };
  return { target: projectDir, snapshots: [PARSERS[tool].parse({ path, content, files })] };
}
