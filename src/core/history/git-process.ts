import { execFileSync, spawn } from "node:child_process";
import { LockkeeperError } from "../errors.js";

/**
 * Environment for every git process: messages in English (errors are recognised by their text) and
 * no pager, prompt or editor, whatever the user's configuration says.
 */
export function gitEnv(): NodeJS.ProcessEnv {
  return {
    ...process.env,
    LC_ALL: "C",
    LANGUAGE: "C",
    GIT_PAGER: "cat",
    GIT_TERMINAL_PROMPT: "0",
    GIT_OPTIONAL_LOCKS: "0",
  };
}

/**
 * Runs `git <args>` in a directory and returns its standard output; failures become LockkeeperError
 * (GIT). `what` names the revision (or the operation) in messages.
 */
export function runGit(cwd: string, args: readonly string[], what = describeArgs(args)): Promise<Buffer> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn("git", args, { cwd, env: gitEnv(), stdio: ["ignore", "pipe", "pipe"] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (chunk: Buffer) => out.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => err.push(chunk));
    child.on("error", (error) => reject(spawnError(error, cwd)));
    child.on("close", (code) => {
      if (code === 0) resolvePromise(Buffer.concat(out));
      else reject(gitFailure(Buffer.concat(err).toString("utf8"), cwd, what));
    });
  });
}

/** The synchronous form, for the rare reads a parser makes outside the watched files. */
export function runGitSync(cwd: string, args: readonly string[], input?: string): Buffer {
  try {
    return execFileSync("git", args, {
      cwd,
      env: gitEnv(),
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

/** git could not be started at all: the usual cause is that it is not installed. */
export function spawnError(error: unknown, cwd: string): LockkeeperError {
  const code = (error as { code?: unknown }).code;
  if (code === "ENOENT") {
    // spawn reports a missing working directory with the same code as a missing program.
    return new LockkeeperError("GIT", "git is not installed or not on the PATH", {
      hint: "install git to read history and revisions",
      cause: error,
    });
  }
  return new LockkeeperError("GIT", `could not run git in ${cwd}: ${String(error)}`, { cause: error });
}

/** Turns git's stderr into one clear message for the cases a user meets. */
export function gitFailure(stderr: string, cwd: string, what: string): LockkeeperError {
  const text = stderr.trim();
  if (/not a git repository/i.test(text)) {
    return new LockkeeperError("GIT", `not a git repository: ${cwd}`, {
      hint: "run the command inside a git checkout, or pass files instead of revisions",
    });
  }
  if (
    /unknown revision|bad revision|invalid object name|needed a single revision|not a valid object name|ambiguous argument/i.test(
      text,
    )
  ) {
    return new LockkeeperError("GIT", `unknown revision ${what}`, {
      hint: "use a commit hash, branch or tag that exists in this repository",
    });
  }
  if (/does not have any commits yet|bad default revision/i.test(text)) {
    return new LockkeeperError("GIT", `the repository in ${cwd} has no commits yet`);
  }
  const firstLine = text.split("\n")[0] ?? "";
  return new LockkeeperError(
    "GIT",
    `git failed (${what})${firstLine ? `: ${firstLine.replace(/^(fatal|error): /, "")}` : ""}`,
  );
}

function describeArgs(args: readonly string[]): string {
  return `git ${args
    .filter((a) => !a.startsWith("--format"))
    .slice(0, 4)
    .join(" ")}`;
}
