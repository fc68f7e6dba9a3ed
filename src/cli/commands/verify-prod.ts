import { verifyProdDocument } from "../../core/app/documents/verify-prod-document.js";
import { verifyProductionInstall } from "../../core/app/verify-prod.js";
import { LockkeeperError } from "../../core/errors.js";
import type { Ecosystem } from "../../core/model/types.js";
import type { VerifyProdSettings } from "../../core/verify-prod/types.js";
import { cliContext } from "../context.js";
import { EXIT } from "../exit-codes.js";
import type { CliIo } from "../io.js";
import { renderJson } from "../output/json.js";
import { renderVerifyProdTable } from "../output/verify-prod.js";

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
  const context = cliContext(io);
  const result = await verifyProductionInstall(context, {
    dir,
    overrides: flagSettings(options),
    keep: options.keep === true,
    ...(options.config ? { configFile: options.config } : {}),
  });
  io.stdout(
    options.format === "json"
      ? renderJson(verifyProdDocument(result, context.toolVersion))
      : renderVerifyProdTable(result),
  );
  return result.ok ? EXIT.OK : EXIT.FINDINGS;
}

/** The settings the flags give, to lay over the config's. */
function flagSettings(options: VerifyProdOptions): Partial<VerifyProdSettings> {
  const merged: Partial<VerifyProdSettings> = {};
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
