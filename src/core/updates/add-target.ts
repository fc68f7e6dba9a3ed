import { readdirSync } from "node:fs";
import { join } from "node:path";
import { LockkeeperError } from "../errors.js";
import { detectNpmTool, type NpmTool } from "./npm/npm-tools.js";
import { detectPyprojectTool, type PyprojectTool } from "./pyproject-tools/pyproject-add.js";

/** Where `lk add` adds a dependency, and with which tool. */
export type AddTarget =
  | { ecosystem: "npm"; tool: NpmTool }
  | { ecosystem: "pypi"; tool: "pip-tools" | PyprojectTool };

export interface AddTargetOptions {
  /** `--ecosystem`: required when the project has both. */
  ecosystem?: "npm" | "pypi";
  /** `--in-file`: a pip-tools input named by the user. */
  inFile?: string;
}

/**
 * The project's npm tool (from its lockfile), or its Python tool: poetry or uv (their lockfile
 * beside pyproject.toml), else pip-tools (`.in` inputs, or `--in-file`). A project with both
 * needs `--ecosystem`; one with neither is NO_LOCKFILE.
 */
export function chooseAddTarget(projectDir: string, options: AddTargetOptions = {}): AddTarget {
  if (options.inFile !== undefined && options.ecosystem === "npm") {
    throw new LockkeeperError(
      "USAGE",
      "--in-file names a pip-tools input: it does not go with --ecosystem npm",
    );
  }
  const npm = detectNpmTool(projectDir);
  const python = pythonTool(projectDir, options.inFile !== undefined);
  const found: AddTarget[] = [];
  if (npm && options.ecosystem !== "pypi") found.push({ ecosystem: "npm", tool: npm });
  if (python && options.ecosystem !== "npm") found.push({ ecosystem: "pypi", tool: python });
  if (found.length === 2) {
    throw new LockkeeperError(
      "USAGE",
      `this project has npm (${npm}) and Python (${python}) dependencies: lk add cannot tell which the package is for`,
      { hint: "say it with --ecosystem npm or --ecosystem pypi" },
    );
  }
  const [target] = found;
  if (target) return target;
  const wanted =
    options.ecosystem === "npm"
      ? "no package.json"
      : options.ecosystem === "pypi"
        ? "no pip-tools inputs (*.in), poetry.lock or uv.lock"
        : "no package.json, pip-tools inputs (*.in), poetry.lock or uv.lock";
  throw new LockkeeperError("NO_LOCKFILE", `${wanted} in ${projectDir}`, {
    hint: "run lk add in the project's directory (or pass --dir)",
  });
}

type PythonTool = Extract<AddTarget, { ecosystem: "pypi" }>["tool"];

function pythonTool(projectDir: string, namedInput: boolean): PythonTool | undefined {
  const managed = detectPyprojectTool(projectDir);
  if (managed) return managed;
  return namedInput || hasPipToolsInputs(projectDir) ? "pip-tools" : undefined;
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
