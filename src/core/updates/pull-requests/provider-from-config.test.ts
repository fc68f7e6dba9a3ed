import { afterEach, describe, expect, it } from "vitest";
import { environmentSecrets } from "../../config/secrets.js";
import { type PullRequestSettings, pullRequestProvider } from "./provider-from-config.js";
import { forgeFleet } from "./test-support/fake-forge.js";

const fleet = forgeFleet();
afterEach(() => fleet.stopAll());

const REQUEST = { title: "t", body: "b", head: "lockkeeper/a-1.0.0", base: "main" };
const GITHUB_PULL = { number: 1, html_url: "https://github.com/acme/app/pull/1" };
const GITLAB_MR = { iid: 1, web_url: "https://gitlab.com/acme/app/-/merge_requests/1" };

describe("pullRequestProvider", () => {
  it.each([
    {
      name: "GITHUB_TOKEN",
      provider: "github",
      env: { GITHUB_TOKEN: "t1", GH_TOKEN: "t2" },
      header: ["authorization", "Bearer t1"],
    },
    {
      name: "GH_TOKEN when GITHUB_TOKEN is unset",
      provider: "github",
      env: { GH_TOKEN: "t2" },
      header: ["authorization", "Bearer t2"],
    },
    {
      name: "GH_TOKEN when GITHUB_TOKEN is blank",
      provider: "github",
      env: { GITHUB_TOKEN: " ", GH_TOKEN: "t2" },
      header: ["authorization", "Bearer t2"],
    },
    {
      name: "the configured variable only",
      provider: "github",
      tokenEnv: "LK_PR_TOKEN",
      env: { GITHUB_TOKEN: "t1", LK_PR_TOKEN: "t3" },
      header: ["authorization", "Bearer t3"],
    },
    {
      name: "GITLAB_TOKEN",
      provider: "gitlab",
      env: { GITLAB_TOKEN: "t4", GITHUB_TOKEN: "t1" },
      header: ["private-token", "t4"],
    },
  ] as const)("authenticates with $name", async ({ provider, tokenEnv, env, header }) => {
    const forge = await fleet.start([{ status: 201, json: provider === "github" ? GITHUB_PULL : GITLAB_MR }]);
    const settings: PullRequestSettings = { provider, apiUrl: forge.url, repository: "acme/app", tokenEnv };
    await pullRequestProvider(settings, environmentSecrets(env, "any")).open(REQUEST);
    expect(forge.requests[0]?.headers[header[0]]).toBe(header[1]);
    expect(forge.requests[0]?.path).toBe(
      provider === "github" ? "/repos/acme/app/pulls" : "/projects/acme%2Fapp/merge_requests",
    );
  });

  it.each([
    { provider: "github", env: {}, message: "no GitHub token: set GITHUB_TOKEN or GH_TOKEN" },
    {
      provider: "github",
      tokenEnv: "LK_PR_TOKEN",
      env: { GITHUB_TOKEN: "t1" },
      message: "no GitHub token: set LK_PR_TOKEN",
    },
    { provider: "gitlab", env: { GITLAB_TOKEN: "" }, message: "no GitLab token: set GITLAB_TOKEN" },
  ] as const)("refuses to start without a token: $message", ({ provider, tokenEnv, env, message }) => {
    expect(() =>
      pullRequestProvider({ provider, repository: "acme/app", tokenEnv }, environmentSecrets(env, "any")),
    ).toThrow(expect.objectContaining({ code: "USAGE", message }));
  });

  it("names the configured variable when the token is refused", async () => {
    const forge = await fleet.start([{ status: 401, json: { message: "Bad credentials" } }]);
    const settings: PullRequestSettings = {
      provider: "github",
      apiUrl: forge.url,
      repository: "acme/app",
      tokenEnv: "LK_PR_TOKEN",
    };
    await expect(
      pullRequestProvider(settings, environmentSecrets({ LK_PR_TOKEN: "t3" }, "any")).open(REQUEST),
    ).rejects.toMatchObject({
      hint: expect.stringContaining("LK_PR_TOKEN"),
    });
  });
});
