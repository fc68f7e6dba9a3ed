import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, delimiter, join } from "node:path";
import {
  type Footprint,
  nodeModulesFootprint,
  sitePackagesFootprint,
} from "../ecosystems/npm/installs/node-modules-footprint.js";
import {
  displayCommand,
  installCommands,
  VENV_DIR,
  venvBin,
} from "../ecosystems/npm/installs/npm-install-commands.js";
import { type InstallPlan, planInstall } from "../ecosystems/pypi/installs/pypi-installs.js";
import { LockkeeperError } from "../errors.js";
import { sitePackagesOf } from "../imports/installed-python-modules.js";
import { runProcess } from "../process/run-process.js";
import { copyProject } from "./copy-project.js";
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
 * (with its own package manager, or pip into a fresh venv) in a temporary copy, runs the smoke
 * command there, and installs everything in a second copy to compare size and package count.
 */
export async function verifyProd(input: VerifyProdInput): Promise<VerifyProdResult> {
  const { root, settings, env } = input;
  const smokeCommand = settings.smoke;
  if (!smokeCommand || smokeCommand.trim() === "")
    throw new LockkeeperError("USAGE", "a smoke command is required", {
      hint: 'pass --smoke "node dist/server.js --check" (or set verifyProd.smoke in lockkeeper.yaml)',
    });
  const plan = planInstall(root, settings, env);
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

async function install(
  plan: InstallPlan,
  dir: string,
  mode: "prod" | "full",
  input: VerifyProdInput,
): Promise<InstallOutcome> {
  const commands = installCommands(plan, mode, input.settings.indexUrl);
  const shown = commands.map((command, i) =>
    displayCommand(command, i === 0 || plan.manager !== "pip" ? basename(command.program) : "python"),
  );
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
  let baseline: Footprint & { names: Set<string> } = { packages: 0, bytes: 0, names: new Set() };
  for (const [i, command] of commands.entries()) {
    const step = `${mode === "prod" ? "production" : "full"} install: ${shown[i]}`;
    input.onProgress?.({ step });
    const program = plan.manager === "pip" && i > 0 ? join(dir, command.program) : command.program;
    const run = await runProcess(program, command.args, {
      cwd: dir,
      env: installEnv(input.env),
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
    // A fresh venv already holds pip (and setuptools): measured here, left out of the figures.
    if (plan.manager === "pip" && i === 0)
      baseline = sitePackagesFootprint(sitePackagesOf(join(dir, VENV_DIR)));
  }
  input.onProgress?.({ step: `measuring the ${mode === "prod" ? "production" : "full"} install` });
  if (plan.manager === "pip") {
    const after = sitePackagesFootprint(sitePackagesOf(join(dir, VENV_DIR)));
    outcome.packages = [...after.names].filter((name) => !baseline.names.has(name)).length;
    outcome.bytes = Math.max(0, after.bytes - baseline.bytes);
  } else {
    const footprint = nodeModulesFootprint(dir);
    outcome.packages = footprint.packages;
    outcome.bytes = footprint.bytes;
  }
  return outcome;
}

/** Installs run unattended: no prompts, no update notices. */
function installEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return { ...env, npm_config_update_notifier: "false", PIP_NO_INPUT: "1", CI: env.CI ?? "true" };
}

async function smoke(
  plan: InstallPlan,
  dir: string,
  command: string,
  input: VerifyProdInput,
): Promise<SmokeOutcome> {
  const step = `smoke: ${command}`;
  input.onProgress?.({ step });
  const env: NodeJS.ProcessEnv = { ...input.env };
  const pathKey = Object.keys(env).find((key) => key.toUpperCase() === "PATH") ?? "PATH";
  const bin = plan.manager === "pip" ? venvBin(join(dir, VENV_DIR)) : join(dir, "node_modules", ".bin");
  env[pathKey] = [bin, env[pathKey]].filter(Boolean).join(delimiter);
  if (plan.manager === "pip") {
    env.VIRTUAL_ENV = join(dir, VENV_DIR);
    delete env.PYTHONHOME;
  }
  const run = await runProcess(command, [], {
    cwd: dir,
    env,
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
