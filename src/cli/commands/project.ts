import { existsSync, statSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { globMatcher } from "../../core/config/glob.js";
import { loadConfig } from "../../core/config/load-config.js";
import type { LockkeeperConfig } from "../../core/config/schema.js";
import { loadInventory } from "../../core/inventory/load-inventory.js";
import type { Inventory } from "../../core/model/types.js";
import type { CliIo } from "../io.js";

export interface Project {
  /** The target directory, or the directory of a target file (where config and ignores are found). */
  projectDir: string;
  config: LockkeeperConfig;
  configFile?: string;
  inventory: Inventory;
}

/**
 * What most commands start with: the config found from the target (a directory, or the directory
 * of a file), then the inventory of the target, with progress on a terminal for large monorepos.
 */
export function loadProject(io: CliIo, target: string, configFile?: string): Project {
  const absolute = resolve(io.cwd, target);
  const projectDir = existsSync(absolute) && !statSync(absolute).isDirectory() ? dirname(absolute) : absolute;
  const { config, file } = loadConfig(projectDir, configFile ? resolve(io.cwd, configFile) : undefined);
  const inventory = loadInventory(target, {
    cwd: io.cwd,
    exclude: globMatcher(config.inventory.exclude),
    onLockfile: io.isTTY
      ? (path, index, total) => {
          if (total > 3) io.stderr(`\r\u001b[Kreading ${path} (${index + 1}/${total})`);
          if (total > 3 && index + 1 === total) io.stderr("\r\u001b[K");
        }
      : undefined,
  });
  const project: Project = { projectDir, config, inventory };
  if (file) project.configFile = file;
  return project;
}
