import { existsSync, statSync } from "node:fs";
import { dirname } from "node:path";
import { globMatcher } from "../config/glob.js";
import { loadConfig } from "../config/load-config.js";
import type { LockkeeperConfig } from "../config/schema.js";
import { isLockkeeperError } from "../errors.js";
import { loadInventory } from "../inventory/load-inventory.js";
import type { Inventory } from "../model/types.js";
import { throwIfCancelled } from "../process/cancellation.js";
import { type AppContext, resolvePath } from "./context.js";

/** A project's configuration: found from a target (a directory, or the directory of a file). */
export interface ProjectConfig {
  /** The target directory, or the directory of a target file (where config and ignores are found). */
  projectDir: string;
  config: LockkeeperConfig;
  /** The config file read; absent when the defaults apply. */
  configFile?: string;
}

export interface Project extends ProjectConfig {
  inventory: Inventory;
}

/** Where the config is looked for: an explicit file (`--config`), else found from the target. */
export interface ProjectOptions {
  configFile?: string;
}

/** The config for a target, without reading its lockfiles. */
export function projectConfig(
  context: AppContext,
  target: string,
  options: ProjectOptions = {},
): ProjectConfig {
  const absolute = resolvePath(context, target);
  const projectDir = existsSync(absolute) && !statSync(absolute).isDirectory() ? dirname(absolute) : absolute;
  const { config, file } = loadConfig(
    projectDir,
    options.configFile ? resolvePath(context, options.configFile) : undefined,
  );
  return { projectDir, config, ...(file ? { configFile: file } : {}) };
}

/**
 * What most use cases start with: the config found from the target, then the inventory of the
 * target (every lockfile below a directory, or one lockfile or SBOM), with an event per lockfile.
 */
export function openProject(context: AppContext, target: string, options: ProjectOptions = {}): Project {
  const found = projectConfig(context, target, options);
  return { ...found, inventory: readInventory(context, target, found.config) };
}

/**
 * The inventory of a target, with the config's exclusions; an event before each lockfile.
 * `onFileRead` is told of every file read, with its text.
 */
export function readInventory(
  context: AppContext,
  target: string,
  config: LockkeeperConfig,
  onFileRead?: (absolutePath: string, text: string) => void,
): Inventory {
  return loadInventory(target, {
    cwd: context.cwd,
    exclude: globMatcher(config.inventory.exclude),
    limits: config.limits,
    ...(onFileRead ? { onFileRead } : {}),
    onLockfile: (path, index, total) => {
      throwIfCancelled(context.signal, "reading the lockfiles");
      context.onEvent({ kind: "lockfile", path, index, total });
    },
  });
}

/** `readInventory`, with a directory that holds no lockfile read as an empty inventory. */
export function readInventoryOrEmpty(
  context: AppContext,
  target: string,
  config: LockkeeperConfig,
): Inventory {
  try {
    return readInventory(context, target, config);
  } catch (error: unknown) {
    if (isLockkeeperError(error) && error.code === "NO_LOCKFILE") return { target, snapshots: [] };
    throw error;
  }
}

/** `{ configFile }` when one was given, for `openProject`. */
export function withConfigFile(configFile: string | undefined): { configFile?: string } {
  return configFile ? { configFile } : {};
}
