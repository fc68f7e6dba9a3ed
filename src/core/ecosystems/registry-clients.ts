import type { RegistriesConfig } from "../config/registries-section.js";
import type { Secrets } from "../config/secrets.js";
import type { HttpClient } from "../http/http-client.js";
import type { Ecosystem } from "../model/types.js";
import { ECOSYSTEMS } from "./index.js";
import type { RegistryClient } from "./types.js";

/** One client per ecosystem: the `ReleaseSources` outdated and update planning read, and licences. */
export type RegistryClients = ReadonlyMap<Ecosystem, RegistryClient>;

/** What the clients of one project run read besides its configuration. */
export interface RegistryClientContext {
  /** Variables that are settings, not secrets: npm's `npm_config_*`. */
  env: Readonly<Record<string, string | undefined>>;
  /** Where answers are cached unless the project configures `registries.cacheDir`. */
  userCacheDir: string;
  /** The user's home, for `~/.npmrc`; absent on a server, where only the project's counts. */
  home?: string;
  /** Where the token variables the configuration names are read. */
  secrets: Secrets;
  /** How requests are sent; default: a client with the default timeouts and retries. */
  http?: HttpClient;
  /** Cancels every request of these clients. */
  signal?: AbortSignal;
}

/**
 * The registry clients of a project, one per ecosystem, from its `registries` settings, for
 * licences, outdated, add and update alike. Each ecosystem's adapter knows how its registry is
 * configured (npm: `.npmrc` scopes and credentials; PyPI: the index and its JSON API).
 */
export async function registryClients(
  projectDir: string,
  settings: RegistriesConfig,
  context: RegistryClientContext,
): Promise<RegistryClients> {
  const clients = await Promise.all(
    ECOSYSTEMS.map(async (adapter) => {
      const client = await adapter.registryClient({ projectDir, settings, context });
      return [adapter.ecosystem, client] as const;
    }),
  );
  return new Map(clients);
}
