import * as z from "zod";
import { type ApiClient, type ApiTuning, apiFailure, apiRequest, apiTransport } from "./api-request.js";
import { parseAnswer } from "./parse-answer.js";
import type { PullRequestProvider, PullRequestRequest } from "./types.js";

export const DEFAULT_GITLAB_API_URL = "https://gitlab.com/api/v4";

export interface GitlabProviderOptions extends ApiTuning {
  /** REST API base: `https://gitlab.com/api/v4`, or `https://<host>/api/v4` when self-hosted. */
  apiUrl?: string;
  /** `group/subgroup/name`, or the project's numeric id. */
  project: string | number;
  token: string;
  /** The environment variable the token came from, named in hints. Default `GITLAB_TOKEN`. */
  tokenEnv?: string;
}

const mergeRequestSchema = z.object({ iid: z.number().int(), web_url: z.string() });

/**
 * Opens merge requests through the GitLab REST API (a draft is a title starting `Draft: `). When
 * an open merge request for the branch exists already (GitLab answers 409), that one is updated.
 */
export function createGitlabProvider(options: GitlabProviderOptions): PullRequestProvider {
  const client: ApiClient = {
    ...apiTransport(options),
    service: "GitLab",
    creates: "merge requests",
    baseUrl: options.apiUrl ?? DEFAULT_GITLAB_API_URL,
    tokenEnv: options.tokenEnv ?? "GITLAB_TOKEN",
    headers: { "private-token": options.token, accept: "application/json" },
  };
  // GitLab takes a project path as one URL-encoded segment: group%2Fname.
  const projectPath = `/projects/${encodeURIComponent(String(options.project))}/merge_requests`;

  return {
    async open(request: PullRequestRequest) {
      const title = request.draft ? `Draft: ${request.title}` : request.title;
      const labels = request.labels && request.labels.length > 0 ? request.labels.join(",") : undefined;
      const answer = await apiRequest(client, "POST", projectPath, {
        body: {
          source_branch: request.head,
          target_branch: request.base,
          title,
          description: request.body,
          ...(labels ? { labels } : {}),
        },
        allow: [409],
      });
      if (answer.status !== 409) {
        const created = parseAnswer(client, mergeRequestSchema, answer.json, `POST ${projectPath}`);
        return { url: created.web_url, number: created.iid, created: true };
      }
      const listPath = `${projectPath}?source_branch=${encodeURIComponent(request.head)}&state=opened`;
      const list = await apiRequest(client, "GET", listPath);
      const existing = parseAnswer(client, z.array(mergeRequestSchema), list.json, `GET ${listPath}`)[0];
      if (!existing) throw apiFailure(client, "POST", projectPath, 409, answer.json);
      const updatePath = `${projectPath}/${existing.iid}`;
      // `add_labels` keeps labels someone put on the merge request; `labels` would replace them.
      const updated = await apiRequest(client, "PUT", updatePath, {
        body: { title, description: request.body, ...(labels ? { add_labels: labels } : {}) },
      });
      const merged = parseAnswer(client, mergeRequestSchema, updated.json, `PUT ${updatePath}`);
      return { url: merged.web_url, number: merged.iid, created: false };
    },
  };
}
