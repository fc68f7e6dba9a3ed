// biome-ignore-all lint/suspicious/noTemplateCurlyInString: .npmrc files spell variables as ${NAME}; these strings are .npmrc text.
import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { environmentSecrets } from "../../../config/secrets.js";
import { isLockkeeperError, type LockkeeperError } from "../../../errors.js";
import { type FetchLike, HttpClient } from "../../../http/http-client.js";
import { closedPortUrl } from "../../registry/test-support/fake-registry.js";
import { NpmRegistryClient, type NpmRegistryClientOptions } from "./npm-registry-client.js";
import { loadNpmConfig } from "./npmrc.js";
import { packTarball } from "./test-support/tarball.js";
import { type SeedPackage, startVerdaccio, type Verdaccio } from "./test-support/verdaccio.js";

const SEED: SeedPackage[] = [
  {
    name: "lk-norm",
    distTags: { latest: "1.2.0", next: "2.0.0-beta.1" },
    versions: [
      {
        version: "1.0.0",
        publishedAt: "2020-01-01T00:00:00.000Z",
        manifest: {
          license: "MIT",
          dependencies: { "lk-dep": "^1.0.0" },
          engines: { node: ">=18" },
          scripts: { install: "node build.js", test: "vitest" },
        },
      },
      {
        version: "1.1.0",
        publishedAt: "2020-02-01T00:00:00.000Z",
        deprecated: "use 1.2.0",
        manifest: {
          license: { type: "ISC", url: "https://example.org/isc" },
          gypfile: true,
          optionalDependencies: { fsevents: "^2.0.0" },
          peerDependencies: { react: ">=17" },
        },
      },
      {
        version: "1.2.0",
        publishedAt: "2020-03-01T00:00:00.000Z",
        manifest: {
          licenses: [{ type: "MIT" }, { type: "Apache-2.0" }],
          scripts: { postinstall: "node x.js" },
        },
      },
      {
        version: "2.0.0-beta.1",
        publishedAt: "2020-04-01T00:00:00.000Z",
        manifest: { scripts: { test: "t" } },
      },
    ],
  },
  {
    name: "@private/secret",
    versions: [{ version: "1.0.0", files: { "index.js": "module.exports = 's';\n" } }],
  },
  { name: "@corp/thing", versions: [{ version: "3.0.0" }] },
  {
    name: "lk-tarball",
    versions: [
      { version: "1.0.0", files: { "index.js": "module.exports = 1;\n" } },
      { version: "1.0.1", files: { "index.js": "module.exports = 2;\n" } },
      { version: "1.0.2", files: { "index.js": "module.exports = 3;\n" } },
    ],
  },
];

const fastRetries = new HttpClient({ retryDelayMs: 1 });
const sha512 = (data: Uint8Array) => `sha512-${createHash("sha512").update(data).digest("base64")}`;

/** The error a promise rejects with (the test fails when it resolves). */
async function failure(promise: Promise<unknown>): Promise<LockkeeperError> {
  const error = await promise.then(
    () => undefined,
    (rejected: unknown) => rejected,
  );
  if (!isLockkeeperError(error)) throw new Error(`expected a LockkeeperError, got ${String(error)}`);
  return error;
}

/** A fetch that records each request's URL and Authorization header before sending it. */
function recordingFetch(): { fetch: FetchLike; requests: { url: string; authorization?: string }[] } {
  const requests: { url: string; authorization?: string }[] = [];
  const fetch: FetchLike = (input, init) => {
    const headers = (init?.headers ?? {}) as Record<string, string>;
    requests.push({ url: input, ...(headers.authorization ? { authorization: headers.authorization } : {}) });
    return globalThis.fetch(input, init);
  };
  return { fetch, requests };
}

describe("NpmRegistryClient against Verdaccio", () => {
  let registry: Verdaccio;
  let registryOpen = true;
  let hostKey: string;
  const work = mkdtempSync(join(tmpdir(), "lk-packument-"));
  const home = join(work, "home");
  let count = 0;
  const newDir = (prefix: string): string => {
    const dir = join(work, `${prefix}-${count++}`);
    mkdirSync(dir, { recursive: true });
    return dir;
  };
  /** A client for the Verdaccio with the given project `.npmrc` (none: the registry as base URL). */
  const client = (
    npmrc?: string,
    options: NpmRegistryClientOptions = {},
    env: NodeJS.ProcessEnv = {},
  ): NpmRegistryClient => {
    if (npmrc === undefined)
      return new NpmRegistryClient({ baseUrl: registry.url, http: fastRetries, ...options });
    const project = newDir("project");
    writeFileSync(join(project, ".npmrc"), npmrc);
    return new NpmRegistryClient({
      config: loadNpmConfig(project, { env, secrets: environmentSecrets(env, "any"), home }),
      http: fastRetries,
      ...options,
    });
  };

  beforeAll(async () => {
    mkdirSync(home);
    registry = await startVerdaccio(SEED);
    hostKey = registry.url.replace(/^http:/, "");
    writeFileSync(
      join(registry.storage, "lk-tarball", "lk-tarball-1.0.1.tgz"),
      packTarball({ "index.js": "evil" }),
    );
    // Very old versions carry only a shasum.
    const stored = join(registry.storage, "lk-tarball", "package.json");
    const document = JSON.parse(readFileSync(stored, "utf8"));
    delete document.versions["1.0.2"].dist.integrity;
    writeFileSync(stored, JSON.stringify(document));
  });
  afterAll(async () => {
    if (registryOpen) await registry.close();
    rmSync(work, { recursive: true, force: true });
  });

  it("trims a full packument: dist-tags, times, deprecation, licence forms, install scripts, dependencies", async () => {
    const packument = await client().packument("lk-norm");
    const dist = (version: string) => ({
      tarball: `${registry.url}lk-norm/-/lk-norm-${version}.tgz`,
      integrity: expect.stringMatching(/^sha512-/),
      shasum: expect.stringMatching(/^[0-9a-f]{40}$/),
    });
    expect(packument).toEqual({
      name: "lk-norm",
      distTags: { latest: "1.2.0", next: "2.0.0-beta.1" },
      modified: "2020-04-01T00:00:00.000Z",
      url: `${registry.url}lk-norm`,
      versions: {
        "1.0.0": {
          version: "1.0.0",
          publishedAt: "2020-01-01T00:00:00.000Z",
          license: "MIT",
          hasInstallScript: true,
          dependencies: { "lk-dep": "^1.0.0" },
          engines: { node: ">=18" },
          dist: dist("1.0.0"),
        },
        "1.1.0": {
          version: "1.1.0",
          publishedAt: "2020-02-01T00:00:00.000Z",
          deprecated: "use 1.2.0",
          license: "ISC",
          hasInstallScript: true,
          optionalDependencies: { fsevents: "^2.0.0" },
          peerDependencies: { react: ">=17" },
          dist: dist("1.1.0"),
        },
        "1.2.0": {
          version: "1.2.0",
          publishedAt: "2020-03-01T00:00:00.000Z",
          license: "MIT OR Apache-2.0",
          hasInstallScript: true,
          dist: dist("1.2.0"),
        },
        "2.0.0-beta.1": {
          version: "2.0.0-beta.1",
          publishedAt: "2020-04-01T00:00:00.000Z",
          hasInstallScript: false,
          dist: dist("2.0.0-beta.1"),
        },
      },
    });
  });

  it("answers packageReleases in the ReleaseSource shape", async () => {
    const releases = await client().packageReleases("lk-norm");
    expect(releases).toEqual({
      ecosystem: "npm",
      name: "lk-norm",
      latest: "1.2.0",
      url: `${registry.url}lk-norm`,
      releases: [
        {
          version: "1.0.0",
          publishedAt: "2020-01-01T00:00:00.000Z",
          license: "MIT",
          hasInstallScript: true,
          engines: { node: ">=18" },
        },
        {
          version: "1.1.0",
          publishedAt: "2020-02-01T00:00:00.000Z",
          deprecated: "use 1.2.0",
          license: "ISC",
          hasInstallScript: true,
        },
        {
          version: "1.2.0",
          publishedAt: "2020-03-01T00:00:00.000Z",
          license: "MIT OR Apache-2.0",
          hasInstallScript: true,
        },
        { version: "2.0.0-beta.1", publishedAt: "2020-04-01T00:00:00.000Z", hasInstallScript: false },
      ],
    });
    expect(await client().packageReleases("lk-no-such-package")).toBeUndefined();
  });

  it("reads the abbreviated form when asked: install scripts from hasInstallScript, no licences", async () => {
    const packument = await client(undefined, { form: "abbreviated" }).packument("lk-norm");
    expect(packument?.versions["1.0.0"]).toMatchObject({
      hasInstallScript: true,
      dependencies: { "lk-dep": "^1.0.0" },
    });
    expect(packument?.versions["1.2.0"]?.hasInstallScript).toBe(true);
    expect(packument?.versions["2.0.0-beta.1"]?.hasInstallScript).toBe(false);
    expect(packument?.versions["1.1.0"]?.deprecated).toBe("use 1.2.0");
    expect(Object.values(packument?.versions ?? {}).map((v) => v.license)).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
  });

  it("asks the registry once per package however many callers ask at once", async () => {
    const recorder = recordingFetch();
    const npm = client(undefined, { http: new HttpClient({ fetch: recorder.fetch }) });
    const answers = await Promise.all([
      npm.packument("lk-norm"),
      npm.packageReleases("lk-norm"),
      npm.packument("lk-norm"),
      npm.packument("@corp/thing"),
      npm.packageReleases("@corp/thing"),
    ]);
    expect(answers.every((answer) => answer !== undefined)).toBe(true);
    expect(recorder.requests.map((r) => r.url).sort()).toEqual([
      `${registry.url}@corp%2fthing`,
      `${registry.url}lk-norm`,
    ]);
  });

  it("uses scoped registries and the token of a project .npmrc, and never caches the token", async () => {
    const cacheDir = newDir("cache");
    const recorder = recordingFetch();
    const npmrc = [
      // The default registry is unreachable: only the scoped ones can answer.
      `registry=${await closedPortUrl()}/`,
      `@corp:registry=${registry.url}`,
      `@private:registry=${registry.url}`,
      `${hostKey}:_authToken=\${LK_TEST_TOKEN}`,
    ].join("\n");
    const npm = client(
      npmrc,
      { cacheDir, http: new HttpClient({ fetch: recorder.fetch, retryDelayMs: 1 }) },
      { LK_TEST_TOKEN: registry.token },
    );
    expect((await npm.packageReleases("@corp/thing"))?.latest).toBe("3.0.0");
    expect((await npm.packageReleases("@private/secret"))?.latest).toBe("1.0.0");
    const tarball = await npm.downloadTarball("@private/secret", "1.0.0");
    expect(Buffer.from(tarball)).toEqual(
      readFileSync(join(registry.storage, "@private/secret/secret-1.0.0.tgz")),
    );
    expect(recorder.requests).toEqual([
      { url: `${registry.url}@corp%2fthing`, authorization: `Bearer ${registry.token}` },
      { url: `${registry.url}@private%2fsecret`, authorization: `Bearer ${registry.token}` },
      { url: `${registry.url}@private/secret/-/secret-1.0.0.tgz`, authorization: `Bearer ${registry.token}` },
    ]);
    const cached = readdirSync(cacheDir).map((file) => readFileSync(join(cacheDir, file), "utf8"));
    expect(cached).toHaveLength(2);
    for (const text of cached) expect(text).not.toContain(registry.token);
  });

  it.each([
    [
      "_auth",
      (key: string) =>
        `${key}:_auth=${Buffer.from("lockkeeper:lockkeeper-test-password").toString("base64")}`,
    ],
    [
      "username and _password",
      (key: string) =>
        `${key}:username=lockkeeper\n${key}:_password=${Buffer.from("lockkeeper-test-password").toString("base64")}`,
    ],
  ])("authenticates with %s", async (_case, credentials) => {
    const npm = client(`@private:registry=${registry.url}\n${credentials(hostKey)}\n`);
    expect((await npm.packageReleases("@private/secret"))?.latest).toBe("1.0.0");
  });

  it("says which credentials are missing when a private package is asked without them", async () => {
    const recorder = recordingFetch();
    // A token for another host name of the same machine must not be sent to this one.
    const npmrc = `@private:registry=${registry.url}\n${hostKey.replace("127.0.0.1", "localhost")}:_authToken=other-host-token\n`;
    const npm = client(npmrc, { http: new HttpClient({ fetch: recorder.fetch, retryDelayMs: 1 }) });
    const error = await failure(npm.packument("@private/secret"));
    expect(error.code).toBe("NETWORK");
    expect(error.message).toContain(
      `the npm registry at ${registry.url} wants credentials for @private/secret (HTTP 401)`,
    );
    expect(error.message).toContain(`none are configured for ${hostKey}`);
    expect(error.hint).toContain(`${hostKey}:_authToken=`);
    expect(error.describe()).not.toContain("other-host-token");
    expect(recorder.requests.map((r) => r.authorization)).toEqual([undefined]);
  });

  it.each([
    ["a wrong token", "wrong-secret-token-123", {}, "check that the token is still valid"],
    ["an unset variable", "${LK_UNSET_TOKEN}", {}, "environment variable that is not set"],
  ])(
    "says the configured credentials were refused for %s, without showing them",
    async (_case, token, env, hint) => {
      const npm = client(`@private:registry=${registry.url}\n${hostKey}:_authToken=${token}\n`, {}, env);
      const error = await failure(npm.packument("@private/secret"));
      expect(error.code).toBe("NETWORK");
      expect(error.message).toBe(
        `the npm registry at ${registry.url} refused the credentials configured for ${hostKey} (HTTP 401) when asked for @private/secret`,
      );
      expect(error.hint).toContain(hint);
      expect(error.describe()).not.toContain(token);
    },
  );

  it("downloads tarballs and checks them against the published integrity or shasum", async () => {
    const npm = client();
    const good = await npm.downloadTarball("lk-tarball", "1.0.0");
    expect(Buffer.from(good)).toEqual(
      readFileSync(join(registry.storage, "lk-tarball", "lk-tarball-1.0.0.tgz")),
    );
    const shasumOnly = await npm.downloadTarball("lk-tarball", "1.0.2");
    expect((await npm.packument("lk-tarball"))?.versions["1.0.2"]?.dist.integrity).toBeUndefined();
    expect(Buffer.from(shasumOnly)).toEqual(
      readFileSync(join(registry.storage, "lk-tarball", "lk-tarball-1.0.2.tgz")),
    );
  });

  it("refuses a tarball whose bytes differ from the published digest", async () => {
    const npm = client();
    const published = (await npm.packument("lk-tarball"))?.versions["1.0.1"]?.dist.integrity;
    const served = readFileSync(join(registry.storage, "lk-tarball", "lk-tarball-1.0.1.tgz"));
    const error = await failure(npm.downloadTarball("lk-tarball", "1.0.1"));
    expect(error.code).toBe("INTEGRITY");
    expect(error.message).toBe(
      `the tarball of lk-tarball@1.0.1 from ${registry.url}lk-tarball/-/lk-tarball-1.0.1.tgz does not match its published digest: expected ${published}, got ${sha512(served)}`,
    );
  });

  it.each([
    ["an unknown version", "lk-tarball", "9.9.9", "the npm registry has no version 9.9.9 of lk-tarball"],
    [
      "an unknown package",
      "lk-no-such-package",
      "1.0.0",
      "the npm registry has no package lk-no-such-package",
    ],
  ])("answers NOT_FOUND for the tarball of %s", async (_case, name, version, message) => {
    const error = await failure(client().downloadTarball(name, version));
    expect(error).toMatchObject({ code: "NOT_FOUND", message });
  });

  it("reads a cached packument again when a version it lacks is asked for", async () => {
    const cacheDir = newDir("cache");
    expect(
      (await client(undefined, { cacheDir }).packument("lk-tarball"))?.versions["1.1.0"],
    ).toBeUndefined();
    registry.seed([{ name: "lk-tarball", versions: [{ version: "1.1.0", files: { "index.js": "new" } }] }]);
    const recorder = recordingFetch();
    const npm = client(undefined, { cacheDir, http: new HttpClient({ fetch: recorder.fetch }) });
    await Promise.all([
      npm.downloadTarball("lk-tarball", "1.1.0"),
      npm.downloadTarball("lk-tarball", "1.1.0"),
    ]);
    expect(recorder.requests.filter((r) => r.url === `${registry.url}lk-tarball`)).toHaveLength(1);
  });

  it("names the registry when it cannot be reached", async () => {
    const url = await closedPortUrl();
    const error = await failure(
      new NpmRegistryClient({ baseUrl: url, http: fastRetries }).packument("lk-norm"),
    );
    expect(error.code).toBe("NETWORK");
    expect(error.message).toMatch(new RegExp(`^the npm registry cannot be reached \\(${url}/lk-norm\\)`));
  });

  // Last: it stops the registry.
  it("serves fresh cached packuments without the registry, and asks when maxAgeMs is 0", async () => {
    const cacheDir = newDir("cache");
    const first = await client(undefined, { cacheDir }).packument("lk-norm");
    await registry.close();
    registryOpen = false;
    expect(await client(undefined, { cacheDir }).packument("lk-norm")).toEqual(first);
    const error = await failure(client(undefined, { cacheDir, maxAgeMs: 0 }).packument("lk-norm"));
    expect(error.code).toBe("NETWORK");
    expect(error.message).toContain(`${registry.url}lk-norm`);
  });
});
