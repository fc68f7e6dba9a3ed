import { LockkeeperError } from "../errors.js";

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
