import { LockkeeperError } from "../../errors.js";
import { type GitContext, gitOk, runGit } from "../../git/git-runner.js";

export interface PushOptions {
  /** Run the repository's pre-push hook. Off by default (see `CommitOptions.runHooks`). */
  runHooks?: boolean;
}

/**
 * Pushes a local branch to the same name on a configured remote with `--force-with-lease`: a
 * recreated update branch replaces the remote one, unless someone pushed there since Lockkeeper
 * last saw it. Throws GIT for an unknown remote and for a rejected or failed push (with git's
 * own explanation, credentials in URLs masked).
 */
export async function pushBranch(
  repoDir: string,
  remote: string,
  branch: string,
  git: GitContext,
  options: PushOptions = {},
): Promise<void> {
  const remotes = (await gitOk(repoDir, ["remote"], { ...git, what: "git remote" }))
    .split("\n")
    .filter(Boolean);
  if (!remotes.includes(remote)) {
    throw new LockkeeperError("GIT", `no remote named ${JSON.stringify(remote)} in ${repoDir}`, {
      hint:
        remotes.length === 0
          ? "the repository has no remote: add one with `git remote add`"
          : `the remotes are: ${remotes.join(", ")}`,
    });
  }
  const ref = `refs/heads/${branch}`;
  const result = await runGit(
    repoDir,
    ["push", "--force-with-lease", ...(options.runHooks ? [] : ["--no-verify"]), remote, `${ref}:${ref}`],
    git,
  );
  if (result.code === 0) return;
  const said = maskCredentials(result.stderr.trim());
  if (/\[(remote )?rejected\]/.test(said)) {
    throw new LockkeeperError("GIT", `${remote} rejected the push of ${branch}:\n${said}`, {
      hint: "the branch on the remote changed since Lockkeeper pushed it: delete it there, or look at who pushed",
    });
  }
  throw new LockkeeperError("GIT", `git push of ${branch} to ${remote} failed:\n${said}`);
}

/** `https://user:token@host` → `https://***@host`: git echoes remote URLs in its messages. */
function maskCredentials(text: string): string {
  return text.replace(/(\/\/)[^/@\s]+@/g, "$1***@");
}
