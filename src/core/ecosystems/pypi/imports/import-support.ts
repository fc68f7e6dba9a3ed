import { existsSync } from "node:fs";
import { join } from "node:path";
import { dirnameRelative } from "../../../files/project-files.js";
import type { ImportSupport } from "../../import-support.js";
import { readInstalledModules, sitePackagesOf } from "./installed-python-modules.js";
import { LocalPythonModules } from "./local-modules.js";
import { readPyprojectDeclarations } from "./pyproject-declarations.js";
import { scanPythonImports } from "./python-import-scanner.js";
import { distributionsForModule, isPythonStdlib, topLevelModule } from "./python-module-names.js";

/**
 * Python source against pyproject.toml and the Python lockfiles (requirements layers, Poetry, uv,
 * Pipfile.lock), with import names mapped to distributions through installed metadata.
 */
export const pypiImports: ImportSupport = {
  sourceExtensions: { py: "python" },
  // Every Python import form contains the word; most modules skip the lexer entirely.
  scan: (text) => (text.includes("import") ? scanPythonImports(text) : []),
  skippedFolders: ["__pycache__", "site-packages"],
  // Virtualenvs can have any name; `pyvenv.cfg` marks them.
  isEnvironment: (dir) => existsSync(join(dir, "pyvenv.cfg")),
  manifestNames: ["pyproject.toml"],
  readManifest: readPyprojectDeclarations,
  // Every root of a Python lock (uv workspace members too) declares for the folder the lock serves;
  // the project's own name comes from its pyproject.toml.
  scopeOfRoot: (lockDir) => ({ dir: pythonProjectDir(lockDir) }),
  resolver({ root, environments, settings }) {
    const installed = readInstalledModules(environments.flatMap((venv) => sitePackagesOf(join(root, venv))));
    for (const [module, distribution] of Object.entries(settings.pythonModules))
      installed.set(module, [distribution]);
    const local = new LocalPythonModules(root);
    return {
      importedName: (found) =>
        isPythonStdlib(found.specifier) ? undefined : topLevelModule(found.specifier),
      providers: (found, _name, where) =>
        local.isLocal(found.specifier, where.fileDir, where.scopeDir)
          ? undefined
          : distributionsForModule(found.specifier, found.names, installed).candidates,
    };
  },
};

/** Python locks often live in `requirements/`; the code they serve is the folder above. */
function pythonProjectDir(lockDir: string): string {
  const base = lockDir.slice(lockDir.lastIndexOf("/") + 1);
  return /^req(uirement)?s?$/i.test(base) && lockDir !== "." ? dirnameRelative(lockDir) : lockDir;
}
