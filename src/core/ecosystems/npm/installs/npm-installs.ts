import { existsSync } from "node:fs";
import { join } from "node:path";
import { LockkeeperError } from "../../../errors.js";
import { readRegularFile } from "../../../files/read-regular-file.js";
import type { InstallSupport } from "../../install-support.js";
import { nodeModulesFootprint } from "./node-modules-footprint.js";
import { type NpmManager, npmInstallCommand } from "./npm-install-commands.js";

const LOCKS: [string, NpmManager][] = [
  ["package-lock.json", "npm"],
  ["npm-shrinkwrap.json", "npm"],
  ["pnpm-lock.yaml", "pnpm"],
  ["yarn.lock", "yarn"],
];

/** How to get each manager when it is not on the PATH. */
const HINTS: Record<Exclude<NpmManager, "yarn-berry">, string> = {
  npm: "install npm (it comes with Node.js) and run again",
  pnpm: "install pnpm (npm install -g pnpm, or corepack enable) and run again",
  yarn: "install Yarn (npm install -g yarn, or corepack enable) and run again",
};

/** npm projects install with the manager their lockfile belongs to: npm, pnpm, Yarn classic or Yarn berry. */
export const npmInstalls: InstallSupport = {
  projectKind: "npm",
  lockfiles: "package-lock.json, yarn.lock, pnpm-lock.yaml",
  present: (root) => findLock(root) !== undefined,
  plan(root, _settings, findInstaller) {
    const found = findLock(root);
    if (!found)
      throw new LockkeeperError(
        "NO_LOCKFILE",
        "no package-lock.json, npm-shrinkwrap.json, pnpm-lock.yaml or yarn.lock",
        {
          hint: "a production install needs a lockfile: run your package manager's install once and commit the lockfile",
        },
      );
    const [lockfile, detected] = found;
    const manager = detected === "yarn" && isYarnBerry(join(root, lockfile)) ? "yarn-berry" : detected;
    const tool = manager === "yarn-berry" ? "yarn" : manager;
    const program = findInstaller(tool, lockfile, HINTS[tool]);
    return {
      manager,
      lockfile,
      commands: (mode) => [npmInstallCommand(manager, program, mode)],
      unattended: { npm_config_update_notifier: "false" },
      environment: (dir) => ({ bin: join(dir, "node_modules", ".bin") }),
      footprint: nodeModulesFootprint,
    };
  },
};

function findLock(root: string): [string, NpmManager] | undefined {
  return LOCKS.find(([file]) => existsSync(join(root, file)));
}

/** Yarn 2+ lockfiles start with a `__metadata:` block; classic ones do not. */
function isYarnBerry(path: string): boolean {
  return /^__metadata:/m.test(readRegularFile(path, path).slice(0, 2048));
}
