import { afterEach, describe, expect, it } from "vitest";
import { createGitlabProvider } from "./gitlab.js";
import { forgeFleet } from "./test-support/fake-forge.js";
import type { PullRequestRequest } from "./types.js";

const fleet = forgeFleet();
afterEach(() => fleet.stopAll());

const TOKEN = "glpat-test-token-5678";
const REQUEST: PullRequestRequest = {
  title: "chore(deps): update requests to 2.32.3",
  body: "Updates requests from 2.31.0 to 2.32.3.",
  head: "lockkeeper/requests-2.32.3",
  base: "main",
  labels: ["dependencies", "security"],
};

/** What GitLab answers for a merge request (the fields that matter, plus some that do not). */
const mergeRequest = (iid: number) => ({
  id: 9000 + iid,
  iid,
  project_id: 42,
  state: "opened",
  web_url: `https://gitlab.example.com/group/sub/app/-/merge_requests/${iid}`,
});

function provider(apiUrl: string, project: string | number = "group/sub/app") {
  return createGitlabProvider({ apiUrl, project, token: TOKEN, retryDelayMs: 1 });
}

describe("GitLab provider", () => {
  it("creates a draft merge request with labels and the PRIVATE-TOKEN header", async () => {
    const forge = await fleet.start([{ status: 201, json: mergeRequest(5) }]);
    const result = await provider(forge.url).open({ ...REQUEST, draft: true });
    expect(result).toEqual({
      url: "https://gitlab.example.com/group/sub/app/-/merge_requests/5",
      number: 5,
      created: true,
    });
    expect(forge.calls()).toEqual([
      {
        method: "POST",
        path: "/projects/group%2Fsub%2Fapp/merge_requests",
        body: {
          source_branch: REQUEST.head,
          target_branch: "main",
          title: `Draft: ${REQUEST.title}`,
          description: REQUEST.body,
          labels: "dependencies,security",
        },
      },
    ]);
    expect(forge.requests[0]?.headers).toMatchObject({
      "private-token": TOKEN,
      "content-type": "application/json",
      "user-agent": "lockkeeper",
    });
    expect(forge.requests[0]?.headers.authorization).toBeUndefined();
  });

  it("updates the open merge request of the branch when GitLab answers 409", async () => {
    const forge = await fleet.start([
      {
        status: 409,
        json: { message: ["Another open merge request already exists for this source branch: !3"] },
      },
      { status: 200, json: [mergeRequest(3)] },
      { status: 200, json: mergeRequest(3) },
    ]);
    const result = await provider(forge.url).open(REQUEST);
    expect(result).toEqual({ url: mergeRequest(3).web_url, number: 3, created: false });
    expect(forge.calls().slice(1)).toEqual([
      {
        method: "GET",
        path: "/projects/group%2Fsub%2Fapp/merge_requests?source_branch=lockkeeper%2Frequests-2.32.3&state=opened",
        body: undefined,
      },
      {
        method: "PUT",
        path: "/projects/group%2Fsub%2Fapp/merge_requests/3",
        body: { title: REQUEST.title, description: REQUEST.body, add_labels: "dependencies,security" },
      },
    ]);
  });

  it("reports the conflict when no open merge request can be found for it", async () => {
    const forge = await fleet.start([
      {
        status: 409,
        json: { message: ["Another open merge request already exists for this source branch: !3"] },
      },
      { status: 200, json: [] },
    ]);
    await expect(provider(forge.url).open(REQUEST)).rejects.toMatchObject({
      code: "NETWORK",
      message: `the GitLab API answered HTTP 409 to POST ${forge.url}/projects/group%2Fsub%2Fapp/merge_requests: Another open merge request already exists for this source branch: !3`,
    });
  });

  it("addresses a project by its numeric id, without labels when there are none", async () => {
    const forge = await fleet.start([{ status: 201, json: mergeRequest(1) }]);
    await provider(forge.url, 42).open({ ...REQUEST, labels: undefined });
    expect(forge.calls()).toEqual([
      {
        method: "POST",
        path: "/projects/42/merge_requests",
        body: {
          source_branch: REQUEST.head,
          target_branch: "main",
          title: REQUEST.title,
          description: REQUEST.body,
        },
      },
    ]);
  });

  it("says the token was refused and names GITLAB_TOKEN", async () => {
    const forge = await fleet.start([{ status: 401, json: { message: "401 Unauthorized" } }]);
    const error = await provider(forge.url)
      .open(REQUEST)
      .catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: "NETWORK",
      message: "the GitLab API refused the token (HTTP 401: 401 Unauthorized)",
      hint: expect.stringContaining("GITLAB_TOKEN"),
    });
    expect(JSON.stringify(error) + (error as Error).message).not.toContain(TOKEN);
  });
});
