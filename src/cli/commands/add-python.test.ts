import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type PypiServer,
  startPypiServer,
} from "../../core/ecosystems/pypi/registry/test-support/pypi-server.js";
import { isolatedInstallEnv } from "../../core/verify-prod/test-support/test-env.js";
import { bufferIo } from "../io.js";
import { type AddOptions, addCommand } from "./add.js";

const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString();
const { env, home } = isolatedInstallEnv();
const FILES = [
  "requirements/main.in",
  "requirements/main.txt",
  "requirements/dev.in",
  "requirements/dev.txt",
];
let server: PypiServer;
let work: string;
/** The layered pip-tools project every test starts from (built with lk add itself). */
let template: string;

function publish(
  name: string,
  version: string,
  options: { requires?: string[]; days?: number; license?: string } = {},
) {
  server.publish({
    name,
    version,
    kind: "wheel",
    requires: options.requires ?? [],
    license: options.license ?? "MIT",
    uploadTime: daysAgo(options.days ?? 400),
  });
}

function copyOfTemplate(): string {
  const dir = mkdtempSync(join(work, "project-"));
  cpSync(template, dir, { recursive: true });
  return dir;
}

async function add(dir: string, spec: string, options: Partial<AddOptions> = {}, extraEnv = {}) {
  const io = bufferIo(dir);
  io.env = { ...env, ...extraEnv };
  const code = await addCommand(io, spec, { dir: ".", ...options });
  return { code, out: io.out, err: io.err };
}

const snapshot = (dir: string) => FILES.map((file) => readFileSync(join(dir, file), "utf8"));
const read = (dir: string, file: string) => readFileSync(join(dir, file), "utf8");
/** Every path in the project: lk add may change the layers' contents, never leave anything beside them. */
const paths = (dir: string) => readdirSync(dir, { recursive: true, encoding: "utf8" }).sort();

beforeAll(async () => {
  server = await startPypiServer();
  publish("tiny-base", "1.0");
  publish("tiny-devtool", "1.0", { requires: ["tiny-base"] });
  work = mkdtempSync(join(tmpdir(), "lk-add-python-"));
  template = join(work, "template");
  mkdirSync(join(template, "requirements"), { recursive: true });
  writeFileSync(
    join(template, "lockkeeper.yaml"),
    [
      "licenses:",
      "  deny: [GPL-3.0-only]",
      "registries:",
      `  pypiIndex: ${server.simpleUrl}/`,
      `  pypiJsonApi: ${server.jsonApiUrl}`,
      "  cacheMinutes: 0",
      `  cacheDir: ${join(work, "cache")}`,
      "",
    ].join("\n"),
  );
  writeFileSync(join(template, "requirements/main.in"), "");
  writeFileSync(join(template, "requirements/dev.in"), "-c main.txt\n");
  expect((await add(template, "tiny-base")).code).toBe(0);
  expect((await add(template, "tiny-devtool", { dev: true })).code).toBe(0);
  // Newer than the pins: pip alone would move tiny-base to 2.0 on any recompile.
  publish("tiny-base", "2.0");
  publish("tiny-helper", "1.0");
  publish("tiny-lib", "1.5", { requires: ["tiny-helper>=1"] });
  publish("tiny-fresh", "1.0", { days: 0.2 });
  publish("tiny-gpl", "1.0", { license: "GPL-3.0-only" });
  server.publish({
    name: "tiny-yanked",
    version: "1.0",
    kind: "wheel",
    license: "MIT",
    yanked: "broken build",
  });
  // trac 0.9 is affected by PYSEC-2005-1 (CVE-2005-4644) in the advisory snapshot shipped with Lockkeeper.
  publish("trac", "0.9");
}, 120_000);

afterAll(async () => {
  await server.close();
  rmSync(work, { recursive: true, force: true });
  rmSync(home, { recursive: true, force: true });
});

describe("lk add in a pip-tools project", () => {
  it("adds the line, pins it with hashes, keeps the other pins and prints the lockfile change", async () => {
    const dir = copyOfTemplate();
    const [, , devIn, devTxt] = snapshot(dir);
    const files = paths(dir);
    const { code, out, err } = await add(dir, "tiny-lib");
    expect(paths(dir)).toEqual(files);
    expect(code).toBe(0);
    expect(out).toContain("tiny-lib@1.5 (requirements/main.in, pip-tools)");
    expect(out).toContain("Checks: all passed");
    expect(out).toMatch(/added\s+tiny-lib\s+1\.5/);
    expect(out).toMatch(/added\s+tiny-helper\s+1\.0/);
    expect(out).not.toMatch(/tiny-base/);
    expect(read(dir, "requirements/main.in")).toBe("tiny-base\ntiny-lib\n");
    const lock = read(dir, "requirements/main.txt");
    const wheel = (await (await fetch(`${server.jsonApiUrl}/tiny-lib/json`)).json()) as {
      releases: Record<string, { digests: { sha256: string } }[]>;
    };
    expect(lock).toContain(
      `tiny-lib==1.5 \\\n    --hash=sha256:${wheel.releases["1.5"]?.[0]?.digests.sha256}\n    # via -r requirements/main.in\n`,
    );
    expect(lock).toContain("tiny-base==1.0 \\");
    expect(lock).not.toContain("kept-pins");
    expect(err).toContain(
      "lk: warning: requirements/dev.in builds on requirements/main.in: recompile requirements/dev.txt",
    );
    expect([read(dir, "requirements/dev.in"), read(dir, "requirements/dev.txt")]).toEqual([devIn, devTxt]);
  }, 60_000);

  it("--dev adds to the dev layer and leaves the production layer alone", async () => {
    const dir = copyOfTemplate();
    const [mainIn, mainTxt] = snapshot(dir);
    const { code, out, err } = await add(dir, "tiny-lib@>=1", { dev: true });
    expect(code).toBe(0);
    expect(out).toContain("tiny-lib@1.5 (requirements/dev.in, pip-tools)");
    expect(read(dir, "requirements/dev.in")).toBe("-c main.txt\ntiny-devtool\ntiny-lib>=1\n");
    expect(read(dir, "requirements/dev.txt")).toMatch(/tiny-lib==1\.5 \\\n/);
    expect([read(dir, "requirements/main.in"), read(dir, "requirements/main.txt")]).toEqual([
      mainIn,
      mainTxt,
    ]);
    expect(err).not.toContain("recompile");
  }, 60_000);

  it.each([
    ["tiny-fresh", "release-age", /tiny-fresh@1\.0: published 5 h ago, younger than the 3-day cool-down/],
    ["tiny-gpl", "licence", /tiny-gpl@1\.0: licence GPL-3\.0-only: GPL-3\.0-only is denied/],
    ["tiny-yanked==1.0", "deprecation", /tiny-yanked@1\.0: yanked: broken build/],
    ["trac@0.9", "vulnerability", /trac@0\.9: CVE-2005-4644/],
  ])(
    "refuses %s (%s) and changes nothing",
    async (spec, check, message) => {
      const dir = copyOfTemplate();
      const before = snapshot(dir);
      const files = paths(dir);
      const { code, out, err } = await add(dir, spec);
      expect(paths(dir)).toEqual(files);
      expect(code).toBe(1);
      expect(out).toMatch(new RegExp(`✖ ${check}`));
      expect(out).toMatch(message);
      expect(err).toContain("refused");
      expect(snapshot(dir)).toEqual(before);
    },
    60_000,
  );

  it("asks which ecosystem when the project has npm and Python dependencies", async () => {
    const dir = copyOfTemplate();
    writeFileSync(join(dir, "package.json"), '{ "name": "app", "version": "1.0.0" }\n');
    await expect(add(dir, "tiny-lib")).rejects.toThrow(/npm \(npm\) and Python \(pip-tools\) dependencies/);
    const { code, out } = await add(dir, "tiny-lib", { ecosystem: "pypi", dryRun: true });
    expect(code).toBe(0);
    expect(out).toMatch(/added\s+tiny-lib\s+1\.5/);
    expect(read(dir, "requirements/main.in")).toBe("tiny-base\n");
  }, 60_000);
});

describe("lk add in a poetry or uv project", () => {
  it.each([
    ["poetry", "poetry.lock", {}, "poetry add tiny-lib@^1.5 --lock"],
    ["poetry", "poetry.lock", { dev: true, exact: true }, "poetry add tiny-lib@==1.5 --group dev --lock"],
    ["uv", "uv.lock", {}, 'uv add "tiny-lib>=1.5" --no-sync'],
    ["uv", "uv.lock", { dev: true }, 'uv add "tiny-lib>=1.5" --dev --no-sync'],
  ])(
    "%s (%s, %j): vets the release, then names the missing tool and the command to run",
    async (tool, lockfile, options, command) => {
      const dir = mkdtempSync(join(work, `${tool}-`));
      cpSync(join(template, "lockkeeper.yaml"), join(dir, "lockkeeper.yaml"));
      writeFileSync(join(dir, "pyproject.toml"), '[project]\nname = "app"\nversion = "1.0"\n');
      writeFileSync(join(dir, lockfile), "version = 1\n");
      const emptyPath = mkdtempSync(join(work, "empty-path-"));
      const files = paths(dir);
      const dry = await add(dir, "tiny-lib", { ...options, dryRun: true }, { PATH: emptyPath });
      expect(dry.code).toBe(0);
      expect(dry.out).toContain(`tiny-lib@1.5 (`);
      expect(dry.out).toContain(`, ${tool})`);
      expect(dry.out).toContain(`worked out by ${tool} when the change is made: ${command}`);
      const error = await add(dir, "tiny-lib", options, { PATH: emptyPath }).catch((e: unknown) => e);
      expect(error).toMatchObject({
        code: "NOT_FOUND",
        message: `${tool} is not on PATH, and this project uses it (${lockfile})`,
        hint: `install ${tool}, or make the vetted change by hand: ${command}`,
      });
      expect(paths(dir)).toEqual(files);
    },
  );

  it.each([
    ["tiny-fresh", /✖ release-age\s+tiny-fresh@1\.0/],
    ["trac==0.9", /✖ vulnerability\s+trac@0\.9: CVE-2005-4644/],
  ])("refuses %s before the tool is needed", async (spec, problem) => {
    const dir = mkdtempSync(join(work, "poetry-"));
    cpSync(join(template, "lockkeeper.yaml"), join(dir, "lockkeeper.yaml"));
    writeFileSync(join(dir, "pyproject.toml"), '[tool.poetry]\nname = "app"\n');
    writeFileSync(join(dir, "poetry.lock"), "");
    const { code, out, err } = await add(dir, spec, {}, { PATH: mkdtempSync(join(work, "empty-path-")) });
    expect(code).toBe(1);
    expect(out).toMatch(problem);
    expect(err).toContain("refused");
  });
});
