import * as z from "zod";
import { LockkeeperError } from "../../errors.js";
import {
  type ApiClient,
  type ApiTuning,
  apiFailure,
  apiRequest,
  apiTransport,
  describeMessage,
} from "./api-request.js";
import { parseAnswer } from "./parse-answer.js";
import type { PullRequestProvider, PullRequestRequest, PullRequestResult } from "./types.js";

export const DEFAULT_GITHUB_API_URL = "https://api.github.com";

export interface GithubProviderOptions extends ApiTuning {
  /** REST API base: `https://api.github.com`, or `https://<host>/api/v3` for GitHub Enterprise Server. */
  apiUrl?: string;
  /** `owner/name`. */
  repository: string;
  token: string;
  /** The environment variable the token came from, named in hints. Default `GITHUB_TOKEN`. */
  tokenEnv?: string;
}

const pullSchema = z.object({ number: z.number().int(), html_url: z.string() });

/**
 * Opens pull requests through the GitHub REST API. When an open pull request for the branch
 * exists already (GitHub answers 422), that one gets the new title and body instead.
 */
export function createGithubProvider(options: GithubProviderOptions): PullRequestProvider {
  const [owner, name] = splitRepository(options.repository);
  const client: ApiClient = {
    ...apiTransport(options),
    service: "GitHub",
    creates: "pull requests",
    baseUrl: options.apiUrl ?? DEFAULT_GITHUB_API_URL,
    tokenEnv: options.tokenEnv ?? "GITHUB_TOKEN",
    headers: {
      authorization: `Bearer ${options.token}`,
      accept: "application/vnd.github+json",
      "x-github-api-version": "2022-11-28",
    },
  };
  const repoPath = `/repos/${encodeURIComponent(owner)}/${encodeURIComponent(name)}`;

  async function createOrUpdate(request: PullRequestRequest): Promise<PullRequestResult> {
    const path = `${repoPath}/pulls`;
    const { title, head, base, body } = request;
    const answer = await apiRequest(client, "POST", path, {
      body: { title, head, base, body, draft: request.draft ?? false },
      allow: [422],
    });
    if (answer.status !== 422) {
      const pull = parseAnswer(client, pullSchema, answer.json, `POST ${path}`);
      return { url: pull.html_url, number: pull.number, created: true };
    }
    // 422 covers every validation failure; only "already exists" means there is one to update.
    const existing = /already exists/i.test(describeMessage(answer.json)) ? await findOpen(head) : undefined;
    if (!existing) throw apiFailure(client, "POST", path, 422, answer.json);
    const updatePath = `${repoPath}/pulls/${existing.number}`;
    const updated = await apiRequest(client, "PATCH", updatePath, { body: { title, body } });
    const pull = parseAnswer(client, pullSchema, updated.json, `PATCH ${updatePath}`);
    return { url: pull.html_url, number: pull.number, created: false };
  }

  async function findOpen(head: string): Promise<z.infer<typeof pullSchema> | undefined> {
    // The list filter wants `owner:branch`; a head from a fork carries its owner already.
    const qualified = head.includes(":") ? head : `${owner}:${head}`;
    const path = `${repoPath}/pulls?head=${encodeURIComponent(qualified)}&state=open`;
    const answer = await apiRequest(client, "GET", path);
    return parseAnswer(client, z.array(pullSchema), answer.json, `GET ${path}`)[0];
  }

  return {
    async open(request) {
      const result = await createOrUpdate(request);
      if (request.labels && request.labels.length > 0) {
        await apiRequest(client, "POST", `${repoPath}/issues/${result.number}/labels`, {
          body: { labels: request.labels },
        });
      }
      return result;
    },
  };
}

function splitRepository(repository: string): [string, string] {
  const match = /^([^/\s]+)\/([^/\s]+)$/.exec(repository);
  if (!match?.[1] || !match[2]) {
    throw new LockkeeperError(
      "USAGE",
      `the GitHub repository must be written owner/name, not ${JSON.stringify(repository)}`,
    );
  }
  return [match[1], match[2]];
}
