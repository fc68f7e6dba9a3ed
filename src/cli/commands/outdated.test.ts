import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type SeedPackage,
  startVerdaccio,
  type Verdaccio,
} from "../../core/ecosystems/npm/registry/test-support/verdaccio.js";
import { validateDocument } from "../../test-support/json-schemas.js";
import { bufferIo } from "../io.js";
import { outdatedCommand } from "./outdated.js";

const run = promisify(execFile);

const files = { "index.js": "module.exports = 1;\n" };
const versions = (...list: string[]) => list.map((version) => ({ version, files }));
const TEN_DAYS_AGO = new Date(Date.now() - 10 * 86_400_000 - 3_600_000).toISOString();

/** What the project installs first. */
const INSTALLED: SeedPackage[] = [
  { name: "lk-caret", versions: versions("1.0.0") },
  { name: "lk-tilde", versions: versions("2.0.0") },
  { name: "lk-exact", versions: versions("3.0.0") },
  { name: "lk-deprecated-latest", versions: versions("1.0.0") },
  { name: "lk-current", versions: versions("1.0.0", "1.0.1") },
  { name: "lk-next-tag", versions: versions("1.0.0") },
  { name: "@corp/util", versions: versions("1.0.0") },
  { name: "lk-engines", versions: versions("1.0.0") },
  // A pre-release installed on purpose while `latest` stays on the older release line.
  { name: "lk-ahead", versions: versions("1.0.0", "2.0.0-beta.1"), distTags: { latest: "1.0.0" } },
];

/** Published after the install: what makes the project outdated. */
const PUBLISHED_LATER: SeedPackage[] = [
  {
    name: "lk-caret",
    versions: [...versions("1.1.0", "1.2.0"), { version: "2.0.0", files, publishedAt: TEN_DAYS_AGO }],
  },
  { name: "lk-tilde", versions: versions("2.0.1", "2.1.0") },
  { name: "lk-exact", versions: versions("3.0.1") },
  {
    name: "lk-deprecated-latest",
    versions: [
      { version: "1.0.1", files },
      { version: "1.1.0", files, deprecated: "1.1.0 corrupts data" },
    ],
  },
  {
    name: "lk-next-tag",
    versions: versions("2.0.0-beta.1"),
    distTags: { latest: "1.0.0", next: "2.0.0-beta.1" },
  },
  { name: "@corp/util", versions: versions("1.0.5") },
  {
    name: "lk-engines",
    versions: [
      { version: "1.5.0", files },
      { version: "2.0.0", files, manifest: { engines: { node: ">=99" } } },
    ],
  },
];

describe("lk outdated agrees with npm outdated against the same registry", () => {
  let registry: Verdaccio;
  let project: string;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    registry = await startVerdaccio(INSTALLED);
    project = mkdtempSync(join(tmpdir(), "lk-outdated-"));
    const userconfig = join(project, "empty-user-npmrc");
    writeFileSync(userconfig, "");
    env = {
      ...process.env,
      npm_config_userconfig: userconfig,
      npm_config_cache: join(project, ".npm-cache"),
      XDG_CACHE_HOME: join(project, ".cache"),
    };
    writeFileSync(join(project, ".npmrc"), `registry=${registry.url}\n`);
    writeFileSync(
      join(project, "package.json"),
      JSON.stringify({
        name: "app",
        version: "1.0.0",
        dependencies: {
          "lk-caret": "^1.0.0",
          "lk-tilde": "~2.0.0",
          "lk-exact": "3.0.0",
          "lk-current": "^1.0.0",
          "lk-next-tag": "^1.0.0",
          "@corp/util": "^1.0.0",
          "lk-engines": "^1.0.0",
          "lk-ahead": "2.0.0-beta.1",
        },
        devDependencies: { "lk-deprecated-latest": "^1.0.0" },
      }),
    );
    await run("npm", ["install", "--no-audit", "--no-fund", "--ignore-scripts"], { cwd: project, env });
    registry.seed(PUBLISHED_LATER);
  }, 60_000);

  afterAll(async () => {
    await registry.close();
    rmSync(project, { recursive: true, force: true });
  });

  it("lists the same packages with the same current, wanted and latest versions", async () => {
    const npm = await run("npm", ["outdated", "--json"], { cwd: project, env }).catch(
      // npm outdated exits 1 when something is outdated; its JSON is on stdout either way.
      (error: { stdout: string }) => ({ stdout: error.stdout }),
    );
    const expected = JSON.parse(npm.stdout) as Record<
      string,
      { current: string; wanted: string; latest: string }
    >;
    const io = bufferIo(project);
    io.env = env;
    expect(await outdatedCommand(io, ".", { format: "json" })).toBe(0);
    const ours = JSON.parse(io.out) as {
      entries: { name: string; installed: string; wanted: string; latest: string; jump?: string }[];
    };
    expect(validateDocument("outdated", ours).messages).toEqual([]);
    const actual = Object.fromEntries(
      ours.entries.map((e) => [e.name, { current: e.installed, wanted: e.wanted, latest: e.latest }]),
    );
    const npmView = Object.fromEntries(
      Object.entries(expected).map(([name, e]) => [
        name,
        { current: e.current, wanted: e.wanted, latest: e.latest },
      ]),
    );
    expect(actual).toEqual(npmView);
    // The cases are all there, so the agreement covers each of npm's rules.
    expect(npmView).toEqual({
      "lk-caret": { current: "1.0.0", wanted: "1.2.0", latest: "2.0.0" },
      "lk-tilde": { current: "2.0.0", wanted: "2.0.1", latest: "2.1.0" },
      "lk-exact": { current: "3.0.0", wanted: "3.0.0", latest: "3.0.1" },
      "lk-deprecated-latest": { current: "1.0.0", wanted: "1.0.1", latest: "1.0.1" },
      "@corp/util": { current: "1.0.0", wanted: "1.0.5", latest: "1.0.5" },
      "lk-engines": { current: "1.0.0", wanted: "1.5.0", latest: "1.5.0" },
      "lk-ahead": { current: "2.0.0-beta.1", wanted: "2.0.0-beta.1", latest: "1.0.0" },
    });
    expect(ours.entries.find((e) => e.name === "lk-caret")?.jump).toBe("major");
    expect(ours.entries.find((e) => e.name === "lk-ahead")?.jump).toBe("ahead");
  });

  it("renders a table and markdown with the summary, and --fail-on exits 1", async () => {
    const io = bufferIo(project);
    io.env = env;
    expect(await outdatedCommand(io, ".", { format: "table", failOn: "major" })).toBe(1);
    expect(io.out).toMatch(/lk-caret\s+1\.0\.0\s+\^1\.0\.0\s+1\.2\.0\s+2\.0\.0\s+major\s+10 d\s+prod/);
    expect(io.out).toContain("6 outdated (1 major, 2 minor, 3 patch), 1 ahead of latest");
    expect(io.out).toMatch(/lk-ahead .* installed is newer than latest 1\.0\.0 \(a pre-release/);
    expect(io.out).toContain("\n1 at or above --fail-on major: FAILED\n");
    const markdown = bufferIo(project);
    markdown.env = env;
    expect(await outdatedCommand(markdown, ".", { format: "markdown", failOn: "patch" })).toBe(1);
    expect(markdown.out).toContain("| lk-tilde | 2.0.0 | ~2.0.0 | 2.0.1 | 2.1.0 | minor |");
  });

  it("shows its registry progress on a terminal's stderr only, never on stdout", async () => {
    const tty = Object.assign(bufferIo(project), { env, isTTY: true });
    await outdatedCommand(tty, ".", { format: "json" });
    expect(tty.err).toContain("asking the registries: 9/9");
    expect(tty.out).not.toContain("asking");
    const piped = Object.assign(bufferIo(project), { env });
    await outdatedCommand(piped, ".", { format: "json" });
    expect(piped.err).toBe("");
  });

  it("names the registry when it cannot be reached, and still lists what it could", async () => {
    const offline = mkdtempSync(join(tmpdir(), "lk-outdated-offline-"));
    try {
      writeFileSync(join(offline, ".npmrc"), "registry=http://127.0.0.1:9/\n");
      writeFileSync(
        join(offline, "package.json"),
        JSON.stringify({ name: "x", version: "1.0.0", dependencies: { a: "^1.0.0", b: "^1.0.0" } }),
      );
      writeFileSync(
        join(offline, "package-lock.json"),
        JSON.stringify({
          name: "x",
          lockfileVersion: 3,
          packages: {
            "": { dependencies: { a: "^1.0.0", b: "^1.0.0" } },
            "node_modules/a": { version: "1.0.0", resolved: "http://127.0.0.1:9/a/-/a-1.0.0.tgz" },
            "node_modules/b": { version: "1.0.0", resolved: "http://127.0.0.1:9/b/-/b-1.0.0.tgz" },
          },
        }),
      );
      const io = bufferIo(offline);
      io.env = { ...env, XDG_CACHE_HOME: join(offline, ".cache") };
      expect(await outdatedCommand(io, ".", { format: "table" })).toBe(0);
      expect(io.err).toContain("http://127.0.0.1:9/");
      expect(io.out.match(/the registry could not be reached/g)).toHaveLength(2);
      // One warning for the outage, not one per package, and what it means: nothing was compared.
      expect(io.err.match(/cannot be reached/g)).toHaveLength(1);
      expect(io.err).toContain(
        "lk: warning: nothing was compared: the registries answered for none of the 2 packages\n",
      );
      // A gate that compared nothing has not passed: exit 2, "could not check".
      const gate = bufferIo(offline);
      gate.env = io.env;
      expect(await outdatedCommand(gate, ".", { format: "json", failOn: "major" })).toBe(2);
      expect(gate.err).toContain(
        "lk: error: nothing was compared (the registries answered for none of the 2 packages): --fail-on major cannot pass\n",
      );
      expect(validateDocument("outdated", JSON.parse(gate.out)).messages).toEqual([]);
      expect(JSON.parse(gate.out)).toMatchObject({
        failOn: "major",
        failing: 0,
        notChecked: "the registries answered for none of the 2 packages",
        summary: { unresolved: 2 },
      });
    } finally {
      rmSync(offline, { recursive: true, force: true });
    }
  }, 60_000);
});

describe("lk outdated resolves aliases, overrides and a stale lock as npm does", () => {
  it("wants what npm outdated --all wants, and says the lock is out of date", async () => {
    const registry = await startVerdaccio([
      { name: "lk-aliased", versions: versions("1.0.0") },
      { name: "lk-overridden", versions: versions("1.0.0", "2.0.0") },
      {
        name: "lk-parent",
        versions: [{ version: "1.0.0", files, manifest: { dependencies: { "lk-overridden": "^1.0.0" } } }],
      },
      { name: "lk-edited", versions: versions("1.0.0") },
    ]);
    const project = mkdtempSync(join(tmpdir(), "lk-outdated-npm-"));
    try {
      const userconfig = join(project, "empty-user-npmrc");
      writeFileSync(userconfig, "");
      const env = {
        ...process.env,
        npm_config_userconfig: userconfig,
        npm_config_cache: join(project, ".npm-cache"),
        XDG_CACHE_HOME: join(project, ".cache"),
      };
      writeFileSync(join(project, ".npmrc"), `registry=${registry.url}\n`);
      const manifest = {
        name: "app",
        version: "1.0.0",
        dependencies: { "lk-alias": "npm:lk-aliased@^1.0.0", "lk-parent": "^1.0.0", "lk-edited": "^1.0.0" },
        // lk-parent declares ^1.0.0; npm installs 2.0.0 and keeps ^1.0.0 in the lockfile.
        overrides: { "lk-overridden": "2.0.0" },
      };
      writeFileSync(join(project, "package.json"), JSON.stringify(manifest));
      await run("npm", ["install", "--no-audit", "--no-fund", "--ignore-scripts"], { cwd: project, env });
      // Edited after the install, without `npm install`: the lockfile's root still says ^1.0.0.
      manifest.dependencies["lk-edited"] = "~1.0.0";
      writeFileSync(join(project, "package.json"), JSON.stringify(manifest));
      registry.seed([
        { name: "lk-aliased", versions: versions("1.1.0") },
        { name: "lk-overridden", versions: versions("2.1.0", "3.0.0") },
        { name: "lk-edited", versions: versions("1.0.1", "1.1.0") },
      ]);

      const npm = await run("npm", ["outdated", "--all", "--json"], { cwd: project, env }).catch(
        (error: { stdout: string }) => ({ stdout: error.stdout }),
      );
      const expected = JSON.parse(npm.stdout) as Record<string, { current: string; wanted: string }>;
      const npmView = Object.fromEntries(
        // npm names an alias `alias:real@spec`; Lockkeeper lists the real package.
        Object.entries(expected).map(([key, e]) => [
          key.replace(/^.*:(.*)@.*$/, "$1"),
          [e.current, e.wanted],
        ]),
      );
      expect(npmView).toEqual({
        "lk-aliased": ["1.0.0", "1.1.0"],
        "lk-overridden": ["2.0.0", "2.0.0"],
        "lk-edited": ["1.0.0", "1.0.1"],
      });

      const io = bufferIo(project);
      io.env = env;
      expect(await outdatedCommand(io, ".", { format: "json", all: true })).toBe(0);
      const ours = JSON.parse(io.out) as {
        summary: { unresolved: number };
        entries: { name: string; installed: string; wanted?: string; range?: string }[];
        warnings: string[];
      };
      expect(Object.fromEntries(ours.entries.map((e) => [e.name, [e.installed, e.wanted]]))).toEqual(npmView);
      expect(ours.summary.unresolved).toBe(0);
      expect(ours.entries.find((e) => e.name === "lk-overridden")?.range).toBe("2.0.0");
      expect(ours.warnings).toEqual([
        "package-lock.json: out of date with package.json (npm install updates it): lk-edited is ~1.0.0 there, ^1.0.0 in the lock",
      ]);
      expect(io.err).toContain("lk: warning: package-lock.json: out of date with package.json");
    } finally {
      await registry.close();
      rmSync(project, { recursive: true, force: true });
    }
  }, 60_000);
});
