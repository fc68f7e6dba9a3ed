import { existsSync, statSync } from "node:fs";
import { importingEcosystems } from "../ecosystems/index.js";
import { LockkeeperError } from "../errors.js";
import { checkImports } from "../imports/check-imports.js";
import type { CheckImportsResult } from "../imports/import-findings.js";
import { checkImportsSettingsFrom } from "../imports/settings.js";
import { type AppContext, resolvePath } from "./context.js";
import { projectConfig, readInventoryOrEmpty, withConfigFile } from "./project.js";

/**
 * Production source may import only declared production dependencies: dev-only and undeclared
 * imports are errors, unused production dependencies warnings. Lockfile roots add declarations;
 * a project with manifests only is checked all the same.
 */
export async function checkProjectImports(
  context: AppContext,
  dir: string,
  options: { configFile?: string } = {},
): Promise<CheckImportsResult> {
  const root = resolvePath(context, dir);
  if (!existsSync(root)) throw new LockkeeperError("NOT_FOUND", `no such directory: ${dir}`);
  if (!statSync(root).isDirectory())
    throw new LockkeeperError("USAGE", `${dir} is a file; lk check imports takes a project directory`);
  const { config } = projectConfig(context, root, withConfigFile(options.configFile));
  const inventory = readInventoryOrEmpty(context, root, config);
  return checkImports({
    ecosystems: await importingEcosystems(),
    root,
    target: dir,
    settings: checkImportsSettingsFrom(config),
    ...(inventory.snapshots.length > 0 ? { inventory } : {}),
  });
}
