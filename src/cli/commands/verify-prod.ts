import { existsSync, statSync } from "node:fs";
import { resolve } from "node:path";
import { loadConfig } from "../../core/config/load-config.js";
import { LockkeeperError } from "../../core/errors.js";
import type { Ecosystem } from "../../core/model/types.js";
import { type VerifyProdSettings, verifyProdSettingsFrom } from "../../core/verify-prod/types.js";
import { verifyProd } from "../../core/verify-prod/verify-prod.js";
import { EXIT } from "../exit-codes.js";
import type { CliIo } from "../io.js";
import { renderVerifyProdJson, renderVerifyProdTable, verifyProdProgress } from "../output/verify-prod.js";
import { toolVersion } from "../version.js";

export interface VerifyProdOptions {
  smoke?: string;
  format: string;
  ecosystem?: string;
  prodLock?: string;
  devLock?: string[];
  indexUrl?: string;
  python?: string;
  timeout?: string;
  /** Commander's `--no-full`. */
  full?: boolean;
  keep?: boolean;
  config?: string;
}

/** `lk verify-prod`: exit 0 when the production install works and the smoke command passes, 1 otherwise. */
export async function verifyProdCommand(io: CliIo, dir: string, options: VerifyProdOptions): Promise<number> {
  const root = resolve(io.cwd, dir);
  if (!existsSync(root)) throw new LockkeeperError("NOT_FOUND", `no such directory: ${dir}`);
  if (!statSync(root).isDirectory())
    throw new LockkeeperError("USAGE", `${dir} is a file; lk verify-prod takes a project directory`);
  const { config } = loadConfig(root, options.config ? resolve(io.cwd, options.config) : undefined);
  const settings = withFlags(verifyProdSettingsFrom(config), options);
  const progress = verifyProdProgress(io);
  let result: Awaited<ReturnType<typeof verifyProd>>;
  try {
    result = await verifyProd({
      root,
      target: dir,
      settings,
      env: io.env,
      keep: options.keep === true,
      onProgress: progress.update,
    });
  } finally {
    progress.done();
  }
  io.stdout(
    options.format === "json" ? renderVerifyProdJson(result, toolVersion()) : renderVerifyProdTable(result),
  );
  return result.ok ? EXIT.OK : EXIT.FINDINGS;
}

function withFlags(settings: VerifyProdSettings, options: VerifyProdOptions): VerifyProdSettings {
  const merged = { ...settings };
  if (options.smoke !== undefined) merged.smoke = options.smoke;
  if (options.ecosystem !== undefined) merged.ecosystem = options.ecosystem as Ecosystem;
  if (options.prodLock !== undefined) merged.prodLock = options.prodLock;
  if (options.devLock !== undefined && options.devLock.length > 0) merged.devLocks = options.devLock;
  if (options.indexUrl !== undefined) merged.indexUrl = options.indexUrl;
  if (options.python !== undefined) merged.python = options.python;
  if (options.full === false) merged.full = false;
  if (options.timeout !== undefined) {
    const seconds = Number(options.timeout);
    if (!Number.isFinite(seconds) || seconds <= 0)
      throw new LockkeeperError("USAGE", `--timeout takes a number of seconds, not "${options.timeout}"`);
    merged.smokeTimeoutSeconds = seconds;
  }
  return merged;
}
