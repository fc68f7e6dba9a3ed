import { isAbsolute, join, resolve } from "node:path";
import type { AdvisoryProgress } from "../advisories/store/progress.js";
import type { Secrets } from "../config/secrets.js";
import type { GitContext } from "../git/git-runner.js";
import type { CleanupScope } from "../process/cleanup-scope.js";
import type { VerifyProgress } from "../verify-prod/types.js";

/**
 * Progress and notices of a running use case, one shape for every use case. The CLI draws them on
 * a terminal; the server stores them as a job's progress. Reported often: keep handlers cheap.
 */
export type AppEvent =
  /** A lockfile is about to be read (monorepos have hundreds). */
  | { kind: "lockfile"; path: string; index: number; total: number }
  /** Commits of a history walk read so far. */
  | { kind: "history"; done: number; total: number }
  /** An advisory import or update. */
  | { kind: "advisories"; progress: AdvisoryProgress }
  /** An install or smoke run of `verify-prod`. */
  | { kind: "verify-prod"; progress: VerifyProgress }
  /** Items of a longer piece of work done so far ("asking the registries", 12 of 40). */
  | { kind: "progress"; label: string; done: number; total: number }
  /** A step of `add` or `update` worth a line of its own ("resolving x with npm …"). */
  | { kind: "step"; message: string }
  /** Something the user should know that does not stop the work. */
  | { kind: "warning"; message: string };

/**
 * Everything a use case reads from its surroundings, passed in explicitly: core reads no
 * `process.cwd()`, `process.env` or home directory of its own, so a server can run many projects'
 * use cases side by side, each with its own context.
 */
export interface AppContext {
  /** Directory that relative paths given by the caller are resolved against. */
  cwd: string;
  /**
   * The environment tools, git and tests run with. Values that project configuration names (a
   * token variable) are read through `secrets`, never from here directly.
   */
  env: NodeJS.ProcessEnv;
  /**
   * The variables a project's configuration may name (tokens for registries and code hosts): the
   * operator decides which (CLI: any of the user's; server: none unless configured).
   */
  secrets: Secrets;
  /**
   * Where user-level state lives: the advisory database written by `lk db update`
   * (`<cacheDir>/advisories`) and cached registry answers (`<cacheDir>/registry`).
   */
  cacheDir: string;
  /** The user's home directory, for `~/.npmrc`; absent on a server, where only the project's counts. */
  homeDir?: string;
  /** Cancels the use case: child processes are stopped, requests aborted, temporary files removed. */
  signal: AbortSignal;
  /** Holds clean-up steps of work in progress for the process's owner (see `CleanupScope`). */
  cleanup: CleanupScope;
  onEvent(event: AppEvent): void;
  now(): Date;
  /** Lockkeeper's version, written into documents and reports. */
  toolVersion: string;
}

/** A path the caller gave, made absolute against the context's working directory. */
export function resolvePath(context: AppContext, path: string): string {
  return isAbsolute(path) ? path : resolve(context.cwd, path);
}

/** What git calls need of the context. */
export function gitContext(context: AppContext): GitContext {
  return { env: context.env, signal: context.signal };
}

/** The user's advisory database folder (`lk db update` writes it). */
export function userAdvisoryDbDir(context: AppContext): string {
  return join(context.cacheDir, "advisories");
}

/** The folder under which each registry's cached answers live (`npm-packuments/`, `pypi-index/`). */
export function registryCacheRoot(context: AppContext): string {
  return join(context.cacheDir, "registry");
}
