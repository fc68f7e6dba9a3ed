import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join, resolve } from "node:path";
import type { InstallCommand, InstallFootprint, InstallMode } from "../ecosystems/install-support.js";
import { LockkeeperError } from "../errors.js";
import { runProcess } from "../process/run-process.js";
import { copyProject } from "./copy-project.js";
import { withInstallEnvironment } from "./install-environment.js";
import { type InstallPlan, planInstall } from "./plan-install.js";
import type {
  InstallOutcome,
  SmokeOutcome,
  VerifyProdResult,
  VerifyProdSettings,
  VerifyProgress,
} from "./types.js";

export interface VerifyProdInput {
  /** Absolute project directory. */
  root: string;
  /** As the user gave it, for the report. */
  target: string;
  settings: VerifyProdSettings;
  /** The environment installs and the smoke command run with (PATH finds the tools). */
  env: NodeJS.ProcessEnv;
  /** Keep the temporary copies for inspection. */
  keep?: boolean;
  /** Stops installs and the smoke command; the temporary copies are removed. */
  signal?: AbortSignal;
  onProgress?: (progress: VerifyProgress) => void;
}

/**
 * Proves that production needs no development dependency: installs the project production-only
 * (with its ecosystem's own package manager, see `planInstall`) in a temporary copy, runs the smoke
 * command there, and installs everything in a second copy to compare size and package count.
 */
export async function verifyProd(input: VerifyProdInput): Promise<VerifyProdResult> {
  const { root, settings, env } = input;
  const smokeCommand = settings.smoke;
  if (!smokeCommand || smokeCommand.trim() === "")
    throw new LockkeeperError("USAGE", "a smoke command is required", {
      hint: 'pass --smoke "node dist/server.js --check" (or set verifyProd.smoke in lockkeeper.yaml)',
    });
  const plan = await planInstall(root, settings, env);
  const progress = input.onProgress ?? (() => {});
  const work = mkdtempSync(join(tmpdir(), "lk-verify-prod-"));
  try {
    const prodDir = join(work, "prod");
    progress({ step: "copying the project" });
    copyProject(root, prodDir);
    const prod = await install(plan, prodDir, "prod", input);
    const result: VerifyProdResult = {
      target: input.target,
      ecosystem: plan.ecosystem,
      manager: plan.manager,
      lockfile: plan.lockfile,
      prod,
      ok: false,
    };
    if (!prod.ok) return result;
    result.smoke = await smoke(plan, prodDir, smokeCommand, input);
    result.ok = result.smoke.ok;
    if (settings.full) {
      const fullDir = join(work, "full");
      progress({ step: "copying the project for the full install" });
      copyProject(root, fullDir);
      result.full = await install(plan, fullDir, "full", input);
    }
    if (input.keep) result.workDir = work;
    return result;
  } finally {
    if (!input.keep) rmSync(work, { recursive: true, force: true });
  }
}

const NOTHING_INSTALLED: InstallFootprint = { packages: new Set(), bytes: 0 };

async function install(
  plan: InstallPlan,
  dir: string,
  mode: InstallMode,
  input: VerifyProdInput,
): Promise<InstallOutcome> {
  const commands = plan.commands(mode);
  const shown = commands.map(displayCommand);
  const outcome: InstallOutcome = {
    mode,
    commands: shown,
    ok: true,
    exitCode: 0,
    durationMs: 0,
    packages: 0,
    bytes: 0,
    outputTail: "",
  };
  // Installs run unattended: no prompts, no update notices.
  const env = { ...input.env, ...plan.unattended, CI: input.env.CI ?? "true" };
  let baseline = NOTHING_INSTALLED;
  for (const [i, command] of commands.entries()) {
    const step = `${mode === "prod" ? "production" : "full"} install: ${shown[i]}`;
    input.onProgress?.({ step });
    const run = await runProcess(resolve(dir, command.program), command.args, {
      cwd: dir,
      env,
      ...(input.signal ? { signal: input.signal } : {}),
      onLine: (line) => input.onProgress?.({ step, output: line }),
    });
    outcome.durationMs += run.durationMs;
    outcome.exitCode = run.exitCode;
    outcome.outputTail = run.outputTail;
    if (run.exitCode !== 0) {
      outcome.ok = false;
      return outcome;
    }
    if (command.setup) baseline = plan.footprint(dir);
  }
  input.onProgress?.({ step: `measuring the ${mode === "prod" ? "production" : "full"} install` });
  const after = plan.footprint(dir);
  outcome.packages = [...after.packages].filter((key) => !baseline.packages.has(key)).length;
  outcome.bytes = Math.max(0, after.bytes - baseline.bytes);
  return outcome;
}

async function smoke(
  plan: InstallPlan,
  dir: string,
  command: string,
  input: VerifyProdInput,
): Promise<SmokeOutcome> {
  const step = `smoke: ${command}`;
  input.onProgress?.({ step });
  const run = await runProcess(command, [], {
    cwd: dir,
    env: withInstallEnvironment(input.env, plan.environment(dir)),
    shell: true,
    timeoutMs: input.settings.smokeTimeoutSeconds * 1000,
    onLine: (line) => input.onProgress?.({ step, output: line }),
    ...(input.signal ? { signal: input.signal } : {}),
  });
  return {
    command,
    ok: run.exitCode === 0 && !run.timedOut,
    exitCode: run.exitCode,
    timedOut: run.timedOut,
    durationMs: run.durationMs,
    outputTail: run.outputTail,
  };
}

/** A command as a person would type it (for the report): the program by name, arguments quoted when needed. */
function displayCommand(command: InstallCommand): string {
  return [command.name ?? basename(command.program), ...command.args]
    .map((part) => (/[\s"']/.test(part) ? JSON.stringify(part) : part))
    .join(" ");
}
