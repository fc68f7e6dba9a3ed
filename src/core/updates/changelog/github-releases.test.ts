import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { npmVersioning } from "../../ecosystems/npm/versioning.js";
import { HttpClient } from "../../http/http-client.js";
import { githubReleases } from "./github-releases.js";

const TOKEN = "ghp_test-token-value";

interface FakeRelease {
  tag_name: string;
  name?: string | null;
  body?: string | null;
  draft?: boolean;
  prerelease?: boolean;
}

const release = (tag: string, extra: Partial<FakeRelease> = {}): FakeRelease => ({
  tag_name: tag,
  name: tag,
  body: `Notes of ${tag}.`,
  draft: false,
  prerelease: false,
  ...extra,
});

/** Two pages, newest first, as GitHub lists them. */
const PAGE_1: FakeRelease[] = [
  release("v3.0.0-rc.1", { prerelease: true }),
  release("v2.1.0", {
    name: "2.1.0: faster",
    body: "## What's Changed\r\n\r\n### ⚠ BREAKING CHANGES\r\n\r\n* drop Node 16\r\n",
  }),
  release("v2.1.0-beta.1", { prerelease: true }),
  release("gadget@9.0.0"),
  release("nightly"),
  release("v2.0.2", { draft: true }),
  release("v2.0.1", { name: null, body: null }),
];
const PAGE_2: FakeRelease[] = [release("v2.0.0"), release("v1.9.0")];

describe("githubReleases", () => {
  const requests: { url: string; authorization: string | undefined }[] = [];
  let nextLinkHost = "127.0.0.1";
  let server: Server;
  let apiUrl = "";

  beforeAll(async () => {
    server = createServer((req, res) => {
      requests.push({ url: req.url ?? "", authorization: req.headers.authorization });
      if (req.headers.authorization !== `Bearer ${TOKEN}`) {
        res.writeHead(401, { "content-type": "application/json" }).end('{"message":"Bad credentials"}');
        return;
      }
      const { port } = server.address() as AddressInfo;
      const send = (body: unknown, headers: Record<string, string> = {}): void => {
        res.writeHead(200, { "content-type": "application/json", ...headers }).end(JSON.stringify(body));
      };
      if (req.url === "/repos/acme/widget/releases?per_page=100") {
        const next = `http://${nextLinkHost}:${port}/repositories/42/releases?per_page=100&page=2`;
        const last = `http://${nextLinkHost}:${port}/repositories/42/releases?per_page=100&page=2`;
        send(
          PAGE_1.map((entry) => ({
            ...entry,
            html_url: `https://github.com/acme/widget/releases/tag/${entry.tag_name}`,
          })),
          { link: `<${next}>; rel="next", <${last}>; rel="last"` },
        );
      } else if (req.url === "/repositories/42/releases?per_page=100&page=2") send(PAGE_2);
      else if (req.url === "/repos/acme/odd/releases?per_page=100") send({ message: "not a list" });
      else res.writeHead(404).end('{"message":"Not Found"}');
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    apiUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterEach(() => {
    requests.splice(0);
    nextLinkHost = "127.0.0.1";
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  const base = () => ({
    apiUrl,
    repository: "acme/widget",
    token: TOKEN,
    scheme: npmVersioning,
    http: new HttpClient({ retries: 0 }),
  });

  it("follows the next link until it reaches `from`, skipping drafts and pre-releases", async () => {
    const excerpt = await githubReleases({ ...base(), from: "1.9.0", to: "2.1.0" });
    expect(requests).toEqual([
      { url: "/repos/acme/widget/releases?per_page=100", authorization: `Bearer ${TOKEN}` },
      { url: "/repositories/42/releases?per_page=100&page=2", authorization: `Bearer ${TOKEN}` },
    ]);
    expect(excerpt).toEqual({
      format: "markdown",
      truncated: false,
      releases: [
        {
          version: "2.1.0",
          heading: "2.1.0: faster",
          body: "## What's Changed\n\n### ⚠ BREAKING CHANGES\n\n* drop Node 16",
          breaking: true,
          url: "https://github.com/acme/widget/releases/tag/v2.1.0",
        },
        {
          version: "2.0.1",
          heading: "v2.0.1",
          body: "",
          breaking: false,
          url: "https://github.com/acme/widget/releases/tag/v2.0.1",
        },
        { version: "2.0.0", heading: "v2.0.0", body: "Notes of v2.0.0.", breaking: false },
      ],
    });
  });

  it("stops at the page that holds `from`, and keeps pre-releases when `to` is one", async () => {
    const excerpt = await githubReleases({ ...base(), from: "2.0.1", to: "3.0.0-rc.1" });
    expect(requests.map((request) => request.url)).toEqual(["/repos/acme/widget/releases?per_page=100"]);
    expect(excerpt?.releases.map((entry) => entry.version)).toEqual(["3.0.0-rc.1", "2.1.0", "2.1.0-beta.1"]);
  });

  it("keeps only the package's own tags in a monorepo", async () => {
    const releases = await githubReleases({ ...base(), packageName: "gadget", from: "2.0.0", to: "9.0.0" });
    expect(releases?.releases.map((entry) => [entry.version, entry.heading])).toEqual([
      ["9.0.0", "gadget@9.0.0"],
      ["2.1.0", "2.1.0: faster"],
      ["2.0.1", "v2.0.1"],
    ]);
  });

  it("does not follow a next link to another origin, where the token would go", async () => {
    nextLinkHost = "localhost";
    const excerpt = await githubReleases({ ...base(), from: "1.9.0", to: "2.1.0" });
    expect(requests).toHaveLength(1);
    expect(excerpt?.releases.map((entry) => entry.version)).toEqual(["2.1.0", "2.0.1"]);
  });

  it("reports bad credentials without the token, unknown repositories and odd answers", async () => {
    const denied = githubReleases({ ...base(), token: "wrong-token", from: "1.0.0", to: "2.0.0" });
    await expect(denied).rejects.toMatchObject({ code: "NETWORK", hint: expect.stringMatching(/token/) });
    await expect(denied).rejects.toThrow(/GitHub API answered HTTP 401/);
    await expect(denied).rejects.not.toThrow(/wrong-token/);
    await expect(
      githubReleases({ ...base(), repository: "acme/gone", from: "1.0.0", to: "2.0.0" }),
    ).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    await expect(
      githubReleases({ ...base(), repository: "acme/odd", from: "1.0.0", to: "2.0.0" }),
    ).rejects.toThrow(/unexpected releases list/);
    await expect(
      githubReleases({ ...base(), repository: "not a repo", from: "1.0.0", to: "2.0.0" }),
    ).rejects.toMatchObject({ code: "USAGE" });
  });
});
