import type { LockkeeperConfig } from "../../core/config/schema.js";
import { type RegistryClients, registryClients } from "../../core/ecosystems/registry-clients.js";
import type { CliIo } from "../io.js";
import { cliSecrets } from "../secrets.js";

/** The project's registry clients (config `registries`), with tokens from the user's environment. */
export function projectRegistries(io: CliIo, projectDir: string, config: LockkeeperConfig): RegistryClients {
  return registryClients(projectDir, config.registries, { env: io.env, secrets: cliSecrets(io) });
}
