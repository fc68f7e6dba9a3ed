import { afterEach, describe, expect, it } from "vitest";
import { createGithubProvider } from "./github.js";
import { forgeFleet } from "./test-support/fake-forge.js";
import type { PullRequestRequest } from "./types.js";

const fleet = forgeFleet();
afterEach(() => fleet.stopAll());

const TOKEN = "ghp_test-token-1234";
const REQUEST: PullRequestRequest = {
  title: "chore(deps): update left-pad to 1.3.0",
  body: "Updates left-pad from 1.1.0 to 1.3.0.",
  head: "lockkeeper/left-pad-1.3.0",
  base: "main",
  labels: ["dependencies", "security"],
};

/** What GitHub answers for a pull request (the fields that matter, plus some that do not). */
const pull = (number: number) => ({
  id: 1000 + number,
  number,
  state: "open",
  html_url: `https://github.com/acme/app/pull/${number}`,
  url: `https://api.github.com/repos/acme/app/pulls/${number}`,
});
const ALREADY_EXISTS = {
  message: "Validation Failed",
  errors: [
    {
      resource: "PullRequest",
      code: "custom",
      message: "A pull request already exists for acme:lockkeeper/left-pad-1.3.0.",
    },
  ],
  documentation_url: "https://docs.github.com/rest/pulls/pulls#create-a-pull-request",
  status: "422",
};

function provider(apiUrl: string) {
  return createGithubProvider({ apiUrl, repository: "acme/app", token: TOKEN, retryDelayMs: 1 });
}

describe("GitHub provider", () => {
  it("creates the pull request with the documented headers, then adds the labels", async () => {
    const forge = await fleet.start([
      { status: 201, json: pull(12) },
      { status: 200, json: [{ name: "dependencies" }] },
    ]);
    const result = await provider(forge.url).open(REQUEST);
    expect(result).toEqual({ url: "https://github.com/acme/app/pull/12", number: 12, created: true });
    expect(forge.calls()).toEqual([
      {
        method: "POST",
        path: "/repos/acme/app/pulls",
        body: { title: REQUEST.title, head: REQUEST.head, base: "main", body: REQUEST.body, draft: false },
      },
      {
        method: "POST",
        path: "/repos/acme/app/issues/12/labels",
        body: { labels: ["dependencies", "security"] },
      },
    ]);
    for (const { headers } of forge.requests) {
      expect(headers).toMatchObject({
        authorization: `Bearer ${TOKEN}`,
        accept: "application/vnd.github+json",
        "x-github-api-version": "2022-11-28",
        "user-agent": "lockkeeper",
        "content-type": "application/json",
      });
    }
  });

  it("asks for a draft, and sends no label request without labels", async () => {
    const forge = await fleet.start([{ status: 201, json: pull(3) }]);
    await provider(forge.url).open({ ...REQUEST, labels: [], draft: true });
    expect(forge.calls()).toEqual([
      { method: "POST", path: "/repos/acme/app/pulls", body: expect.objectContaining({ draft: true }) },
    ]);
  });

  it("updates the open pull request of the branch when one exists already", async () => {
    const forge = await fleet.start([
      { status: 422, json: ALREADY_EXISTS },
      { status: 200, json: [pull(7)] },
      { status: 200, json: pull(7) },
      { status: 200, json: [] },
    ]);
    const result = await provider(forge.url).open(REQUEST);
    expect(result).toEqual({ url: "https://github.com/acme/app/pull/7", number: 7, created: false });
    expect(forge.calls().slice(1)).toEqual([
      {
        method: "GET",
        path: "/repos/acme/app/pulls?head=acme%3Alockkeeper%2Fleft-pad-1.3.0&state=open",
        body: undefined,
      },
      {
        method: "PATCH",
        path: "/repos/acme/app/pulls/7",
        body: { title: REQUEST.title, body: REQUEST.body },
      },
      {
        method: "POST",
        path: "/repos/acme/app/issues/7/labels",
        body: { labels: ["dependencies", "security"] },
      },
    ]);
  });

  it("reports another validation failure with GitHub's explanation", async () => {
    const forge = await fleet.start([
      {
        status: 422,
        json: {
          message: "Validation Failed",
          errors: [{ resource: "PullRequest", field: "base", code: "invalid" }],
        },
      },
    ]);
    await expect(provider(forge.url).open(REQUEST)).rejects.toMatchObject({
      code: "NETWORK",
      message: `the GitHub API answered HTTP 422 to POST ${forge.url}/repos/acme/app/pulls: Validation Failed; base invalid`,
    });
    expect(forge.requests).toHaveLength(1);
  });

  it("reports 'already exists' when no open pull request can be found for it", async () => {
    const forge = await fleet.start([
      { status: 422, json: ALREADY_EXISTS },
      { status: 200, json: [] },
    ]);
    await expect(provider(forge.url).open(REQUEST)).rejects.toMatchObject({
      message: expect.stringContaining("A pull request already exists for acme:lockkeeper/left-pad-1.3.0."),
    });
    expect(forge.requests).toHaveLength(2);
  });

  it("says the token was refused, names its variable, and never shows it", async () => {
    const forge = await fleet.start([
      {
        status: 401,
        json: { message: "Bad credentials", documentation_url: "https://docs.github.com/rest" },
      },
    ]);
    const error = await provider(forge.url)
      .open(REQUEST)
      .catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: "NETWORK",
      message: "the GitHub API refused the token (HTTP 401: Bad credentials)",
      hint: expect.stringContaining("GITHUB_TOKEN"),
    });
    expect(JSON.stringify(error) + (error as Error).message).not.toContain(TOKEN);
    expect(forge.requests).toHaveLength(1);
  });

  it("tries again after a 502", async () => {
    const forge = await fleet.start([
      { status: 502, text: "<html>Bad gateway</html>" },
      { status: 201, json: pull(12) },
    ]);
    const result = await provider(forge.url).open({ ...REQUEST, labels: undefined });
    expect(result.number).toBe(12);
    expect(forge.calls().map((c) => `${c.method} ${c.path}`)).toEqual([
      "POST /repos/acme/app/pulls",
      "POST /repos/acme/app/pulls",
    ]);
    expect(forge.requests[1]?.body).toEqual(forge.requests[0]?.body);
  });

  it("keeps the path of a GitHub Enterprise API URL", async () => {
    const forge = await fleet.start([{ status: 201, json: pull(1) }]);
    await createGithubProvider({ apiUrl: `${forge.url}/api/v3/`, repository: "acme/app", token: TOKEN }).open(
      {
        ...REQUEST,
        labels: undefined,
      },
    );
    expect(forge.requests[0]?.path).toBe("/api/v3/repos/acme/app/pulls");
  });

  it("refuses an answer without the pull request's address", async () => {
    const forge = await fleet.start([{ status: 201, json: { number: 12 } }]);
    await expect(provider(forge.url).open(REQUEST)).rejects.toMatchObject({
      code: "NETWORK",
      message: expect.stringMatching(
        /^the GitHub API sent an unexpected answer to POST \/repos\/acme\/app\/pulls at html_url/,
      ),
    });
  });

  it.each(["acme", "acme/app/extra", "/app", "acme/ app"])("refuses the repository %j", (repository) => {
    expect(() => createGithubProvider({ repository, token: TOKEN })).toThrow(
      expect.objectContaining({ code: "USAGE", message: expect.stringContaining("owner/name") }),
    );
  });
});
