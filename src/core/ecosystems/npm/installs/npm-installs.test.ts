import { describe, expect, it } from "vitest";
import { planInstall } from "../../../verify-prod/plan-install.js";
import { pathWith, useScratchProjects } from "../../../verify-prod/test-support/fake-tools.js";
import { DEFAULT_VERIFY_PROD_SETTINGS } from "../../../verify-prod/types.js";

const project = useScratchProjects();

const settings = DEFAULT_VERIFY_PROD_SETTINGS;
const BERRY = "__metadata:\n  version: 8\n  cacheKey: 10c0\n";

describe("planInstall for npm projects", () => {
  it.each([
    ["package-lock.json", "{}", "npm", ["ci", "--omit=dev", "--no-audit", "--no-fund"]],
    ["npm-shrinkwrap.json", "{}", "npm", ["ci", "--omit=dev", "--no-audit", "--no-fund"]],
    ["pnpm-lock.yaml", "lockfileVersion: '9.0'\n", "pnpm", ["install", "--prod", "--frozen-lockfile"]],
    ["yarn.lock", "# yarn lockfile v1\n", "yarn", ["install", "--production", "--frozen-lockfile"]],
    ["yarn.lock", BERRY, "yarn-berry", ["workspaces", "focus", "--all", "--production"]],
  ])("%s → %s", async (lockfile, content, manager, prodArgs) => {
    const root = project({ "package.json": "{}", [lockfile]: content });
    const plan = await planInstall(root, settings, pathWith("npm", "pnpm", "yarn"));
    expect(plan).toMatchObject({ ecosystem: "npm", manager, lockfile });
    expect(plan.commands("prod")[0]?.args).toEqual(prodArgs);
  });

  it.each([
    [
      "pnpm-lock.yaml",
      "lockfileVersion: '9.0'\n",
      /^pnpm is not installed \(needed for pnpm-lock\.yaml\)/,
      /corepack/,
    ],
    ["yarn.lock", "# yarn lockfile v1\n", /^yarn is not installed \(needed for yarn\.lock\)/, /corepack/],
  ])("says clearly when %s's tool is missing", async (lockfile, content, message, hint) => {
    const root = project({ "package.json": "{}", [lockfile]: content });
    await expect(planInstall(root, settings, pathWith("npm"))).rejects.toThrow(
      expect.objectContaining({
        code: "NOT_FOUND",
        message: expect.stringMatching(message),
        hint: expect.stringMatching(hint),
      }),
    );
  });
});
