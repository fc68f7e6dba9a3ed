import { existsSync, statSync } from "node:fs";
import { LockkeeperError } from "../errors.js";
import type { VerifyProdResult, VerifyProdSettings } from "../verify-prod/types.js";
import { verifyProdSettingsFrom } from "../verify-prod/types.js";
import { verifyProd } from "../verify-prod/verify-prod.js";
import { type AppContext, resolvePath } from "./context.js";
import { projectConfig, withConfigFile } from "./project.js";

export interface VerifyProdRequest {
  dir: string;
  /** Replace settings of the config's `verifyProd` section (flags). */
  overrides: Partial<VerifyProdSettings>;
  keep: boolean;
  configFile?: string;
}

/**
 * A production-only install of the project in a temporary copy, its smoke command, and a full
 * install for comparison (`lk verify-prod`).
 */
export async function verifyProductionInstall(
  context: AppContext,
  request: VerifyProdRequest,
): Promise<VerifyProdResult> {
  const root = resolvePath(context, request.dir);
  if (!existsSync(root)) throw new LockkeeperError("NOT_FOUND", `no such directory: ${request.dir}`);
  if (!statSync(root).isDirectory())
    throw new LockkeeperError("USAGE", `${request.dir} is a file; lk verify-prod takes a project directory`);
  const { config } = projectConfig(context, root, withConfigFile(request.configFile));
  return verifyProd({
    root,
    target: request.dir,
    settings: { ...verifyProdSettingsFrom(config), ...request.overrides },
    env: context.env,
    keep: request.keep,
    signal: context.signal,
    onProgress: (progress) => context.onEvent({ kind: "verify-prod", progress }),
  });
}
