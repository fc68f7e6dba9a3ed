import { describe, expect, it } from "vitest";
import { planInstall } from "./plan-install.js";
import { pathWith, useScratchProjects } from "./test-support/fake-tools.js";
import { DEFAULT_VERIFY_PROD_SETTINGS } from "./types.js";
import { verifyProd } from "./verify-prod.js";

const project = useScratchProjects();

const settings = DEFAULT_VERIFY_PROD_SETTINGS;

describe("planInstall", () => {
  it.each([
    [{ "package-lock.json": "{}", "requirements.txt": "" }, "USAGE", /both npm and Python/],
    [{ "README.md": "" }, "NO_LOCKFILE", /no package-lock\.json/],
  ])("rejects %j", async (files, code, message) => {
    const root = project(files);
    await expect(planInstall(root, settings, pathWith("npm", "python3"))).rejects.toThrow(
      expect.objectContaining({ code, message: expect.stringMatching(message) }),
    );
  });

  it("lets --ecosystem choose when both are present", async () => {
    const root = project({ "package-lock.json": "{}", "requirements.txt": "" });
    expect((await planInstall(root, { ...settings, ecosystem: "pypi" }, pathWith("python3"))).manager).toBe(
      "pip",
    );
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
