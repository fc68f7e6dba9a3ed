import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { FIXTURES } from "../../../../test-support/fixtures.js";
import { HttpClient } from "../../../http/http-client.js";
import { closedPortUrl, FakeRegistry } from "../../registry/test-support/fake-registry.js";
import { NpmRegistryClient } from "./npm-registry-client.js";

const fastRetries = new HttpClient({ retryDelayMs: 1 });
const PACKUMENTS = join(FIXTURES, "registry/npm");

/** Serves the real abbreviated packuments at `/<name>`; version documents are not there (404). */
function packumentRoute(path: string): { json: unknown } | undefined {
  const name = path.slice(1);
  if (name.includes("/") && !name.startsWith("@")) return undefined;
  const file = join(PACKUMENTS, `${name}.json`);
  return existsSync(file) ? { json: JSON.parse(readFileSync(file, "utf8")) } : undefined;
}

describe("NpmRegistryClient licences, from saved real packuments", () => {
  const registry = new FakeRegistry(packumentRoute);
  const dirs: string[] = [];
  const cacheDir = (): string => {
    const dir = mkdtempSync(join(tmpdir(), "lk-npm-cache-"));
    dirs.push(dir);
    return dir;
  };
  const client = (options: ConstructorParameters<typeof NpmRegistryClient>[0] = {}) =>
    new NpmRegistryClient({ baseUrl: registry.baseUrl, http: fastRetries, ...options });

  beforeAll(async () => {
    await registry.start();
  });
  afterEach(() => {
    registry.takePaths();
    registry.delayMs = 0;
    registry.maxInFlight = 0;
  });
  afterAll(async () => {
    await registry.stop();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it("reads each version's licence from the packument, one request per package", async () => {
    const npm = client();
    const [bl, blOld, jsYaml, nunjucks] = await Promise.all([
      npm.versionLicense("bl", "7.0.13"),
      npm.versionLicense("bl", "0.1.0"),
      npm.versionLicense("js-yaml", "0.2.0"),
      npm.versionLicense("nunjucks", "1.0.1"),
    ]);
    expect(bl).toEqual({ value: "MIT", url: `${registry.baseUrl}/bl` });
    expect(blOld?.value).toBe("MIT");
    // Legacy forms come back as published; normalisation is the licence module's job.
    expect(jsYaml?.value).toEqual({
      type: "MIT",
      url: "https://github.com/nodeca/js-yaml/blob/master/LICENSE",
    });
    expect(nunjucks?.value).toEqual([
      { type: "BSD", url: "https://github.com/jlongster/nunjucks/blob/master/LICENSE" },
    ]);
    expect(registry.takePaths()).toEqual(["/bl", "/js-yaml", "/nunjucks"]);
  });

  it("asks the version document when the packument entry has no licence field", async () => {
    // nunjucks 0.1.0 has no `license` in the abbreviated packument; the version document is 404 here.
    const npm = client();
    expect(await npm.versionLicense("nunjucks", "0.1.0")).toBeUndefined();
    expect(registry.takePaths()).toEqual(["/nunjucks", "/nunjucks/0.1.0"]);
  });

  it("answers undefined for unknown packages and versions", async () => {
    const npm = client();
    expect(await npm.versionLicense("no-such-package-here", "1.0.0")).toBeUndefined();
    expect(await npm.versionLicense("bl", "99.0.0")).toBeUndefined();
    // The packument was read this run: an unpublished version does not trigger a second read.
    expect(registry.takePaths()).toEqual(["/bl", "/no-such-package-here"]);
  });

  it("keeps answers on disk: a second client asks nothing for cached versions", async () => {
    const dir = cacheDir();
    await client({ cacheDir: dir }).versionLicense("bl", "1.0.0");
    await client({ cacheDir: dir }).versionLicense("nunjucks", "0.1.0");
    registry.takePaths();
    const again = client({ cacheDir: dir });
    expect((await again.versionLicense("bl", "1.0.0"))?.value).toBe("MIT");
    expect((await again.versionLicense("bl", "2.0.0"))?.value).toBe("MIT");
    // The version document's answer (no licence) is cached too.
    expect(await again.versionLicense("nunjucks", "0.1.0")).toBeUndefined();
    expect(registry.takePaths()).toEqual([]);
  });

  it("limits concurrent requests", async () => {
    registry.delayMs = 40;
    const names = ["bl", "js-yaml", "nunjucks", "minimatch", "socket.io", "atob"];
    const npm = client({ concurrency: 2 });
    const results = await Promise.all(names.map((name) => npm.versionLicense(name, "0.0.0-none")));
    expect(results).toEqual(names.map(() => undefined));
    expect(registry.maxInFlight).toBe(2);
    expect(registry.takePaths()).toHaveLength(names.length);
  });

  it("retries 429 and 5xx with backoff", async () => {
    registry.failFirst.set("/bl", [{ status: 503 }, { status: 429, headers: { "retry-after": "0" } }]);
    expect((await client().versionLicense("bl", "1.0.0"))?.value).toBe("MIT");
    expect(registry.takePaths()).toEqual(["/bl", "/bl", "/bl"]);
  });

  it("sends the configured token but never shows it", async () => {
    registry.failFirst.set("/bl", [{ status: 401 }]);
    const error = await client({ token: "s3cr3t-token" })
      .versionLicense("bl", "1.0.0")
      .catch((e: unknown) => e);
    expect(registry.requests[0]?.headers.authorization).toBe("Bearer s3cr3t-token");
    expect(error).toMatchObject({
      code: "NETWORK",
      message: `the npm registry at ${registry.baseUrl}/ refused the credentials configured for ${registry.baseUrl}/bl (HTTP 401) when asked for bl`,
    });
    expect(JSON.stringify(error) + String((error as Error).message)).not.toContain("s3cr3t");
  });

  it("names the registry when it cannot be reached", async () => {
    const url = await closedPortUrl();
    const npm = new NpmRegistryClient({
      baseUrl: `http://user:pw@${url.slice(7)}`,
      http: new HttpClient({ retries: 1, retryDelayMs: 1 }),
    });
    const error = await npm.versionLicense("@scope/pkg", "1.0.0").catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "NETWORK" });
    const message = (error as Error).message;
    expect(message).toMatch(
      /^the npm registry cannot be reached \(http:\/\/\*\*\*:\*\*\*@127\.0\.0\.1:\d+\/@scope%2fpkg\): connect ECONNREFUSED 127\.0\.0\.1:\d+ \(after 2 attempts\)$/,
    );
    expect(message).not.toContain("pw");
  });
});
