import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FIXTURES } from "../../../../../test-support/fixtures.js";
import { isLockkeeperError, type LockkeeperError } from "../../../../errors.js";
import { DiskFiles } from "../../../../files/project-files.js";
import { listen } from "../../../../verify-prod/test-support/npm-registry.js";
import { isolatedInstallEnv } from "../../../../verify-prod/test-support/test-env.js";
import { requirementsParser } from "../../lockfiles/requirements.js";
import { type CompileLayerOptions, compileLayer } from "./compile.js";
import { addRequirementLine, chooseInputFile } from "./input-files.js";
import { buildWheel, startWheelIndex, type WheelIndex } from "./test-support/wheel-index.js";

const WAREHOUSE = join(FIXTURES, "lockfiles/python/warehouse-pip-compile");
const run = promisify(execFile);

const RELEASES = [
  {
    name: "Tiny_App",
    version: "1.0",
    extras: ["fast"],
    // The false marker: tiny-old is installed (tiny-tool needs it), but not for tiny-app.
    requiresDist: ["tiny-lib>=1", 'tiny-old ; python_version < "3"', 'tiny-fast ; extra == "fast"'],
  },
  { name: "tiny-lib", version: "1.0" },
  { name: "tiny-lib", version: "2.0" },
  { name: "tiny-old", version: "0.1" },
  { name: "tiny-fast", version: "3.0" },
  { name: "tiny.tool", version: "1.0", requiresDist: ["tiny-old", "setuptools"] },
  { name: "setuptools", version: "70.0" },
  { name: "tiny-devtool", version: "1.0", requiresDist: ["tiny-lib"] },
  { name: "tiny-strict", version: "1.0", requiresDist: ["tiny-lib>=2"] },
];

let index: WheelIndex;
const { env, home } = isolatedInstallEnv();
const dirs: string[] = [home];

beforeAll(async () => {
  index = await startWheelIndex(RELEASES);
});
afterAll(async () => {
  await index.close();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** Warehouse's real layout (every .in and .txt) with tiny inputs our index can serve. */
function project(): string {
  const dir = mkdtempSync(join(tmpdir(), "lk-pip-compile-test-"));
  dirs.push(dir);
  cpSync(WAREHOUSE, dir, { recursive: true });
  writeFileSync(
    join(dir, "requirements/main.in"),
    "# production\ntiny-app[fast]\ntiny.tool  # brings tiny-old\n",
  );
  writeFileSync(join(dir, "requirements/dev.in"), "-c main.txt\ntiny-devtool\n");
  return dir;
}

function options(projectDir: string, layer: { inFile: string; outFile: string }): CompileLayerOptions {
  return {
    projectDir,
    ...layer,
    indexUrl: index.url,
    hashesFor: async (name, version) => index.hashesOf(name, version),
    env,
  };
}

/** Adds a requirement the way `lk add` does: choose the layer, edit its .in. */
function addTo(projectDir: string, requirement: string, dev: boolean): { inFile: string; outFile: string } {
  const layer = chooseInputFile(new DiskFiles(projectDir), { dev });
  const path = join(projectDir, layer.inFile);
  writeFileSync(path, addRequirementLine(readFileSync(path, "utf8"), requirement).text);
  return layer;
}

function hashLines(name: string, version: string, from: WheelIndex = index): string[] {
  const hashes = from.hashesOf(name, version);
  return hashes.map((hash, i) => `    --hash=sha256:${hash}${i < hashes.length - 1 ? " \\" : ""}`);
}

/** pip itself installs from the lock with hash checking on (a dry run: nothing is installed). */
async function pipAccepts(projectDir: string, lock: string, extraUrls: string[] = []): Promise<string> {
  const args = ["-m", "pip", "install", "--dry-run", "--ignore-installed", "--require-hashes", "--no-deps"];
  args.push("--disable-pip-version-check", "--index-url", index.url, "-r", lock);
  for (const url of extraUrls) args.push("--extra-index-url", url);
  const { stdout } = await run("python3", args, { cwd: projectDir, env });
  return stdout;
}

async function failure(promise: Promise<unknown>): Promise<LockkeeperError> {
  try {
    await promise;
  } catch (error: unknown) {
    if (isLockkeeperError(error)) return error;
    throw error;
  }
  throw new Error("expected a LockkeeperError");
}

describe("compileLayer with pip's resolver", () => {
  it("adds to warehouse's main.in and writes pip-compile's lock with every file's hash", async () => {
    const dir = project();
    const layer = addTo(dir, "tiny-lib<2", false);
    expect(layer).toMatchObject({ inFile: "requirements/main.in", outFile: "requirements/main.txt" });
    const compiled = await compileLayer(options(dir, layer));

    expect(compiled.compiler).toBe("pip");
    expect(compiled.pins).toEqual([
      { name: "setuptools", version: "70.0" },
      { name: "tiny-app", version: "1.0" },
      { name: "tiny-fast", version: "3.0" },
      { name: "tiny-lib", version: "1.0" },
      { name: "tiny-old", version: "0.1" },
      { name: "tiny-tool", version: "1.0" },
    ]);
    const text = readFileSync(compiled.outFile, "utf8");
    const python = (
      await run("python3", ["-c", "import sys; print('%d.%d' % sys.version_info[:2])"])
    ).stdout.trim();
    const pip = (await run("python3", ["-c", "import pip; print(pip.__version__)"])).stdout.trim();
    expect(text).toBe(
      [
        "#",
        `# This file is autogenerated by lockkeeper with pip's resolver (pip ${pip}, Python ${python}).`,
        "# To regenerate it, run:",
        "#",
        "#    pip-compile --allow-unsafe --generate-hashes --output-file=requirements/main.txt requirements/main.in",
        "#",
        "tiny-app[fast]==1.0 \\",
        ...hashLines("tiny-app", "1.0"),
        "    # via -r requirements/main.in",
        "tiny-fast==3.0 \\",
        ...hashLines("tiny-fast", "3.0"),
        "    # via tiny-app",
        "tiny-lib==1.0 \\",
        ...hashLines("tiny-lib", "1.0"),
        "    # via",
        "    #   -r requirements/main.in",
        "    #   tiny-app",
        "tiny-old==0.1 \\",
        ...hashLines("tiny-old", "0.1"),
        "    # via tiny-tool",
        "tiny-tool==1.0 \\",
        ...hashLines("tiny-tool", "1.0"),
        "    # via -r requirements/main.in",
        "",
        "# The following packages are considered to be unsafe in a requirements file:",
        "setuptools==70.0 \\",
        ...hashLines("setuptools", "70.0"),
        "    # via tiny-tool",
        "",
      ].join("\n"),
    );

    // Our own parser reads it back: versions, both files' hashes, and the graph from `# via`.
    const files = new DiskFiles(dir);
    const snapshot = requirementsParser.parse({ path: layer.outFile, content: text, files });
    expect(snapshot.coverage).toMatchObject({ skipped: [], warnings: [] });
    for (const pkg of snapshot.packages) {
      expect(pkg.hashes.map((hash) => hash.value).sort()).toEqual(
        index.hashesOf(pkg.name, pkg.version ?? ""),
      );
      expect(pkg.hashes).toHaveLength(2);
      expect(pkg.scope).toBe("prod");
    }
    const edges = snapshot.edges.map((edge) => `${edge.from} -> ${edge.to.replace(/^pypi:/, "")}`).sort();
    expect(edges).toEqual([
      "pypi:tiny-app@1.0 -> tiny-fast@3.0",
      "pypi:tiny-app@1.0 -> tiny-lib@1.0",
      "pypi:tiny-tool@1.0 -> setuptools@70.0",
      "pypi:tiny-tool@1.0 -> tiny-old@0.1",
      "root:. -> tiny-app@1.0",
      "root:. -> tiny-lib@1.0",
      "root:. -> tiny-tool@1.0",
    ]);

    // pip installs exactly this with hash checking on, and fetched only the wheels it uses: the
    // win32 wheels' hashes came from the index listing, not from a download.
    const installed = await pipAccepts(dir, layer.outFile);
    expect(installed).toContain(
      "Would install Tiny_App-1.0 setuptools-70.0 tiny-fast-3.0 tiny-lib-1.0 tiny-old-0.1 tiny.tool-1.0",
    );
    expect(index.requested.filter((path) => path.includes("win32"))).toEqual([]);
  });

  it("compiles the dev layer on the hashed prod lock (-c main.txt) and a direct wheel reference", async () => {
    const dir = project();
    await compileLayer(options(dir, addTo(dir, "tiny-lib<2", false)));
    const wheel = buildWheel({ name: "tiny-local", version: "0.5" });
    mkdirSync(join(dir, "wheels"));
    const wheelPath = join(dir, "wheels", wheel.filename);
    writeFileSync(wheelPath, wheel.bytes);
    const url = pathToFileURL(wheelPath).href;
    const layer = addTo(dir, `tiny-local @ ${url}`, true);
    expect(layer.inFile).toBe("requirements/dev.in");

    const compiled = await compileLayer(options(dir, layer));
    const text = readFileSync(compiled.outFile, "utf8");
    // tiny-lib 2.0 is on the index; main.txt's pin wins, and the annotation says so.
    expect(text).toContain(
      [
        "tiny-lib==1.0 \\",
        ...hashLines("tiny-lib", "1.0"),
        "    # via",
        "    #   -c requirements/main.txt",
        "    #   tiny-devtool",
      ].join("\n"),
    );
    const sha = createHash("sha256").update(wheel.bytes).digest("hex");
    expect(text).toContain(
      `tiny-local @ ${url} \\\n    --hash=sha256:${sha}\n    # via -r requirements/dev.in\n`,
    );

    const snapshot = requirementsParser.parse({
      path: layer.outFile,
      content: text,
      files: new DiskFiles(dir),
    });
    const versions = Object.fromEntries(snapshot.packages.map((pkg) => [pkg.name, [pkg.version, pkg.scope]]));
    // pip-tools layering: the pin main.txt shares is production, the dev tool is not.
    expect(versions).toEqual({
      "tiny-devtool": ["1.0", "dev"],
      "tiny-lib": ["1.0", "prod"],
      "tiny-local": ["0.5", "dev"],
    });
    await pipAccepts(dir, layer.outFile);
  });

  it("keeps the input line's marker on a requested pin, and resolves from extra indexes too", async () => {
    const extra = await startWheelIndex([{ name: "tiny-extra", version: "1.0" }]);
    try {
      const dir = project();
      addTo(dir, "tiny-extra", false);
      const layer = addTo(dir, 'tiny-lib<2 ; python_version >= "3"', false);
      const compiled = await compileLayer({
        ...options(dir, layer),
        extraIndexUrls: [extra.url],
        hashesFor: async (name, version) => [
          ...index.hashesOf(name, version),
          ...extra.hashesOf(name, version),
        ],
      });
      const text = readFileSync(compiled.outFile, "utf8");
      expect(text).toContain('tiny-lib==1.0 ; python_version >= "3" \\\n');
      expect(text).toContain(["tiny-extra==1.0 \\", ...hashLines("tiny-extra", "1.0", extra)].join("\n"));
      const snapshot = requirementsParser.parse({
        path: layer.outFile,
        content: text,
        files: new DiskFiles(dir),
      });
      expect(snapshot.packages.find((pkg) => pkg.name === "tiny-lib")?.markers).toBe('python_version >= "3"');
      await pipAccepts(dir, layer.outFile, [extra.url]);
    } finally {
      await extra.close();
    }
  });
});

describe("compileLayer errors", () => {
  it.each([
    ["a package the index does not have", "tiny-missing", "NOT_FOUND", /tiny-missing/],
    ["requirements that conflict", "tiny-strict", "USAGE", /tiny-strict 1\.0 depends on tiny-lib>=2/],
  ])(
    "%s: pip's own words, the user's file, the index without its password",
    async (_name, requirement, code, words) => {
      const dir = project();
      const layer = addTo(dir, requirement, false);
      writeFileSync(join(dir, layer.inFile), `${readFileSync(join(dir, layer.inFile), "utf8")}tiny-lib<2\n`);
      const before = readFileSync(join(dir, layer.outFile), "utf8");
      const secretUrl = index.url.replace("http://", "http://lk-user:s3cret@");
      const error = await failure(compileLayer({ ...options(dir, layer), indexUrl: secretUrl }));
      expect(error.code).toBe(code);
      expect(error.message).toMatch(words);
      expect(error.message).toContain("requirements/main.in");
      expect(error.message).toContain(index.url.replace("http://", "http://***:***@"));
      expect(error.message).not.toContain("s3cret");
      expect(error.message).not.toContain(tmpdir());
      expect(readFileSync(join(dir, layer.outFile), "utf8")).toBe(before);
    },
  );

  it("says the index could not be reached", async () => {
    const dir = project();
    const closed = createServer();
    const url = `${await listen(closed)}simple/`;
    await new Promise((resolve) => closed.close(resolve));
    const layer = { inFile: "requirements/main.in", outFile: "requirements/main.txt" };
    const error = await failure(
      compileLayer({ ...options(dir, layer), indexUrl: url, env: { ...env, PIP_RETRIES: "1" } }),
    );
    expect(error.code).toBe("NETWORK");
    expect(error.message).toContain(url);
    expect(error.hint).toMatch(/index URL/);
  });

  it("refuses a lock without hashes when the index lists no files", async () => {
    const dir = project();
    const error = await failure(
      compileLayer({ ...options(dir, addTo(dir, "tiny-lib", false)), hashesFor: async () => [] }),
    );
    expect(error.code).toBe("NOT_FOUND");
    expect(error.message).toMatch(/no files with sha256 digests for \S+==/);
  });

  it.each([
    [["pip-compile", "--generate-hashes"], "pip-compile"],
    [["uv", "pip", "compile", "--generate-hashes"], "uv"],
  ])("names a configured command that is not installed: %j", async (command, program) => {
    const dir = project();
    const emptyPath = mkdtempSync(join(tmpdir(), "lk-empty-path-"));
    dirs.push(emptyPath);
    const layer = { inFile: "requirements/main.in", outFile: "requirements/main.txt" };
    const error = await failure(
      compileLayer({ ...options(dir, layer), command, env: { ...env, PATH: emptyPath } }),
    );
    expect(error.code).toBe("NOT_FOUND");
    expect(error.message).toContain(`compile command ${program} is not on PATH`);
    expect(error.hint).toContain("pip's own resolver");
  });

  it("names a missing python", async () => {
    const dir = project();
    const layer = { inFile: "requirements/main.in", outFile: "requirements/main.txt" };
    const error = await failure(compileLayer({ ...options(dir, layer), python: "lk-no-such-python3" }));
    expect(error.code).toBe("NOT_FOUND");
    expect(error.message).toContain("lk-no-such-python3 is not on PATH");
  });
});
