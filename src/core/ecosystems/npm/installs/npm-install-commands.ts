import { join } from "node:path";
import type { CommandLine } from "../../../verify-prod/types.js";
import type { InstallPlan } from "../../pypi/installs/pypi-installs.js";

/** Where the Python installs put their virtual environment, inside each copy of the project. */
export const VENV_DIR = ".venv";

/** The executables folder of a virtual environment. */
export function venvBin(venv: string): string {
  return join(venv, process.platform === "win32" ? "Scripts" : "bin");
}

/**
 * The commands of a production-only or a full install, run in the copy's folder. The full install
 * names development dependencies explicitly so a `NODE_ENV=production` in the environment cannot
 * turn it into a second production install.
 */
export function installCommands(plan: InstallPlan, mode: "prod" | "full", indexUrl?: string): CommandLine[] {
  const program = plan.program;
  const prod = mode === "prod";
  switch (plan.manager) {
    case "npm":
      return [{ program, args: ["ci", prod ? "--omit=dev" : "--include=dev", "--no-audit", "--no-fund"] }];
    case "pnpm":
      return [{ program, args: ["install", prod ? "--prod" : "--prod=false", "--frozen-lockfile"] }];
    case "yarn":
      return [
        { program, args: ["install", prod ? "--production" : "--production=false", "--frozen-lockfile"] },
      ];
    case "yarn-berry":
      return [
        {
          program,
          args: prod ? ["workspaces", "focus", "--all", "--production"] : ["install", "--immutable"],
        },
      ];
    case "pip": {
      const python = join(venvBin(VENV_DIR), process.platform === "win32" ? "python.exe" : "python");
      const locks = prod ? [plan.lockfile] : [plan.lockfile, ...plan.devLocks];
      return [
        { program, args: ["-m", "venv", VENV_DIR] },
        {
          program: python,
          args: [
            "-m",
            "pip",
            "install",
            "--no-deps",
            "--disable-pip-version-check",
            "--no-input",
            ...(indexUrl ? ["--index-url", indexUrl] : []),
            ...locks.flatMap((lock) => ["-r", lock]),
          ],
        },
      ];
    }
  }
}

/** A command as a person would type it (for the report). */
export function displayCommand(command: CommandLine, programName: string): string {
  return [programName, ...command.args]
    .map((part) => (/[\s"']/.test(part) ? JSON.stringify(part) : part))
    .join(" ");
}
