import { chmodSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { installCommands } from "../ecosystems/npm/installs/npm-install-commands.js";
import { planInstall } from "../ecosystems/pypi/installs/pypi-installs.js";
import { writeProject } from "../imports/test-support/write-project.js";
import { DEFAULT_VERIFY_PROD_SETTINGS } from "./types.js";
import { verifyProd } from "./verify-prod.js";

const roots: string[] = [];
afterAll(() => {
  for (const root of roots) rmSync(root, { recursive: true, force: true });
});

function project(files: Record<string, string>): string {
  const root = writeProject(files, "lk-plan-");
  roots.push(root);
  return root;
}

/** A PATH holding only fake executables of these names (so the test does not depend on the machine). */
function pathWith(...tools: string[]): NodeJS.ProcessEnv {
  const bin = mkdtempSync(join(tmpdir(), "lk-bin-"));
  roots.push(bin);
  for (const tool of tools) {
    writeFileSync(join(bin, tool), "#!/bin/sh\nexit 0\n");
    chmodSync(join(bin, tool), 0o755);
  }
  return { PATH: bin };
}

const settings = DEFAULT_VERIFY_PROD_SETTINGS;
const BERRY = "__metadata:\n  version: 8\n  cacheKey: 10c0\n";

describe("planInstall", () => {
  it.each([
    ["package-lock.json", "{}", "npm", ["ci", "--omit=dev", "--no-audit", "--no-fund"]],
    ["npm-shrinkwrap.json", "{}", "npm", ["ci", "--omit=dev", "--no-audit", "--no-fund"]],
    ["pnpm-lock.yaml", "lockfileVersion: '9.0'\n", "pnpm", ["install", "--prod", "--frozen-lockfile"]],
    ["yarn.lock", "# yarn lockfile v1\n", "yarn", ["install", "--production", "--frozen-lockfile"]],
    ["yarn.lock", BERRY, "yarn-berry", ["workspaces", "focus", "--all", "--production"]],
  ])("%s → %s", (lockfile, content, manager, prodArgs) => {
    const root = project({ "package.json": "{}", [lockfile]: content });
    const plan = planInstall(root, settings, pathWith("npm", "pnpm", "yarn"));
    expect(plan).toMatchObject({ ecosystem: "npm", manager, lockfile });
    expect(installCommands(plan, "prod")[0]?.args).toEqual(prodArgs);
  });

  it.each([
    [
      "pnpm-lock.yaml",
      "lockfileVersion: '9.0'\n",
      /^pnpm is not installed \(needed for pnpm-lock\.yaml\)/,
      /corepack/,
    ],
    ["yarn.lock", "# yarn lockfile v1\n", /^yarn is not installed \(needed for yarn\.lock\)/, /corepack/],
  ])("says clearly when %s's tool is missing", (lockfile, content, message, hint) => {
    const root = project({ "package.json": "{}", [lockfile]: content });
    expect(() => planInstall(root, settings, pathWith("npm"))).toThrow(
      expect.objectContaining({
        code: "NOT_FOUND",
        message: expect.stringMatching(message),
        hint: expect.stringMatching(hint),
      }),
    );
  });

  it("finds Python production and development locks by convention", () => {
    const root = project({
      "requirements/main.txt": "a==1\n",
      "requirements/dev.txt": "b==1\n",
      "requirements/tests.txt": "",
    });
    const plan = planInstall(root, settings, pathWith("python3"));
    expect(plan).toMatchObject({
      ecosystem: "pypi",
      manager: "pip",
      lockfile: "requirements/main.txt",
      devLocks: ["requirements/dev.txt", "requirements/tests.txt"],
    });
    expect(installCommands(plan, "full", "http://127.0.0.1:1/simple/")[1]?.args.slice(-8)).toEqual([
      "--index-url",
      "http://127.0.0.1:1/simple/",
      "-r",
      "requirements/main.txt",
      "-r",
      "requirements/dev.txt",
      "-r",
      "requirements/tests.txt",
    ]);
  });

  it.each([
    [{ "package-lock.json": "{}", "requirements.txt": "" }, "USAGE", /both npm and Python/],
    [{ "poetry.lock": "" }, "USAGE", /poetry\.lock cannot be installed by pip directly/],
    [{ "README.md": "" }, "NO_LOCKFILE", /no package-lock\.json/],
  ])("rejects %j", (files, code, message) => {
    const root = project(files);
    expect(() => planInstall(root, settings, pathWith("npm", "python3"))).toThrow(
      expect.objectContaining({ code, message: expect.stringMatching(message) }),
    );
  });

  it("lets --ecosystem choose when both are present", () => {
    const root = project({ "package-lock.json": "{}", "requirements.txt": "" });
    expect(planInstall(root, { ...settings, ecosystem: "pypi" }, pathWith("python3")).manager).toBe("pip");
  });
});

describe("verifyProd input errors", () => {
  it("requires a smoke command", async () => {
    const root = project({ "package-lock.json": "{}" });
    await expect(verifyProd({ root, target: ".", settings, env: pathWith("npm") })).rejects.toMatchObject({
      code: "USAGE",
      message: "a smoke command is required",
    });
  });
});
