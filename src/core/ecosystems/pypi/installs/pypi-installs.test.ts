import { describe, expect, it } from "vitest";
import { planInstall } from "../../../verify-prod/plan-install.js";
import { pathWith, useScratchProjects } from "../../../verify-prod/test-support/fake-tools.js";
import { DEFAULT_VERIFY_PROD_SETTINGS } from "../../../verify-prod/types.js";

const project = useScratchProjects();

const settings = DEFAULT_VERIFY_PROD_SETTINGS;

describe("planInstall for Python projects", () => {
  it("finds Python production and development locks by convention", async () => {
    const root = project({
      "requirements/main.txt": "a==1\n",
      "requirements/dev.txt": "b==1\n",
      "requirements/tests.txt": "",
    });
    const plan = await planInstall(
      root,
      { ...settings, indexUrl: "http://127.0.0.1:1/simple/" },
      pathWith("python3"),
    );
    expect(plan).toMatchObject({
      ecosystem: "pypi",
      manager: "pip",
      lockfile: "requirements/main.txt",
      devLocks: ["requirements/dev.txt", "requirements/tests.txt"],
    });
    expect(plan.commands("full")[1]?.args.slice(-8)).toEqual([
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

  it("rejects a lock pip cannot install", async () => {
    const root = project({ "poetry.lock": "" });
    await expect(planInstall(root, settings, pathWith("npm", "python3"))).rejects.toThrow(
      expect.objectContaining({
        code: "USAGE",
        message: expect.stringMatching(/poetry\.lock cannot be installed by pip directly/),
      }),
    );
  });
});
