import { readdirSync } from "node:fs";
import { join } from "node:path";
import type { DependencyChanges, DependencyUpdater, UpdaterInput } from "../../../updates/change-tools.js";
import { withInstallEnvironment } from "../../../verify-prod/install-environment.js";
import { installerOnPath } from "../../../verify-prod/installer-on-path.js";
import { DEFAULT_VERIFY_PROD_SETTINGS } from "../../../verify-prod/types.js";
import { pypiInstalls } from "../installs/pypi-installs.js";
import { pythonAddFlow } from "./add-flow.js";
import { movePinsInFiles } from "./pip-requirements/move-pin.js";
import { pipToolsCompiler } from "./pip-tools/compile-keeping-pins.js";
import { movePipToolsPins, pipToolsInputOf } from "./pip-tools/pip-tools-update.js";
import { detectPyprojectTool } from "./pyproject-tools/pyproject-add.js";

/**
 * Python projects change through pip-tools layers (compiled again with hashes), pinned requirements
 * files (pins moved in place), or Poetry and uv (their own `add`; their updates are held back).
 */
export const pythonChanges: DependencyChanges = {
  label: "Python",
  addNeeds: "pip-tools inputs (*.in), poetry.lock or uv.lock",
  namedInputs: true,
  addTool(projectDir, options) {
    const managed = detectPyprojectTool(projectDir);
    if (managed) return managed;
    return options.inFile !== undefined || hasPipToolsInputs(projectDir) ? "pip-tools" : undefined;
  },
  addFlow: pythonAddFlow,
  updater: pythonUpdater,
};

function pythonUpdater(input: UpdaterInput): DependencyUpdater | undefined {
  if (!input.inventory.snapshots.some((snapshot) => snapshot.lockfile.ecosystem === "pypi")) return undefined;
  const compiler = pipToolsCompiler(input);
  return {
    heldBackReason: (entry) =>
      // A pip-tools layer is compiled again; a hand-maintained file gets its `==` pin moved.
      /\.txt$/i.test(entry.lockfile)
        ? undefined
        : `lk update does not change ${entry.lockfile} yet (npm, pip-tools and requirements files only)`,
    async apply(updates, step) {
      const layered = updates.filter((update) => pipToolsInputOf(step.dir, update.lockfile) !== undefined);
      const plain = updates.filter((update) => !layered.includes(update));
      if (plain.length > 0) await movePinsInFiles(step.dir, plain, compiler.index);
      if (layered.length === 0) return [];
      step.onStep?.(`${step.branch}: compiling the pip-tools layers`);
      return movePipToolsPins(step.dir, layered, compiler);
    },
    testInstall(dir, env, changed) {
      if (!changed) return undefined;
      // A fresh virtual environment in the worktree from the requirements locks, first on PATH.
      const python = compiler.python ?? DEFAULT_VERIFY_PROD_SETTINGS.python;
      const settings = { devLocks: [], python, indexUrl: compiler.indexUrl };
      const install = pypiInstalls.plan(dir, settings, installerOnPath(env));
      return {
        commands: install.commands("full"),
        env: withInstallEnvironment(env, install.environment(dir)),
      };
    },
  };
}

/** `requirements*.in`, `*-requirements.in` at the top, or any `.in` in `requirements/` (not MANIFEST.in). */
function hasPipToolsInputs(projectDir: string): boolean {
  const names = (dir: string): string[] => {
    try {
      return readdirSync(dir);
    } catch {
      return []; // no such folder (or not a folder): no inputs there
    }
  };
  const top = names(projectDir).some((name) => /^requirements.*\.in$|[-_]requirements\.in$/i.test(name));
  return top || names(join(projectDir, "requirements")).some((name) => name.endsWith(".in"));
}
