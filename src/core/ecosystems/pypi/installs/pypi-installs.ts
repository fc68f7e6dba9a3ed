import { existsSync } from "node:fs";
import { join } from "node:path";
import { LockkeeperError } from "../../../errors.js";
import type { InstallSettings, InstallSupport, ProjectInstall } from "../../install-support.js";
import { pipInstallCommands, VENV_DIR, venvBin } from "./pip-install-commands.js";
import { sitePackagesFootprint } from "./site-packages-footprint.js";

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

const LOCKFILES = "requirements lock";
const LOCKFILE_HINT = "pass the production requirements file with --prod-lock";

/**
 * Python projects install with pip into a fresh virtual environment, from requirements locks
 * (pip-tools layers, pinned requirements files); other locks must be exported to one first.
 */
export const pypiInstalls: InstallSupport = {
  projectKind: "Python",
  lockfiles: LOCKFILES,
  lockfileHint: LOCKFILE_HINT,
  present: (root, settings) => prodLock(root, settings) !== undefined || otherLock(root) !== undefined,
  plan(root, settings, findInstaller) {
    const lockfile = prodLock(root, settings);
    if (!lockfile) {
      const other = otherLock(root);
      if (other)
        throw new LockkeeperError("USAGE", `${other[0]} cannot be installed by pip directly`, {
          hint: `export the production requirements first (${other[1]}) or pass --prod-lock <file>`,
        });
      throw new LockkeeperError("NO_LOCKFILE", `no ${LOCKFILES} found`, { hint: LOCKFILE_HINT });
    }
    if (!existsSync(join(root, lockfile)))
      throw new LockkeeperError("NOT_FOUND", `no such file: ${lockfile}`);
    const devLocks =
      settings.devLocks.length > 0
        ? settings.devLocks
        : DEV_LOCKS.filter((file) => existsSync(join(root, file)));
    for (const file of devLocks)
      if (!existsSync(join(root, file))) throw new LockkeeperError("NOT_FOUND", `no such file: ${file}`);
    const python = findInstaller(
      settings.python,
      lockfile,
      `install ${settings.python}, or name the interpreter with --python`,
    );
    const locks = { lockfile, devLocks, ...(settings.indexUrl ? { indexUrl: settings.indexUrl } : {}) };
    // The development locks found stay visible on the plan: which ones the full install takes.
    const install: ProjectInstall & { devLocks: string[] } = {
      manager: "pip",
      lockfile,
      devLocks,
      commands: (mode) => pipInstallCommands(python, locks, mode),
      unattended: { PIP_NO_INPUT: "1" },
      environment(dir) {
        const venv = join(dir, VENV_DIR);
        return { bin: venvBin(venv), variables: { VIRTUAL_ENV: venv, PYTHONHOME: undefined } };
      },
      // A fresh venv already holds pip (and setuptools): measured after it is made, left out of the figures.
      footprint: (dir) => sitePackagesFootprint(join(dir, VENV_DIR)),
    };
    return install;
  },
};

/** The production lock the user named, or the first conventional one present. */
function prodLock(root: string, settings: InstallSettings): string | undefined {
  return settings.prodLock ?? PROD_LOCKS.find((file) => existsSync(join(root, file)));
}

/** A Python lock pip cannot install, with the command that exports it to requirements. */
function otherLock(root: string): [string, string] | undefined {
  return OTHER_PYTHON_LOCKS.find(([file]) => existsSync(join(root, file)));
}
