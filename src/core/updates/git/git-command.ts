import { spawn } from "node:child_process";
import { gitEnv, gitFailure, spawnError } from "../../history/git-process.js";

/** What a git process printed and how it ended. */
export interface GitOutput {
  code: number;
  stdout: string;
  stderr: string;
}

export interface GitCommandOptions {
  /** Written to git's standard input (a commit message for `-F -`). */
  input?: string;
  /** Added to the environment of `gitEnv()` (an author identity). */
  env?: NodeJS.ProcessEnv;
}

/**
 * Runs `git <args>` in a directory and resolves with its exit code and output, whatever the code:
 * the update steps need git's full stderr (a rejected push) and its exit code (a missing branch),
 * which `runGit` of history/ turns into a one-line error. Rejects only when git cannot start.
 */
export function gitCommand(
  cwd: string,
  args: readonly string[],
  options: GitCommandOptions = {},
): Promise<GitOutput> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn("git", args, {
      cwd,
      env: { ...gitEnv(), ...options.env },
      stdio: ["pipe", "pipe", "pipe"],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (chunk: Buffer) => out.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => err.push(chunk));
    child.on("error", (error) => reject(spawnError(error, cwd)));
    child.on("close", (code) =>
      resolvePromise({
        code: code ?? 1,
        stdout: Buffer.concat(out).toString("utf8"),
        stderr: Buffer.concat(err).toString("utf8"),
      }),
    );
    // A git that exits before reading its input breaks the pipe: its exit code tells what happened.
    child.stdin.on("error", () => undefined);
    child.stdin.end(options.input);
  });
}

/** `gitCommand` that returns standard output and turns a failure into the usual GIT error. */
export async function gitOk(
  cwd: string,
  args: readonly string[],
  options: GitCommandOptions & { what?: string } = {},
): Promise<string> {
  const result = await gitCommand(cwd, args, options);
  if (result.code !== 0)
    throw gitFailure(result.stderr, cwd, options.what ?? `git ${args.slice(0, 3).join(" ")}`);
  return result.stdout;
}
