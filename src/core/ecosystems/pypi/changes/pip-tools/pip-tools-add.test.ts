import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compilePolicy, DEFAULT_LICENSE_POLICY } from "../../../../licenses/policy.js";
import { isolatedInstallEnv } from "../../../../verify-prod/test-support/test-env.js";
import { PypiIndexClient } from "../../registry/pypi-index-client.js";
import { type PypiServer, startPypiServer } from "../../registry/test-support/pypi-server.js";
import { compileLayer } from "./compile.js";
import { applyPipToolsAdd, type PipToolsAddContext, planPipToolsAdd } from "./pip-tools-add.js";

const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString();
const { env, home } = isolatedInstallEnv();
const dirs: string[] = [home];
let server: PypiServer;
let template: string;

function publish(
  name: string,
  version: string,
  requires: string[] = [],
  { uploadedDaysAgo = 400, license = "MIT" } = {},
): void {
  server.publish({ name, version, kind: "wheel", requires, license, uploadTime: daysAgo(uploadedDaysAgo) });
}

function context(projectDir: string): PipToolsAddContext {
  return {
    projectDir,
    // A new client each time: the index gains releases during the tests.
    index: new PypiIndexClient({ indexUrl: server.simpleUrl, jsonApiUrl: server.jsonApiUrl }),
    indexUrl: `${server.simpleUrl}/`,
    vet: {
      minimumReleaseAgeDays: 3,
      allowInstallScripts: [],
      // The JSON API gives the licence of the newest release only: older ones are unknown.
      policy: compilePolicy({ ...DEFAULT_LICENSE_POLICY, unknown: "allow", deny: ["GPL-3.0-only"] }),
      now: new Date(),
    },
    env,
  };
}

/** A copy of the layered project: main.in/main.txt, dev.in (`-c main.txt`)/dev.txt, docs.in (`-r main.in`). */
function project(): string {
  const dir = mkdtempSync(join(tmpdir(), "lk-pip-add-"));
  dirs.push(dir);
  mkdirSync(join(dir, "requirements"));
  for (const name of ["main", "dev", "docs"]) {
    for (const ext of ["in", "txt"]) {
      const file = `requirements/${name}.${ext}`;
      writeFileSync(join(dir, file), readFileSync(join(template, file)));
    }
  }
  return dir;
}

const read = (dir: string, file: string) => readFileSync(join(dir, file), "utf8");

beforeAll(async () => {
  server = await startPypiServer();
  publish("tiny-base", "1.0");
  publish("tiny-devtool", "1.0", ["tiny-base"]);
  template = mkdtempSync(join(tmpdir(), "lk-pip-add-template-"));
  dirs.push(template);
  mkdirSync(join(template, "requirements"));
  writeFileSync(join(template, "requirements/main.in"), "tiny-base\n");
  writeFileSync(join(template, "requirements/dev.in"), "-c main.txt\ntiny-devtool\n");
  writeFileSync(join(template, "requirements/docs.in"), "-r main.in\n");
  for (const name of ["main", "dev", "docs"]) {
    await compileLayer({
      projectDir: template,
      inFile: `requirements/${name}.in`,
      outFile: `requirements/${name}.txt`,
      indexUrl: `${server.simpleUrl}/`,
      hashesFor: async (pkg, version) =>
        (await context(template).index.fileHashes(pkg, version)).map((file) => file.sha256 ?? ""),
      env,
    });
  }
  // Published after the locks were compiled: pip alone would now take 2.0 for `tiny-base`.
  publish("tiny-base", "2.0");
  publish("tiny-helper", "1.0");
  publish("tiny-lib", "1.0", ["tiny-helper>=1"]);
  publish("tiny-lib", "1.5", ["tiny-helper>=1"]);
  publish("tiny-needs-new", "1.0", ["tiny-base>=2"]);
  publish("tiny-fresh", "1.0", [], { uploadedDaysAgo: 0.2 });
  publish("tiny-gpl", "1.0", [], { license: "GPL-3.0-only" });
  server.publish({ name: "tiny-yanked", version: "1.0", kind: "wheel", yanked: "broken build" });
}, 120_000);

afterAll(async () => {
  await server.close();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe("planPipToolsAdd / applyPipToolsAdd", () => {
  it("adds to main.in, pins with hashes, keeps every other pin, and names the layers to recompile", async () => {
    const dir = project();
    const before = { dev: read(dir, "requirements/dev.txt"), docs: read(dir, "requirements/docs.txt") };
    const plan = await planPipToolsAdd({ spec: "tiny-lib<1.5", dev: false, exact: false }, context(dir));
    expect(plan).toMatchObject({ name: "tiny-lib", version: "1.0", line: "tiny-lib<1.5", warnings: [] });
    expect(plan.layer.inFile).toBe("requirements/main.in");
    expect(plan.problems).toEqual([]);
    // Planning touched nothing.
    expect(read(dir, "requirements/main.in")).toBe("tiny-base\n");

    const result = await applyPipToolsAdd(plan, context(dir));
    expect(read(dir, "requirements/main.in")).toBe("tiny-base\ntiny-lib<1.5\n");
    const lock = read(dir, "requirements/main.txt");
    const hashOf = async (name: string, version: string) =>
      (await context(dir).index.fileHashes(name, version))[0]?.sha256;
    expect(lock).toContain(
      `tiny-lib==1.0 \\\n    --hash=sha256:${await hashOf("tiny-lib", "1.0")}\n    # via -r requirements/main.in\n`,
    );
    expect(lock).toContain(
      `tiny-helper==1.0 \\\n    --hash=sha256:${await hashOf("tiny-helper", "1.0")}\n    # via tiny-lib\n`,
    );
    // tiny-base 2.0 is on the index, but the pin stays; the scratch constraints leave no trace.
    expect(lock).toContain("tiny-base==1.0 \\");
    expect(lock).toContain("    # via -r requirements/main.in\n");
    expect(lock).not.toContain("kept-pins");
    expect(lock).not.toContain("-c ");
    const changes = result.summary.lockfiles.flatMap((file) =>
      file.changes.map((change) => `${file.lockfile} ${change.kind} ${change.name} ${change.to?.version}`),
    );
    expect(changes.sort()).toEqual([
      "requirements/main.txt added tiny-helper 1.0",
      "requirements/main.txt added tiny-lib 1.0",
    ]);
    // Only the two files pip-tools writes changed; the layers built on main are named to recompile.
    expect(read(dir, "requirements/dev.txt")).toBe(before.dev);
    expect(read(dir, "requirements/docs.txt")).toBe(before.docs);
    expect(result.warnings).toEqual([
      "requirements/dev.in builds on requirements/main.in: recompile requirements/dev.txt (pip-compile --allow-unsafe --generate-hashes --output-file=requirements/dev.txt requirements/dev.in)",
      "requirements/docs.in builds on requirements/main.in: recompile requirements/docs.txt (pip-compile --allow-unsafe --generate-hashes --output-file=requirements/docs.txt requirements/docs.in)",
    ]);
  }, 120_000);

  it("--dev adds to the dev layer; --exact pins what pip would choose", async () => {
    const dir = project();
    const plan = await planPipToolsAdd({ spec: "tiny-lib", dev: true, exact: true }, context(dir));
    expect(plan).toMatchObject({ version: "1.5", line: "tiny-lib==1.5" });
    expect(plan.layer).toMatchObject({ inFile: "requirements/dev.in", dependents: [] });
    const result = await applyPipToolsAdd(plan, context(dir));
    expect(read(dir, "requirements/dev.in")).toBe("-c main.txt\ntiny-devtool\ntiny-lib==1.5\n");
    const lock = read(dir, "requirements/dev.txt");
    // The prod pin main.txt shares is kept, and still says where it comes from.
    expect(lock).toContain("tiny-base==1.0 \\");
    expect(lock).toMatch(/# via\n {4}# {3}-c requirements\/main\.txt\n {4}# {3}tiny-devtool\n/);
    expect(lock).not.toContain("kept-pins");
    expect(result.warnings).toEqual([]);
    const scopes = result.summary.lockfiles[0]?.changes.map((change) => [change.name, change.to?.scope]);
    expect(scopes).toEqual([
      ["tiny-helper", "dev"],
      ["tiny-lib", "dev"],
    ]);
  }, 120_000);

  it("moves other pins only when the new requirement needs it, and says so", async () => {
    const dir = project();
    const plan = await planPipToolsAdd({ spec: "tiny-needs-new", dev: false, exact: false }, context(dir));
    expect(plan.warnings).toEqual([
      "tiny-needs-new does not fit the current pins of requirements/main.txt: the layer was resolved afresh, so other pins moved too (see the change below)",
    ]);
    const moved = plan.summary.lockfiles[0]?.changes.map((change) => `${change.kind} ${change.name}`);
    expect(moved).toEqual(["upgraded tiny-base", "added tiny-needs-new"]);
  }, 120_000);

  it.each([
    ["tiny-fresh", "release-age", "published 5 h ago, younger than the 3-day cool-down"],
    ["tiny-gpl", "licence", "licence GPL-3.0-only: GPL-3.0-only is denied"],
    ["tiny-yanked==1.0", "deprecation", "yanked: broken build"],
  ])(
    "vets what the lock gains: %s fails %s",
    async (spec, check, message) => {
      const dir = project();
      const plan = await planPipToolsAdd({ spec, dev: false, exact: false }, context(dir));
      expect(plan.problems).toEqual([{ check, level: "fail", package: `${plan.name}@1.0`, message }]);
    },
    120_000,
  );

  it.each([
    ["git+https://example.com/x.git", /not a Python package name/],
    ["tiny-lib @ https://example.com/tiny_lib-1.0-py3-none-any.whl", /a direct reference cannot be vetted/],
    ["tiny-lib@>=banana", /not a PEP 440 version specifier|not a Python package name/],
    ["tiny-missing", /tiny-missing is not on the index/],
    ["tiny-lib@>=9", /no release of tiny-lib .* satisfies ">=9" \(the newest is 1\.5\)/],
  ])("refuses %s before resolving anything", async (spec, message) => {
    const dir = project();
    await expect(planPipToolsAdd({ spec, dev: false, exact: false }, context(dir))).rejects.toThrow(message);
  });
});
