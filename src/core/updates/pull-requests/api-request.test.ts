import { afterEach, describe, expect, it } from "vitest";
import { closedPortUrl } from "../../ecosystems/registry/test-support/fake-registry.js";
import type { LockkeeperError } from "../../errors.js";
import { type ApiClient, type ApiTuning, apiRequest, apiTransport, describeMessage } from "./api-request.js";
import { forgeFleet } from "./test-support/fake-forge.js";

const fleet = forgeFleet();
afterEach(() => fleet.stopAll());

function client(baseUrl: string, tuning: ApiTuning = {}): ApiClient {
  return {
    service: "GitHub",
    creates: "pull requests",
    baseUrl,
    headers: { authorization: "Bearer secret-token" },
    tokenEnv: "GITHUB_TOKEN",
    ...apiTransport({ retryDelayMs: 1, ...tuning }),
  };
}

describe("apiRequest", () => {
  it("sends JSON and returns the parsed answer", async () => {
    const forge = await fleet.start([{ status: 200, json: { ok: true } }]);
    const answer = await apiRequest(client(forge.url), "PUT", "/x", { body: { a: [1, "b"] } });
    expect(answer).toEqual({ status: 200, json: { ok: true } });
    expect(forge.calls()).toEqual([{ method: "PUT", path: "/x", body: { a: [1, "b"] } }]);
  });

  it("returns an allowed error status to the caller", async () => {
    const forge = await fleet.start([{ status: 409, json: { message: ["exists"] } }]);
    expect(await apiRequest(client(forge.url), "POST", "/x", { allow: [409] })).toEqual({
      status: 409,
      json: { message: ["exists"] },
    });
  });

  it("waits as long as Retry-After says, not the backoff", async () => {
    const forge = await fleet.start([
      { status: 429, headers: { "retry-after": "0" } },
      { status: 200, json: {} },
    ]);
    const started = Date.now();
    await apiRequest(client(forge.url, { retryDelayMs: 20_000 }), "GET", "/x");
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(forge.requests).toHaveLength(2);
  });

  it("fails at once when asked to wait longer than a minute", async () => {
    const forge = await fleet.start([{ status: 429, headers: { "retry-after": "3600" } }]);
    await expect(apiRequest(client(forge.url), "GET", "/x")).rejects.toMatchObject({
      code: "NETWORK",
      message: `the GitHub API cannot be reached (GET ${forge.url}/x): HTTP 429 (after 1 attempt, asked to wait 3600 s)`,
    });
    expect(forge.requests).toHaveLength(1);
  });

  it("retries GitHub's rate-limit 403, but not a plain 403", async () => {
    const limited = { status: 403, json: { message: "API rate limit exceeded" } };
    const forge = await fleet.start([
      {
        ...limited,
        headers: { "x-ratelimit-remaining": "0", "x-ratelimit-reset": String(Math.floor(Date.now() / 1000)) },
      },
      { status: 200, json: {} },
      { status: 403, json: { message: "Resource not accessible by integration" } },
    ]);
    await apiRequest(client(forge.url), "GET", "/x");
    await expect(apiRequest(client(forge.url), "GET", "/x")).rejects.toMatchObject({
      message: "the GitHub API refused the token (HTTP 403: Resource not accessible by integration)",
    });
    expect(forge.requests).toHaveLength(3);
  });

  it("gives up after the retries, with the last problem", async () => {
    const forge = await fleet.start([
      { status: 503, json: { message: "Service Unavailable" } },
      { status: 503, json: { message: "Service Unavailable" } },
      { status: 503, json: { message: "Service Unavailable" } },
    ]);
    await expect(apiRequest(client(forge.url, { retries: 2 }), "GET", "/x")).rejects.toMatchObject({
      code: "NETWORK",
      message: `the GitHub API cannot be reached (GET ${forge.url}/x): HTTP 503: Service Unavailable (after 3 attempts)`,
    });
  });

  it("times out an API that does not answer", async () => {
    const forge = await fleet.start([{ status: 200, json: {}, delayMs: 2_000 }]);
    await expect(
      apiRequest(client(forge.url, { timeoutMs: 50, retries: 0 }), "GET", "/x"),
    ).rejects.toMatchObject({
      message: `the GitHub API cannot be reached (GET ${forge.url}/x): no answer within 50 ms (after 1 attempt)`,
    });
  });

  it("names the connection problem", async () => {
    const url = await closedPortUrl();
    await expect(apiRequest(client(url, { retries: 0 }), "GET", "/x")).rejects.toMatchObject({
      message: expect.stringMatching(
        /cannot be reached \(GET http:\/\/127\.0\.0\.1:\d+\/x\): connect ECONNREFUSED/,
      ),
    });
  });

  it("refuses a success that is not JSON (a web page instead of the API)", async () => {
    const forge = await fleet.start([{ status: 200, text: "<!doctype html><title>Sign in</title>" }]);
    await expect(apiRequest(client(forge.url), "GET", "/x")).rejects.toMatchObject({
      code: "NETWORK",
      message: `the GitHub API sent a response that is not JSON to GET ${forge.url}/x`,
    });
  });

  it("never shows the credentials of an API URL", async () => {
    const forge = await fleet.start([]);
    const url = forge.url.replace("http://", "http://user:url-password@");
    const error = await apiRequest(client(url, { retries: 0 }), "GET", "/x").catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: "NETWORK",
      message: expect.stringContaining("http://***:***@127.0.0.1"),
    });
    expect(JSON.stringify(error) + (error as Error).message + (error as LockkeeperError).hint).not.toContain(
      "url-password",
    );
  });
});

describe("describeMessage", () => {
  it.each([
    { json: { message: "Bad credentials" }, text: "Bad credentials" },
    {
      json: {
        message: "Validation Failed",
        errors: [{ message: "A pull request already exists for a:b." }, { field: "base", code: "invalid" }],
      },
      text: "Validation Failed; A pull request already exists for a:b.; base invalid",
    },
    {
      json: { message: ["Another open merge request already exists for this source branch: !3"] },
      text: "Another open merge request already exists for this source branch: !3",
    },
    {
      json: { message: { title: ["can't be blank"], target_branch: ["is invalid"] } },
      text: "title can't be blank; target_branch is invalid",
    },
    { json: { error: "insufficient_scope" }, text: "insufficient_scope" },
    { json: "oops", text: "" },
    { json: undefined, text: "" },
  ])("$text", ({ json, text }) => {
    expect(describeMessage(json)).toBe(text);
  });
});
