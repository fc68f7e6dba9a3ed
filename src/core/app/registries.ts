import type { LockkeeperConfig } from "../config/schema.js";
import { type RegistryClients, registryClients } from "../ecosystems/registry-clients.js";
import { type AppContext, registryCacheRoot } from "./context.js";

/** The project's registry clients (config `registries`), with the context's secrets and cancellation. */
export function projectRegistries(
  context: AppContext,
  projectDir: string,
  config: LockkeeperConfig,
): Promise<RegistryClients> {
  return registryClients(projectDir, config.registries, {
    env: context.env,
    secrets: context.secrets,
    userCacheDir: registryCacheRoot(context),
    ...(context.homeDir ? { home: context.homeDir } : {}),
    signal: context.signal,
  });
}
