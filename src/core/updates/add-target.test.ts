import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { type AddTargetOptions, chooseAddTarget } from "./add-target.js";

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function project(files: string[]): string {
  const dir = mkdtempSync(join(tmpdir(), "lk-add-target-"));
  dirs.push(dir);
  for (const file of files) {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    writeFileSync(join(dir, file), file === "yarn.lock" ? "# yarn lockfile v1\n" : "");
  }
  return dir;
}

describe("chooseAddTarget", () => {
  it.each<[string, string[], AddTargetOptions, object]>([
    ["npm", ["package.json", "package-lock.json"], {}, { ecosystem: "npm", tool: "npm" }],
    ["yarn", ["package.json", "yarn.lock"], {}, { ecosystem: "npm", tool: "yarn" }],
    [
      "pip-tools layers",
      ["requirements/main.in", "requirements/main.txt"],
      {},
      { ecosystem: "pypi", tool: "pip-tools" },
    ],
    [
      "requirements.in at the top",
      ["requirements.in", "MANIFEST.in"],
      {},
      { ecosystem: "pypi", tool: "pip-tools" },
    ],
    ["poetry", ["pyproject.toml", "poetry.lock"], {}, { ecosystem: "pypi", tool: "poetry" }],
    ["uv", ["pyproject.toml", "uv.lock"], {}, { ecosystem: "pypi", tool: "uv" }],
    [
      "an .in named by --in-file",
      ["deps/app.in"],
      { inFile: "deps/app.in" },
      { ecosystem: "pypi", tool: "pip-tools" },
    ],
    [
      "npm and Python, npm chosen",
      ["package.json", "requirements.in"],
      { ecosystem: "npm" },
      { ecosystem: "npm", tool: "npm" },
    ],
    [
      "npm and Python, pypi chosen",
      ["package.json", "pyproject.toml", "uv.lock"],
      { ecosystem: "pypi" },
      { ecosystem: "pypi", tool: "uv" },
    ],
  ])("%s", async (_name, files, options, target) => {
    expect(await chooseAddTarget(project(files), options)).toMatchObject(target);
  });

  it.each<[string, string[], AddTargetOptions, RegExp]>([
    [
      "both kinds without --ecosystem",
      ["package.json", "requirements/main.in"],
      {},
      /npm \(npm\) and Python \(pip-tools\) dependencies/,
    ],
    [
      "both Python lockfiles",
      ["pyproject.toml", "poetry.lock", "uv.lock"],
      {},
      /both poetry\.lock and uv\.lock/,
    ],
    [
      "nothing to add to (MANIFEST.in is not a pip-tools input)",
      ["MANIFEST.in", "setup.py"],
      {},
      /no package\.json, pip-tools inputs/,
    ],
    [
      "a missing ecosystem",
      ["package.json"],
      { ecosystem: "pypi" },
      /no pip-tools inputs \(\*\.in\), poetry\.lock or uv\.lock/,
    ],
    [
      "--in-file with npm",
      ["package.json"],
      { ecosystem: "npm", inFile: "x.in" },
      /--in-file names a pip-tools input/,
    ],
  ])("refuses %s", async (_name, files, options, message) => {
    await expect(chooseAddTarget(project(files), options)).rejects.toThrow(message);
  });
});
