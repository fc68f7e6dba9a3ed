import { existsSync, statSync } from "node:fs";
import { resolve } from "node:path";
import { globMatcher } from "../../core/config/glob.js";
import { loadConfig } from "../../core/config/load-config.js";
import { isLockkeeperError, LockkeeperError } from "../../core/errors.js";
import { checkImports } from "../../core/imports/check-imports.js";
import { errorCount } from "../../core/imports/import-findings.js";
import { checkImportsSettingsFrom } from "../../core/imports/settings.js";
import { loadInventory } from "../../core/inventory/load-inventory.js";
import type { Inventory } from "../../core/model/types.js";
import { EXIT } from "../exit-codes.js";
import type { CliIo } from "../io.js";
import { renderCheckImportsJson, renderCheckImportsTable } from "../output/check-imports.js";
import { toolVersion } from "../version.js";

export interface CheckImportsOptions {
  format: string;
  config?: string;
}

/** `lk check imports`: exit 1 when production code imports dev-only or undeclared packages. */
export async function checkImportsCommand(
  io: CliIo,
  dir: string,
  options: CheckImportsOptions,
): Promise<number> {
  const root = resolve(io.cwd, dir);
  if (!existsSync(root)) throw new LockkeeperError("NOT_FOUND", `no such directory: ${dir}`);
  if (!statSync(root).isDirectory())
    throw new LockkeeperError("USAGE", `${dir} is a file; lk check imports takes a project directory`);
  const { config } = loadConfig(root, options.config ? resolve(io.cwd, options.config) : undefined);
  const result = checkImports({
    root,
    target: dir,
    settings: checkImportsSettingsFrom(config),
    inventory: optionalInventory(root, globMatcher(config.inventory.exclude)),
  });
  io.stdout(
    options.format === "json"
      ? renderCheckImportsJson(result, toolVersion())
      : renderCheckImportsTable(result),
  );
  return errorCount(result) > 0 ? EXIT.FINDINGS : EXIT.OK;
}

/** Lockfile roots add declarations; a project with manifests only is checked all the same. */
function optionalInventory(root: string, exclude: (path: string) => boolean): Inventory | undefined {
  try {
    return loadInventory(root, { exclude });
  } catch (error: unknown) {
    if (isLockkeeperError(error) && error.code === "NO_LOCKFILE") return undefined;
    throw error;
  }
}
