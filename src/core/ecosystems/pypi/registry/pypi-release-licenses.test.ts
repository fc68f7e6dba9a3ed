import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { HttpClient } from "../../../http/http-client.js";
import { closedPortUrl, FakeRegistry } from "../../registry/test-support/fake-registry.js";
import { PypiIndexClient, type PypiIndexClientOptions } from "./pypi-index-client.js";

/** Hand-made JSON API answers in PyPI's shape (`info` trimmed to the licence fields and a few others). */
const RELEASES: Record<string, unknown> = {
  "/pypi/requests/2.32.3/json": {
    info: {
      name: "requests",
      version: "2.32.3",
      license: "Apache-2.0",
      license_expression: null,
      classifiers: [
        "Development Status :: 5 - Production/Stable",
        "License :: OSI Approved :: Apache Software License",
        "Programming Language :: Python :: 3",
      ],
    },
    urls: [],
  },
  "/pypi/ruamel-yaml/0.18.6/json": {
    info: { name: "ruamel.yaml", version: "0.18.6", license: "MIT license", classifiers: [] },
  },
  "/pypi/attrs/25.1.0/json": {
    info: { name: "attrs", version: "25.1.0", license: null, license_expression: "MIT", classifiers: null },
  },
};

describe("PypiIndexClient release licences", () => {
  const registry = new FakeRegistry((path) => (path in RELEASES ? { json: RELEASES[path] } : undefined));
  const dirs: string[] = [];
  const client = (options: PypiIndexClientOptions = {}) =>
    new PypiIndexClient({
      indexUrl: `${registry.baseUrl}/simple`,
      jsonApiUrl: `${registry.baseUrl}/pypi/`,
      http: new HttpClient({ retryDelayMs: 1 }),
      ...options,
    });

  beforeAll(async () => {
    await registry.start();
  });
  afterEach(() => {
    registry.takePaths();
  });
  afterAll(async () => {
    await registry.stop();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it("reads license, license_expression and classifiers of a release", async () => {
    const pypi = client();
    expect(await pypi.releaseLicenseFields("requests", "2.32.3")).toEqual({
      license: "Apache-2.0",
      classifiers: [
        "Development Status :: 5 - Production/Stable",
        "License :: OSI Approved :: Apache Software License",
        "Programming Language :: Python :: 3",
      ],
      url: `${registry.baseUrl}/pypi/requests/2.32.3/json`,
    });
    expect(await pypi.releaseLicenseFields("attrs", "25.1.0")).toEqual({
      licenseExpression: "MIT",
      classifiers: [],
      url: `${registry.baseUrl}/pypi/attrs/25.1.0/json`,
    });
    // Names are asked in PEP 503 form.
    expect((await pypi.releaseLicenseFields("ruamel.yaml", "0.18.6"))?.license).toBe("MIT license");
    expect(await pypi.releaseLicenseFields("no-such-project", "1.0")).toBeUndefined();
    expect(registry.takePaths()).toEqual([
      "/pypi/attrs/25.1.0/json",
      "/pypi/no-such-project/1.0/json",
      "/pypi/requests/2.32.3/json",
      "/pypi/ruamel-yaml/0.18.6/json",
    ]);
  });

  it("asks once per release, in one run and across runs through the disk cache", async () => {
    const dir = mkdtempSync(join(tmpdir(), "lk-pypi-cache-"));
    dirs.push(dir);
    const first = client({ cacheDir: dir });
    await Promise.all([
      first.releaseLicenseFields("requests", "2.32.3"),
      first.releaseLicenseFields("Requests", "2.32.3"),
    ]);
    expect(registry.takePaths()).toEqual(["/pypi/requests/2.32.3/json"]);
    expect((await client({ cacheDir: dir }).releaseLicenseFields("requests", "2.32.3"))?.license).toBe(
      "Apache-2.0",
    );
    expect(registry.takePaths()).toEqual([]);
  });

  it("retries a 503 and sends URL credentials as Basic authentication", async () => {
    registry.failFirst.set("/pypi/attrs/25.1.0/json", [{ status: 503 }]);
    const pypi = client({ jsonApiUrl: `http://user:pw@${registry.baseUrl.slice(7)}/pypi` });
    expect((await pypi.releaseLicenseFields("attrs", "25.1.0"))?.licenseExpression).toBe("MIT");
    expect(registry.requests.map((r) => r.headers.authorization)).toEqual([
      `Basic ${Buffer.from("user:pw").toString("base64")}`,
      `Basic ${Buffer.from("user:pw").toString("base64")}`,
    ]);
    // The URL recorded as the licence's source carries no credentials.
    expect((await pypi.releaseLicenseFields("attrs", "25.1.0"))?.url).toBe(
      `http://***:***@${registry.baseUrl.slice(7)}/pypi/attrs/25.1.0/json`,
    );
  });

  it("names the index when it cannot be reached", async () => {
    const pypi = new PypiIndexClient({
      jsonApiUrl: `${await closedPortUrl()}/pypi`,
      http: new HttpClient({ retries: 0 }),
    });
    await expect(pypi.releaseLicenseFields("requests", "2.32.3")).rejects.toMatchObject({
      code: "NETWORK",
      message: expect.stringMatching(
        /^the PyPI JSON API cannot be reached \(http:\/\/127\.0\.0\.1:\d+\/pypi\/requests\/2\.32\.3\/json\): connect ECONNREFUSED/,
      ),
    });
  });

  it("asks PyPI's JSON API for PyPI's index, and nothing for a private index without a JSON API", async () => {
    const asked: string[] = [];
    const http = new HttpClient({
      fetch: async (url) => {
        asked.push(url);
        return new Response("", { status: 404 });
      },
    });
    expect(await new PypiIndexClient({ http }).releaseLicenseFields("Requests", "2.32.3")).toBeUndefined();
    expect(asked).toEqual(["https://pypi.org/pypi/requests/2.32.3/json"]);
    const privateIndex = new PypiIndexClient({ indexUrl: `${registry.baseUrl}/simple`, http });
    expect(await privateIndex.releaseLicenseFields("internal-tool", "1.0")).toBeUndefined();
    expect(asked).toHaveLength(1);
  });
});
