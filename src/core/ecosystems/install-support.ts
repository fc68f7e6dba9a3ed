/**
 * What users can tell an ecosystem's installs: `lk verify-prod`'s settings and flags, and for the
 * tests of `lk update` the pip-tools settings. Each ecosystem reads the fields that concern it.
 */
export interface InstallSettings {
  /** Python: the production requirements lock (default: requirements.txt, requirements/main.txt, …). */
  prodLock?: string;
  /** Python: development locks added for the full install (default: requirements-dev.txt, requirements/dev.txt, …). */
  devLocks: string[];
  /** Python: package index for pip (`--index-url`); default: pip's own configuration. */
  indexUrl?: string;
  /** Python interpreter that creates the virtual environments. */
  python: string;
}

/** A production-only install, or a full one with development dependencies. */
export type InstallMode = "prod" | "full";

/**
 * Finds an installer on the PATH and returns its full path; throws a LockkeeperError (NOT_FOUND)
 * saying which lockfile needs it, with `hint` on how to get it.
 */
export type FindInstaller = (program: string, lockfile: string, hint: string) => string;

/**
 * Installing an ecosystem's projects with its own package managers: production-only and full
 * installs in temporary copies (`lk verify-prod`), and the clean install an update branch's tests
 * run on (through the ecosystem's updater). Optional on an adapter: without it, `lk verify-prod`
 * does not install its projects.
 */
export interface InstallSupport {
  /** How messages name its projects ("this project has both npm and Python lockfiles"). */
  projectKind: string;
  /** The locks it looks for, for the message when a project has nothing any ecosystem installs. */
  lockfiles: string;
  /** How to name a lock it does not find by convention (Python: `--prod-lock`), for that message. */
  lockfileHint?: string;
  /** Whether a project folder holds locks of this ecosystem, installable or not. Never throws. */
  present(root: string, settings: InstallSettings): boolean;
  /**
   * How the project in `root` installs, with its installer found by `findInstaller`. Throws a
   * LockkeeperError (exit 2) when nothing there is installable by this ecosystem, naming the way out.
   */
  plan(root: string, settings: InstallSettings, findInstaller: FindInstaller): ProjectInstall;
}

/** One project's install with one package manager, from one lockfile. */
export interface ProjectInstall {
  /** The package manager (npm, pnpm, yarn, yarn-berry, pip), as reports name it. */
  manager: string;
  /** The lockfile the installs follow, relative to the project (pip: the production requirements lock). */
  lockfile: string;
  /** The commands of a production-only or full install, run in order in the project copy's folder. */
  commands(mode: InstallMode): InstallCommand[];
  /** Variables the installs run with so they never wait for input or print update notices. */
  unattended: Readonly<Record<string, string>>;
  /** What a command run inside the install in `dir` needs (the smoke command, an update's tests). */
  environment(dir: string): InstallEnvironment;
  /** What the install in `dir` holds, measured after the setup commands and again at the end. */
  footprint(dir: string): InstallFootprint;
}

/** One command of an install. */
export interface InstallCommand {
  /** A full path, or a path relative to the install's folder (the venv's own python). */
  program: string;
  args: string[];
  /** How reports name the program when not by its file name. */
  name?: string;
  /** It only prepares an empty install (a bare venv): what is there after it is not counted. */
  setup?: boolean;
}

/** The environment of a command run inside an install. */
export interface InstallEnvironment {
  /** The install's programs folder (absolute), put first on PATH. */
  bin: string;
  /** Variables to set, or to remove (undefined): VIRTUAL_ENV, PYTHONHOME. */
  variables?: Readonly<Record<string, string | undefined>>;
}

/** What an install holds on disk. */
export interface InstallFootprint {
  /** One key per installed package (its folder, its dist-info), to count those an install added. */
  packages: ReadonlySet<string>;
  bytes: number;
}
