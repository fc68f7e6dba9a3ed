import { execFileSync } from "node:child_process";
import { runProcess } from "../process/run-process.js";
import { gitFailure, spawnError } from "./git-failure.js";

/**
 * Environment for every git process: messages in English (errors are recognised by their text) and
 * no pager, prompt or editor, whatever the user's configuration says. `base` is the environment
 * the caller runs tools with (the CLI's, or a server job's).
 */
export function gitEnv(base: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return {
    ...base,
    LC_ALL: "C",
    LANGUAGE: "C",
    GIT_PAGER: "cat",
    GIT_TERMINAL_PROMPT: "0",
    GIT_OPTIONAL_LOCKS: "0",
  };
}

/** What every git call needs from its caller: the environment to run with, and cancellation. */
export interface GitContext {
  /** The environment git runs with (the CLI's; a server job's own), never taken implicitly. */
  env: NodeJS.ProcessEnv;
  /** Stops git and rejects with CANCELLED. */
  signal?: AbortSignal;
}

export interface GitOptions extends GitContext {
  /** Written to git's standard input (a commit message for `-F -`). */
  input?: string;
  /** Names the revision or operation in error messages. */
  what?: string;
}

/** What a git process printed and how it ended. */
export interface GitResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs `git <args>` and resolves with its exit code and output, whatever the code (an update step
 * needs a rejected push's full stderr, a missing branch's exit code). Rejects only when git cannot
 * start (GIT) or the signal fires (CANCELLED).
 */
export async function runGit(cwd: string, args: readonly string[], options: GitOptions): Promise<GitResult> {
  const result = await execGit(cwd, args, options);
  return { ...result, stdout: result.stdout.toString("utf8") };
}

async function execGit(
  cwd: string,
  args: readonly string[],
  options: GitOptions,
): Promise<{ code: number; stdout: Buffer; stderr: string }> {
  const outcome = await runProcess("git", [...args], {
    cwd,
    env: gitEnv(options.env),
    collectStdout: true,
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.input !== undefined ? { input: options.input } : {}),
  });
  if (outcome.startError) throw spawnError(outcome.startError, cwd);
  if (outcome.exitCode === null)
    throw gitFailure(outcome.stderr || "git was stopped", cwd, options.what ?? describeArgs(args));
  return { code: outcome.exitCode, stdout: outcome.stdout, stderr: outcome.stderr };
}

/** `git <args>`'s standard output; a non-zero exit is a GIT error with git's own reason. */
export async function gitBytes(cwd: string, args: readonly string[], options: GitOptions): Promise<Buffer> {
  const result = await execGit(cwd, args, options);
  if (result.code !== 0) throw gitFailure(result.stderr, cwd, options.what ?? describeArgs(args));
  return result.stdout;
}

/** `gitBytes` as text. */
export async function gitOk(cwd: string, args: readonly string[], options: GitOptions): Promise<string> {
  return (await gitBytes(cwd, args, options)).toString("utf8");
}

/**
 * The synchronous form, for the rare reads a (synchronous) parser makes outside the watched files,
 * and for clean-up steps that must run at process exit.
 */
export function runGitSync(
  cwd: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv,
  input?: string,
): Buffer {
  try {
    return execFileSync("git", args, {
      cwd,
      env: gitEnv(env),
      input,
      stdio: ["pipe", "pipe", "pipe"],
      maxBuffer: 1 << 30,
    });
  } catch (error: unknown) {
    const e = error as { code?: unknown; stderr?: Buffer };
    if (e.code === "ENOENT") throw spawnError(error, cwd);
    throw gitFailure(e.stderr?.toString("utf8") ?? String(error), cwd, describeArgs(args));
  }
}

/** Exit code and output of a synchronous git call, for clean-up steps that judge the outcome themselves. */
export function tryGitSync(
  cwd: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv,
): { ok: boolean; stdout: string; stderr: string } {
  try {
    return { ok: true, stdout: runGitSync(cwd, args, env).toString("utf8"), stderr: "" };
  } catch (error: unknown) {
    return { ok: false, stdout: "", stderr: error instanceof Error ? error.message : String(error) };
  }
}

function describeArgs(args: readonly string[]): string {
  return `git ${args
    .filter((a) => !a.startsWith("--format"))
    .slice(0, 4)
    .join(" ")}`;
}
