import type { Secrets } from "../../config/secrets.js";
import { LockkeeperError } from "../../errors.js";
import type { ApiTuning } from "./api-request.js";
import { createGithubProvider } from "./github.js";
import { createGitlabProvider } from "./gitlab.js";
import type { PullRequestProvider } from "./types.js";

/** Where pull requests go, as configured. */
export interface PullRequestSettings {
  provider: "github" | "gitlab";
  /** The REST API base; default the public service's. */
  apiUrl?: string;
  /** GitHub `owner/name`; GitLab `group/name` or the numeric project id. */
  repository: string;
  /** The environment variable holding the token; default GITHUB_TOKEN then GH_TOKEN, or GITLAB_TOKEN. */
  tokenEnv?: string;
}

const DEFAULT_TOKEN_ENVS = { github: ["GITHUB_TOKEN", "GH_TOKEN"], gitlab: ["GITLAB_TOKEN"] } as const;

/**
 * The provider for the settings, with its token read from the environment variable the settings
 * name, through `secrets` (never from the config file). Throws USAGE naming the variable to set
 * when there is no token.
 */
export function pullRequestProvider(
  settings: PullRequestSettings,
  secrets: Secrets,
  tuning: ApiTuning = {},
): PullRequestProvider {
  const candidates = settings.tokenEnv ? [settings.tokenEnv] : DEFAULT_TOKEN_ENVS[settings.provider];
  const service = settings.provider === "github" ? "GitHub" : "GitLab";
  const purpose = `the ${service} token for pull requests (updates.pullRequests.tokenEnv)`;
  let token = "";
  const tokenEnv = candidates.find((name) => {
    token = secrets.read(name, purpose)?.trim() ?? "";
    return token !== "";
  });
  if (tokenEnv === undefined) {
    throw new LockkeeperError("USAGE", `no ${service} token: set ${candidates.join(" or ")}`, {
      hint: `the token must be allowed to create ${settings.provider === "github" ? "pull" : "merge"} requests in ${settings.repository}`,
    });
  }
  if (settings.provider === "github") {
    return createGithubProvider({
      ...tuning,
      apiUrl: settings.apiUrl,
      repository: settings.repository,
      token,
      tokenEnv,
    });
  }
  return createGitlabProvider({
    ...tuning,
    apiUrl: settings.apiUrl,
    project: settings.repository,
    token,
    tokenEnv,
  });
}
