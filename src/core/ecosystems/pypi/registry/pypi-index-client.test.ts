import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { isLockkeeperError, type LockkeeperError } from "../../../errors.js";
import { HttpClient } from "../../../http/http-client.js";
import { closedPortUrl } from "../../registry/test-support/fake-registry.js";
import { PypiIndexClient, type PypiIndexClientOptions } from "./pypi-index-client.js";
import { SIMPLE_ACCEPT } from "./simple-index.js";
import {
  type PublishedFile,
  type PypiServer,
  type SimpleForm,
  startPypiServer,
} from "./test-support/pypi-server.js";

/** What the index below should read as, per release (from the facts published in `beforeAll`). */
const RELEASES = [
  { version: "1.0", publishedAt: "2024-01-01T00:00:00.000Z", requiresPython: ">=3.8,<4" },
  { version: "1.1", publishedAt: "2024-02-01T00:00:00.000Z" },
  { version: "1.5", publishedAt: "2024-03-01T00:00:00.000Z", license: "MIT" },
  { version: "2.0", publishedAt: "2024-04-01T00:00:00.000Z", yanked: "broken build" },
  { version: "3.0b1", publishedAt: "2024-05-01T00:00:00.000Z" },
];

async function rejection(promise: Promise<unknown>): Promise<LockkeeperError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  if (!isLockkeeperError(error)) throw new Error(`expected a LockkeeperError, got ${String(error)}`);
  return error;
}

describe("PypiIndexClient", () => {
  let server: PypiServer;
  const files: Record<string, PublishedFile> = {};
  const dirs: string[] = [];
  const tempDir = () => {
    const dir = mkdtempSync(join(tmpdir(), "lk-pypi-index-"));
    dirs.push(dir);
    return dir;
  };
  const client = (options: PypiIndexClientOptions = {}) =>
    new PypiIndexClient({
      indexUrl: server.simpleUrl,
      http: new HttpClient({ retryDelayMs: 1 }),
      ...options,
    });
  const pageRequests = () => server.takeRequests("/simple/foo-bar/").length;

  beforeAll(async () => {
    server = await startPypiServer();
    const publish = (...args: Parameters<PypiServer["publish"]>) => {
      const file = server.publish(...args);
      files[file.filename] = file;
    };
    const name = "Foo_Bar";
    publish({
      name,
      version: "1.0",
      kind: "sdist",
      requiresPython: ">=3.8,<4",
      uploadTime: "2024-01-01T00:00:00Z",
    });
    publish({
      name,
      version: "1.0",
      kind: "wheel",
      requiresPython: ">=3.8,<4",
      uploadTime: "2024-01-01T00:09:00Z",
    });
    publish({ name, version: "1.1", kind: "wheel", yanked: "bad wheel", uploadTime: "2024-02-01T00:00:00Z" });
    publish({ name, version: "1.1", kind: "sdist", uploadTime: "2024-02-01T00:01:00Z" });
    publish({ name, version: "1.5", kind: "wheel", license: "MIT", uploadTime: "2024-03-01T00:00:00Z" });
    publish({ name, version: "2.0", kind: "wheel", yanked: true, uploadTime: "2024-04-01T00:00:00Z" });
    publish({
      name,
      version: "2.0",
      kind: "sdist",
      yanked: "broken build",
      uploadTime: "2024-04-01T00:00:01Z",
    });
    publish({ name, version: "3.0b1", kind: "wheel", uploadTime: "2024-05-01T00:00:00Z" });
    server.publishFile({
      project: name,
      version: "nightly",
      kind: "sdist",
      filename: "foo_bar-nightly.tar.gz",
      bytes: new Uint8Array([1]),
    });
  });
  beforeEach(() => {
    server.form = undefined;
    server.fileUrls = "relative";
    server.takeRequests();
  });
  afterAll(async () => {
    await server.close();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it.each([
    ["negotiated (JSON)", undefined, "relative"],
    ["JSON", "json", "relative"],
    ["JSON, absolute file URLs", "json", "absolute"],
    ["HTML", "html", "relative"],
    ["HTML, absolute file URLs", "html", "absolute"],
  ] as const)("reads the same releases from the %s page with the JSON API", async (_case, form, urls) => {
    server.form = form as SimpleForm | undefined;
    server.fileUrls = urls;
    const releases = await client({ jsonApiUrl: server.jsonApiUrl }).packageReleases("foo.bar");
    expect(releases).toEqual({
      ecosystem: "pypi",
      name: "foo-bar",
      latest: "1.5",
      releases: RELEASES,
      url: `${server.simpleUrl}/foo-bar/`,
    });
    const sent = server.takeRequests();
    expect(sent.map((request) => [request.path, request.accept])).toEqual(
      expect.arrayContaining([
        ["/simple/foo-bar/", SIMPLE_ACCEPT],
        ["/pypi/foo-bar/json", "application/json"],
      ]),
    );
  });

  it("without the JSON API: upload times come from the JSON form only, no licence", async () => {
    const withoutLicense = RELEASES.map(({ license: _license, ...release }) => release);
    server.form = "json";
    expect((await client().packageReleases("foo-bar"))?.releases).toEqual(withoutLicense);
    server.form = "html";
    expect((await client().packageReleases("foo-bar"))?.releases).toEqual(
      withoutLicense.map(({ publishedAt: _at, ...release }) => release),
    );
  });

  it("lists every file of a version with its sha256, under any PEP 440 spelling", async () => {
    const pypi = client();
    const expected = ["Foo_Bar-1.0.tar.gz", "Foo_Bar-1.0-py3-none-any.whl"].map((filename) => ({
      filename,
      url: files[filename]?.url,
      sha256: files[filename]?.sha256,
    }));
    expect(await pypi.fileHashes("foo_bar", "1.0")).toEqual(expected);
    expect(await pypi.fileHashes("FOO-BAR", "1.0.0")).toEqual(expected);
    expect(await pypi.fileHashes("foo-bar", "9.9")).toEqual([]);
    expect(await pypi.fileHashes("foo-bar", "not a version")).toEqual([]);
    expect(await pypi.fileHashes("no-such-project", "1.0")).toEqual([]);
    expect((await pypi.project("foo-bar"))?.skipped).toEqual([
      {
        filename: "foo_bar-nightly.tar.gz",
        reason: '"nightly" in foo_bar-nightly.tar.gz is not a PEP 440 version',
      },
    ]);
  });

  it("downloads a file and checks its sha256", async () => {
    const pypi = client();
    const [wheel] = await pypi.fileHashes("foo-bar", "1.5");
    if (!wheel?.sha256) throw new Error("the 1.5 wheel has no hash");
    const bytes = await pypi.downloadFile(wheel.url, wheel.sha256);
    expect(bytes).toEqual(files[wheel.filename]?.bytes);

    const wrong = "0".repeat(64);
    const mismatch = await rejection(pypi.downloadFile(wheel.url, wrong));
    expect(mismatch.code).toBe("NETWORK");
    expect(mismatch.message).toBe(
      `the file downloaded from ${wheel.url} has sha256 ${wheel.sha256}, but ${wrong} was expected`,
    );
    const missing = await rejection(pypi.downloadFile(`${server.url}/files/nothing-1.0.tar.gz`));
    expect(missing.code).toBe("NOT_FOUND");
  });

  it("answers undefined for a project the index does not have", async () => {
    expect(await client().packageReleases("no-such-project")).toBeUndefined();
    expect(server.takeRequests().map((request) => request.path)).toEqual(["/simple/no-such-project/"]);
  });

  it("asks once for concurrent lookups of one project", async () => {
    const pypi = client();
    await Promise.all([
      pypi.packageReleases("foo-bar"),
      pypi.packageReleases("Foo_Bar"),
      pypi.fileHashes("foo.bar", "1.0"),
      pypi.project("FOO-BAR"),
    ]);
    expect(pageRequests()).toBe(1);
  });

  it("keeps pages on disk for their lifetime, per index", async () => {
    const cacheDir = tempDir();
    const lifetimeRequests = () => server.takeRequests("/simple/lifetime/").length;
    server.publish({ name: "lifetime", version: "1.0", kind: "wheel" });
    const first = await client({ cacheDir }).packageReleases("lifetime");
    expect(lifetimeRequests()).toBe(1);
    // A new client (a later run) within the lifetime: no request, the same answer.
    expect(await client({ cacheDir }).packageReleases("lifetime")).toEqual(first);
    expect(lifetimeRequests()).toBe(0);
    // A lifetime of 0 reads the page again, and so sees a release published meanwhile.
    server.publish({ name: "lifetime", version: "1.1", kind: "wheel" });
    expect((await client({ cacheDir }).packageReleases("lifetime"))?.latest).toBe("1.0");
    const fresh = await client({ cacheDir, maxAgeMs: 0 }).packageReleases("lifetime");
    expect(lifetimeRequests()).toBe(1);
    expect(fresh?.latest).toBe("1.1");
    // Another index with the same cache folder does not get this index's page.
    const other = await startPypiServer();
    try {
      const elsewhere = new PypiIndexClient({ indexUrl: other.simpleUrl, cacheDir });
      expect(await elsewhere.packageReleases("lifetime")).toBeUndefined();
      expect(other.takeRequests().map((request) => request.path)).toEqual(["/simple/lifetime/"]);
    } finally {
      await other.close();
    }
  });

  it("retries on 429 and 503, then reads the page", async () => {
    server.failNext("/simple/foo-bar/", 429, 2);
    server.failNext("/simple/foo-bar/", 503, 1);
    expect((await client().packageReleases("foo-bar"))?.latest).toBe("1.5");
    expect(pageRequests()).toBe(4);
  });

  it("gives up with a NETWORK error naming the index when it keeps failing", async () => {
    server.failNext("/simple/foo-bar/", 503, 3);
    const error = await rejection(
      client({ http: new HttpClient({ retries: 2, retryDelayMs: 1 }) }).packageReleases("foo-bar"),
    );
    expect(error.code).toBe("NETWORK");
    expect(error.message).toBe(
      `the Python package index cannot be reached (${server.simpleUrl}/foo-bar/): HTTP 503 (after 3 attempts)`,
    );
    expect(pageRequests()).toBe(3);
  });

  it("names an unreachable index without its credentials", async () => {
    const base = await closedPortUrl();
    const indexUrl = `${base.replace("http://", "http://alice:s3cret@")}/simple`;
    const error = await rejection(
      new PypiIndexClient({
        indexUrl,
        http: new HttpClient({ retries: 1, retryDelayMs: 1 }),
      }).packageReleases("foo"),
    );
    expect(error.code).toBe("NETWORK");
    expect(error.message).toMatch(
      new RegExp(
        `^the Python package index cannot be reached \\(http://\\*\\*\\*:\\*\\*\\*@${base.slice(7)}/simple/foo/\\): .*ECONNREFUSED`,
      ),
    );
    expect(error.describe()).not.toContain("s3cret");
  });

  it("sends credentials to the index only, and keeps them out of URLs and the cache", async () => {
    const cacheDir = tempDir();
    const withUser = server.simpleUrl.replace("http://", "http://alice:s3cret@");
    const basic = new PypiIndexClient({
      indexUrl: withUser,
      cacheDir,
      http: new HttpClient({ retryDelayMs: 1 }),
    });
    const [file] = await basic.fileHashes("foo-bar", "1.5");
    expect(file?.url).toBe(files["Foo_Bar-1.5-py3-none-any.whl"]?.url);
    await basic.downloadFile(file?.url ?? "", file?.sha256);
    const basicHeader = `Basic ${Buffer.from("alice:s3cret").toString("base64")}`;
    expect(server.takeRequests().map((request) => [request.path, request.authorization])).toEqual([
      ["/simple/foo-bar/", basicHeader],
      ["/files/Foo_Bar-1.5-py3-none-any.whl", basicHeader],
    ]);
    for (const entry of readdirSync(cacheDir)) {
      expect(readFileSync(join(cacheDir, entry), "utf8")).not.toContain("s3cret");
    }

    // A file host other than the index (PyPI's files.pythonhosted.org) gets no token.
    const fileHost = await startPypiServer();
    try {
      const elsewhere = fileHost.publish({ name: "other", version: "1.0", kind: "wheel" });
      const withToken = client({ token: "tok-123" });
      await withToken.packageReleases("foo-bar");
      await withToken.downloadFile(elsewhere.url, elsewhere.sha256);
      expect(server.takeRequests().map((request) => request.authorization)).toEqual(["Bearer tok-123"]);
      expect(fileHost.takeRequests().map((request) => request.authorization)).toEqual([undefined]);
    } finally {
      await fileHost.close();
    }
  });
});
