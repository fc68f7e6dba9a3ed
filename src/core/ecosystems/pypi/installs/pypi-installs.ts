import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { LockkeeperError } from "../../../errors.js";
import type { Ecosystem } from "../../../model/types.js";
import { findExecutable } from "../../../verify-prod/find-executable.js";
import type { PackageManager, VerifyProdSettings } from "../../../verify-prod/types.js";

/** How a project installs: its ecosystem, package manager and lockfiles. */
export interface InstallPlan {
  ecosystem: Ecosystem;
  manager: PackageManager;
  /** Relative to the project. For pip, the production requirements lock. */
  lockfile: string;
  /** pip: development locks added for the full install. */
  devLocks: string[];
  /** The program that installs (npm, pnpm, yarn, or the Python interpreter), as found on PATH. */
  program: string;
}

const NPM_LOCKS: [string, PackageManager][] = [
  ["package-lock.json", "npm"],
  ["npm-shrinkwrap.json", "npm"],
  ["pnpm-lock.yaml", "pnpm"],
  ["yarn.lock", "yarn"],
];

/** Conventional production requirement locks, in order of preference. */
const PROD_LOCKS = [
  "requirements.txt",
  "requirements/main.txt",
  "requirements/prod.txt",
  "requirements/production.txt",
  "requirements/base.txt",
  "requirements-prod.txt",
];
const DEV_LOCKS = [
  "requirements-dev.txt",
  "dev-requirements.txt",
  "requirements-test.txt",
  "test-requirements.txt",
  "requirements/dev.txt",
  "requirements/test.txt",
  "requirements/tests.txt",
  "requirements/development.txt",
];
const OTHER_PYTHON_LOCKS: [string, string][] = [
  ["poetry.lock", "poetry export --only main -o requirements.txt"],
  ["uv.lock", "uv export --frozen --no-dev --no-hashes -o requirements.txt"],
  ["Pipfile.lock", "pipenv requirements > requirements.txt"],
];

/**
 * Decides how to install a project and checks that the tool is there. Throws a clear
 * LockkeeperError (exit 2) when there is nothing to install, when both ecosystems are present
 * and none was chosen, or when the package manager is not installed.
 */
export function planInstall(root: string, settings: VerifyProdSettings, env: NodeJS.ProcessEnv): InstallPlan {
  const npm = NPM_LOCKS.find(([file]) => existsSync(join(root, file)));
  const pythonLock = settings.prodLock ?? PROD_LOCKS.find((file) => existsSync(join(root, file)));
  const otherPython = OTHER_PYTHON_LOCKS.find(([file]) => existsSync(join(root, file)));
  let ecosystem = settings.ecosystem;
  if (!ecosystem) {
    if (npm && (pythonLock || otherPython))
      throw new LockkeeperError("USAGE", "this project has both npm and Python lockfiles", {
        hint: "choose one with --ecosystem npm or --ecosystem pypi",
      });
    ecosystem = npm ? "npm" : "pypi";
  }
  if (ecosystem === "npm") {
    if (!npm)
      throw new LockkeeperError(
        "NO_LOCKFILE",
        "no package-lock.json, npm-shrinkwrap.json, pnpm-lock.yaml or yarn.lock",
        {
          hint: "a production install needs a lockfile: run your package manager's install once and commit the lockfile",
        },
      );
    const [lockfile, detected] = npm;
    const manager = detected === "yarn" && isYarnBerry(join(root, lockfile)) ? "yarn-berry" : detected;
    const tool = manager === "yarn-berry" ? "yarn" : manager;
    return { ecosystem, manager, lockfile, devLocks: [], program: requireTool(tool, lockfile, env) };
  }
  if (!pythonLock) {
    if (otherPython)
      throw new LockkeeperError("USAGE", `${otherPython[0]} cannot be installed by pip directly`, {
        hint: `export the production requirements first (${otherPython[1]}) or pass --prod-lock <file>`,
      });
    throw new LockkeeperError(
      "NO_LOCKFILE",
      "no package-lock.json, yarn.lock, pnpm-lock.yaml or requirements lock found",
      {
        hint: "pass the production requirements file with --prod-lock",
      },
    );
  }
  if (!existsSync(join(root, pythonLock)))
    throw new LockkeeperError("NOT_FOUND", `no such file: ${pythonLock}`);
  const devLocks =
    settings.devLocks.length > 0
      ? settings.devLocks
      : DEV_LOCKS.filter((file) => existsSync(join(root, file)));
  for (const file of devLocks)
    if (!existsSync(join(root, file))) throw new LockkeeperError("NOT_FOUND", `no such file: ${file}`);
  return {
    ecosystem,
    manager: "pip",
    lockfile: pythonLock,
    devLocks,
    program: requireTool(settings.python, pythonLock, env),
  };
}

/** Yarn 2+ lockfiles start with a `__metadata:` block; classic ones do not. */
function isYarnBerry(path: string): boolean {
  return /^__metadata:/m.test(readFileSync(path, "utf8").slice(0, 2048));
}

function requireTool(tool: string, lockfile: string, env: NodeJS.ProcessEnv): string {
  const found = findExecutable(tool, env);
  if (found) return found;
  const hints: Record<string, string> = {
    pnpm: "install pnpm (npm install -g pnpm, or corepack enable) and run again",
    yarn: "install Yarn (npm install -g yarn, or corepack enable) and run again",
  };
  throw new LockkeeperError(
    "NOT_FOUND",
    `${tool} is not installed (needed for ${lockfile}): not found on PATH`,
    {
      hint: hints[tool] ?? `install ${tool}, or name the interpreter with --python`,
    },
  );
}
