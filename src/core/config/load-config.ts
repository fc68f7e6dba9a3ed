import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { LockkeeperError } from "../errors.js";
import { readRegularFile } from "../files/read-regular-file.js";
import { MOVED_REGISTRY_KEYS } from "./registries-section.js";
import { configSchema, defaultConfig, type LockkeeperConfig } from "./schema.js";
import { validateYaml, type YamlIssue } from "./yaml-validation.js";

export const CONFIG_FILE_NAMES = ["lockkeeper.yaml", "lockkeeper.yml", ".lockkeeper.yaml", ".lockkeeper.yml"];

export type ConfigIssue = YamlIssue;

export interface ConfigResult {
  config: LockkeeperConfig;
  /** The file read, or undefined when none was found (defaults apply). */
  file?: string;
  errors: ConfigIssue[];
}

/**
 * The nearest config file in `startDir` or one of its parents up to the root of the git checkout
 * it is in (the first directory holding `.git`). Outside a checkout only `startDir` is searched:
 * a file in some parent folder (a shared /tmp, a user's home) is not this project's.
 */
export function findConfigFile(startDir: string): string | undefined {
  const start = resolve(startDir);
  const root = checkoutRoot(start);
  let dir = start;
  for (;;) {
    for (const name of CONFIG_FILE_NAMES) {
      const candidate = join(dir, name);
      if (existsSync(candidate)) return candidate;
    }
    const parent = dirname(dir);
    if (root === undefined || dir === root || parent === dir) return undefined;
    dir = parent;
  }
}

/** The nearest directory at or above `dir` that holds `.git` (a folder, or a worktree's file). */
function checkoutRoot(dir: string): string | undefined {
  for (let current = dir; ; current = dirname(current)) {
    if (existsSync(join(current, ".git"))) return current;
    if (dirname(current) === current) return undefined;
  }
}

/** Validates config text; every problem is reported with its location. */
export function validateConfig(text: string): { config?: LockkeeperConfig; errors: ConfigIssue[] } {
  const { data, errors } = validateYaml(text, configSchema, MOVED_REGISTRY_KEYS);
  return data ? { config: data, errors } : { errors };
}

/** Loads the config for a project directory, or an explicit file. Throws CONFIG listing every issue. */
export function loadConfig(projectDir: string, explicitFile?: string): ConfigResult {
  const file = explicitFile ? resolve(explicitFile) : findConfigFile(projectDir);
  if (!file) return { config: defaultConfig(), errors: [] };
  if (!existsSync(file)) throw new LockkeeperError("NOT_FOUND", `config file not found: ${explicitFile}`);
  const { config, errors } = validateConfig(readRegularFile(file, file));
  if (!config || errors.length > 0) {
    const lines = errors.map(
      (e) =>
        `  ${file}${e.line ? `:${e.line}:${e.column ?? 1}` : ""}: ${e.path ? `${e.path}: ` : ""}${e.message}`,
    );
    throw new LockkeeperError(
      "CONFIG",
      `invalid configuration (${errors.length} problem${errors.length === 1 ? "" : "s"}):\n${lines.join("\n")}`,
      {
        file,
      },
    );
  }
  return { config, file, errors };
}
