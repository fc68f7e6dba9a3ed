import { join } from "node:path";
import type { InstallCommand, InstallMode } from "../../install-support.js";

/** Where Python installs put their virtual environment, inside each copy of the project. */
export const VENV_DIR = ".venv";

/** The executables folder of a virtual environment. */
export function venvBin(venv: string): string {
  return join(venv, process.platform === "win32" ? "Scripts" : "bin");
}

/** Which locks an install follows, and where pip takes them from. */
export interface PipLocks {
  /** The production requirements lock. */
  lockfile: string;
  /** Development locks, added for the full install. */
  devLocks: readonly string[];
  /** pip's `--index-url`; absent: pip's own configuration. */
  indexUrl?: string;
}

/**
 * A fresh virtual environment made by `python` (its full path), then pip installing what the locks
 * pin into it, and nothing else (`--no-deps`: a lock lists every dependency already).
 */
export function pipInstallCommands(python: string, locks: PipLocks, mode: InstallMode): InstallCommand[] {
  const venvPython = join(venvBin(VENV_DIR), process.platform === "win32" ? "python.exe" : "python");
  const files = mode === "prod" ? [locks.lockfile] : [locks.lockfile, ...locks.devLocks];
  return [
    { program: python, args: ["-m", "venv", VENV_DIR], setup: true },
    {
      program: venvPython,
      name: "python",
      args: [
        "-m",
        "pip",
        "install",
        "--no-deps",
        "--disable-pip-version-check",
        "--no-input",
        ...(locks.indexUrl ? ["--index-url", locks.indexUrl] : []),
        ...files.flatMap((lock) => ["-r", lock]),
      ],
    },
  ];
}
