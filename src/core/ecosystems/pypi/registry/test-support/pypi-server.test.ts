import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SIMPLE_JSON_TYPE } from "../simple-index.js";
import { type PublishedFile, type PypiServer, type SimpleForm, startPypiServer } from "./pypi-server.js";

// The brief's one allowed skip: a machine without pip cannot prove the server speaks pip's dialect.
const hasPip = spawnSync("python3", ["-m", "pip", "--version"], { encoding: "utf8" }).status === 0;

/**
 * Runs pip against the test index only: no config file, no cache, no other index. Asynchronous,
 * because the index answers from this same process.
 */
function pip(args: string[]): Promise<{ status: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(
      "python3",
      ["-m", "pip", ...args, "--no-cache-dir", "--disable-pip-version-check", "--no-input"],
      {
        env: { ...process.env, PIP_CONFIG_FILE: "/dev/null", PIP_EXTRA_INDEX_URL: "", PIP_FIND_LINKS: "" },
        timeout: 120_000,
      },
    );
    let output = "";
    child.stdout.on("data", (chunk) => {
      output += chunk;
    });
    child.stderr.on("data", (chunk) => {
      output += chunk;
    });
    child.on("close", (status) => resolve({ status, output }));
  });
}

describe.skipIf(!hasPip)("the test index with real pip", () => {
  let server: PypiServer;
  let wheel: PublishedFile;
  const dirs: string[] = [];
  const tempDir = () => {
    const dir = mkdtempSync(join(tmpdir(), "lk-pip-download-"));
    dirs.push(dir);
    return dir;
  };

  beforeAll(async () => {
    server = await startPypiServer();
    wheel = server.publish({ name: "Foo_Bar", version: "1.0", kind: "wheel", requires: ["idna>=2.5"] });
    server.publish({ name: "Foo_Bar", version: "1.0", kind: "sdist" });
    server.publish({ name: "Foo_Bar", version: "2.0", kind: "wheel", yanked: "broken import" });
    server.publish({ name: "Foo_Bar", version: "3.0", kind: "wheel", requiresPython: ">=4" });
    server.publish({ name: "Foo_Bar", version: "3.1rc1", kind: "wheel" });
  });
  afterAll(async () => {
    await server.close();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  const forms: (SimpleForm | undefined)[] = [undefined, "json", "html"];

  it.each(forms)("pip downloads a pinned wheel byte for byte (form: %s)", async (form) => {
    server.form = form;
    const out = tempDir();
    const run = await pip([
      "download",
      "--no-deps",
      "--index-url",
      `${server.simpleUrl}/`,
      "foo-bar==1.0",
      "-d",
      out,
    ]);
    expect(run.output).toContain("Saved");
    expect(run.status).toBe(0);
    expect(readdirSync(out)).toEqual(["Foo_Bar-1.0-py3-none-any.whl"]);
    expect(new Uint8Array(readFileSync(join(out, wheel.filename)))).toEqual(wheel.bytes);
  });

  it.each(forms)("pip skips the yanked, too-new-Python and pre-releases (form: %s)", async (form) => {
    server.form = form;
    const out = tempDir();
    const run = await pip([
      "download",
      "--no-deps",
      "--index-url",
      `${server.simpleUrl}/`,
      "foo-bar",
      "-d",
      out,
    ]);
    expect(run.status, run.output).toBe(0);
    expect(readdirSync(out)).toEqual(["Foo_Bar-1.0-py3-none-any.whl"]);
  });

  it("pip builds and installs the sdist (real .tar.gz; PKG-INFO; in-tree backend, isolated)", async () => {
    server.form = undefined;
    server.takeRequests();
    const target = tempDir();
    const run = await pip([
      "install",
      "--no-deps",
      "--no-binary",
      ":all:",
      "--index-url",
      `${server.simpleUrl}/`,
      "foo-bar==1.0",
      "--target",
      target,
    ]);
    expect(run.status, run.output).toBe(0);
    expect(server.takeRequests("/files/").map((request) => request.path)).toEqual([
      "/files/Foo_Bar-1.0.tar.gz",
    ]);
    expect(readFileSync(join(target, "foo_bar", "__init__.py"), "utf8")).toBe('__version__ = "1.0"\n');
    expect(readdirSync(target)).toContain("Foo_Bar-1.0.dist-info");
  });

  it("pip reads the wheel's Requires-Dist (it asks the index for the dependency)", async () => {
    server.takeRequests();
    const run = await pip([
      "download",
      "--index-url",
      `${server.simpleUrl}/`,
      "foo-bar==1.0",
      "-d",
      tempDir(),
    ]);
    expect(run.status).not.toBe(0);
    expect(run.output).toMatch(/No matching distribution found for idna>=2\.5/);
    expect(server.takeRequests("/simple/idna/").length).toBeGreaterThan(0);
  });
});

describe("the test index's HTTP behaviour", () => {
  let server: PypiServer;
  beforeAll(async () => {
    server = await startPypiServer();
    server.publish({ name: "Foo_Bar", version: "1.0", kind: "wheel" });
  });
  afterAll(() => server.close());

  it.each([
    ["application/vnd.pypi.simple.v1+json, text/html;q=0.1", 200, SIMPLE_JSON_TYPE],
    ["application/vnd.pypi.simple.latest+json", 200, SIMPLE_JSON_TYPE],
    ["application/vnd.pypi.simple.v1+json;q=0.5, text/html", 200, "text/html; charset=utf-8"],
    ["application/vnd.pypi.simple.v1+html", 200, "application/vnd.pypi.simple.v1+html"],
    ["*/*", 200, "text/html; charset=utf-8"],
    ["application/xml", 406, null],
  ])("negotiates the page form for Accept: %s", async (accept, status, contentType) => {
    const response = await fetch(`${server.simpleUrl}/foo-bar/`, { headers: { accept } });
    expect([response.status, response.headers.get("content-type")]).toEqual([status, contentType]);
  });

  it.each([
    ["/simple/Foo_Bar/", "/simple/foo-bar/"],
    ["/simple/foo-bar", "/simple/foo-bar/"],
  ])("redirects %s to %s like PyPI", async (path, location) => {
    const response = await fetch(`${server.url}${path}`, { redirect: "manual" });
    expect([response.status, response.headers.get("location")]).toEqual([301, location]);
  });

  it("fails a path the set number of times, then answers it", async () => {
    server.failNext("/pypi/foo-bar/json", 503, 2);
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) statuses.push((await fetch(`${server.jsonApiUrl}/foo-bar/json`)).status);
    expect(statuses).toEqual([503, 503, 200]);
    expect(server.takeRequests("/pypi/").length).toBe(3);
  });
});
