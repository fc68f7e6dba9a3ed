import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FetchLike, HttpClient } from "../../http/http-client.js";
import { RegistryHttp } from "./registry-http.js";
import { FakeRegistry } from "./test-support/fake-registry.js";

const connection = (baseUrl: string) => ({ registry: "npm registry", baseUrl });

/** A fetch for a tenant whose network is down: every call is refused, and counted. */
function refusing(): FetchLike & { calls: number } {
  const fetch = async (): Promise<Response> => {
    fetch.calls++;
    throw Object.assign(new TypeError("fetch failed"), { cause: new Error("connect ECONNREFUSED") });
  };
  fetch.calls = 0;
  return fetch;
}

describe("RegistryHttp", () => {
  const registry = new FakeRegistry((path) => (path === "/pkg" ? { json: { name: "pkg" } } : undefined));
  beforeAll(() => registry.start());
  afterAll(() => registry.stop());

  it("fails fast for a host that gave no answer, per instance only", async () => {
    const down = refusing();
    const outage = new RegistryHttp({ client: new HttpClient({ fetch: down, retries: 1, retryDelayMs: 1 }) });
    const first = await outage
      .getJson(`${registry.baseUrl}/pkg`, "application/json", connection(registry.baseUrl))
      .catch((e: unknown) => e);
    expect(first).toMatchObject({
      code: "NETWORK",
      message: `the npm registry cannot be reached (${registry.baseUrl}/pkg): connect ECONNREFUSED (after 2 attempts)`,
    });
    expect(down.calls).toBe(2);
    // The same client does not ask again for a minute: the same error at once.
    await expect(
      outage.getJson(`${registry.baseUrl}/other`, "application/json", connection(registry.baseUrl)),
    ).rejects.toBe(first);
    expect(down.calls).toBe(2);
    // Another client (another tenant) reaching the same host is not affected.
    const healthy = new RegistryHttp();
    expect(
      await healthy.getJson(`${registry.baseUrl}/pkg`, "application/json", connection(registry.baseUrl)),
    ).toMatchObject({
      status: 200,
      json: { name: "pkg" },
    });
  });

  it("does not remember a host that answered, even with 5xx", async () => {
    registry.failFirst.set("/pkg", [{ status: 503 }, { status: 503 }]);
    const http = new RegistryHttp({ client: new HttpClient({ retries: 1, retryDelayMs: 1 }) });
    await expect(
      http.getJson(`${registry.baseUrl}/pkg`, "application/json", connection(registry.baseUrl)),
    ).rejects.toMatchObject({
      message: `the npm registry cannot be reached (${registry.baseUrl}/pkg): HTTP 503 (after 2 attempts)`,
    });
    expect(
      (await http.getJson(`${registry.baseUrl}/pkg`, "application/json", connection(registry.baseUrl)))
        .status,
    ).toBe(200);
  });

  it("cancels its requests with its signal", async () => {
    const controller = new AbortController();
    controller.abort();
    const http = new RegistryHttp({ signal: controller.signal });
    await expect(
      http.get(`${registry.baseUrl}/pkg`, "*/*", connection(registry.baseUrl)),
    ).rejects.toMatchObject({
      code: "CANCELLED",
    });
  });
});
