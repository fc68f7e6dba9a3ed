import { isLockkeeperError } from "../errors.js";
import { type GitContext, runGit } from "./git-runner.js";

/** Where a snapshot came from, as the server records it with the push. */
export interface PushMetadata {
  branch?: string;
  commit?: string;
  /** `Name <email>` of the commit's author. */
  author?: string;
  /** The CI run that pushed, for a link back from the server. */
  ciUrl?: string;
}

/**
 * The branch, commit, author and CI run of a checkout. CI systems check out a detached commit, so
 * their variables name the branch (GitHub Actions: the pull request's head branch, else the ref;
 * GitLab CI: `CI_COMMIT_REF_NAME`); git answers the rest. Outside a git checkout, only what CI says.
 */
export async function pushMetadata(dir: string, context: GitContext): Promise<PushMetadata> {
  const env = context.env;
  const fromCi: PushMetadata = env.GITHUB_ACTIONS
    ? {
        branch: env.GITHUB_HEAD_REF || env.GITHUB_REF_NAME,
        commit: env.GITHUB_SHA,
        ciUrl:
          env.GITHUB_SERVER_URL && env.GITHUB_REPOSITORY && env.GITHUB_RUN_ID
            ? `${env.GITHUB_SERVER_URL}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID}`
            : undefined,
      }
    : env.GITLAB_CI
      ? { branch: env.CI_COMMIT_REF_NAME, commit: env.CI_COMMIT_SHA, ciUrl: env.CI_JOB_URL }
      : {};
  const git = async (args: string[]) => {
    try {
      const result = await runGit(dir, args, context);
      return result.code === 0 ? result.stdout.trim() || undefined : undefined;
    } catch (error: unknown) {
      // No git on this machine: push what is known. Cancellation still stops the push.
      if (isLockkeeperError(error) && error.code === "CANCELLED") throw error;
      return undefined;
    }
  };
  const commit = fromCi.commit || (await git(["rev-parse", "--verify", "-q", "HEAD"]));
  const branch = fromCi.branch || (await git(["symbolic-ref", "--short", "-q", "HEAD"]));
  const author = commit ? await git(["log", "-1", "--format=%an <%ae>", commit]) : undefined;
  return withoutEmpty({ branch, commit, author, ciUrl: fromCi.ciUrl });
}

function withoutEmpty(metadata: PushMetadata): PushMetadata {
  return Object.fromEntries(Object.entries(metadata).filter(([, value]) => value)) as PushMetadata;
}
