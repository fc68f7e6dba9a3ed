import { loadServerConfig } from "../../server/config.js";
import { serve } from "../../server/serve.js";
import { EXIT } from "../exit-codes.js";
import type { CliIo } from "../io.js";
import { toolVersion } from "../version.js";

/** `lk serve`: runs until SIGTERM/SIGINT, then stops gracefully and exits 0. */
export async function serveCommand(io: CliIo): Promise<number> {
  const config = loadServerConfig(io.env, io.cwd);
  if (!io.signal) throw new Error("lk serve needs the command's stop signal");
  const { forced } = await serve(config, {
    stdout: io.stdout,
    stderr: io.stderr,
    signal: io.signal,
    version: toolVersion(),
  });
  if (forced) {
    io.stderr(
      `lk serve: requests still running after ${config.shutdownTimeoutMs} ms were cut off (LK_SHUTDOWN_TIMEOUT_MS)\n`,
    );
  }
  return EXIT.OK;
}
