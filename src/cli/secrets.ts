import { environmentSecrets, type Secrets } from "../core/config/secrets.js";
import type { CliIo } from "./io.js";

/**
 * The environment variables a project's configuration may read in the CLI: any, since the user
 * runs their own project with their own environment.
 */
export function cliSecrets(io: CliIo): Secrets {
  return environmentSecrets(io.env, "any");
}
