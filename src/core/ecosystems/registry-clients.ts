import { join, resolve } from "node:path";
import type { RegistriesConfig } from "../config/registries-section.js";
import type { Secrets } from "../config/secrets.js";
import type { HttpClient } from "../http/http-client.js";
import { NpmRegistryClient } from "./npm/registry/npm-registry-client.js";
import { loadNpmConfig } from "./npm/registry/npmrc.js";
import { PypiIndexClient } from "./pypi/registry/pypi-index-client.js";

/** One client per ecosystem; also the `ReleaseSources` that outdated and update planning read. */
export interface RegistryClients {
  npm: NpmRegistryClient;
  pypi: PypiIndexClient;
}

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
 * The registry clients of a project, from its `registries` settings, for licences, outdated, add
 * and update alike: npm from `registries.npm` or the project's `.npmrc` (scoped registries and
 * credentials), the Python index and JSON API from the settings; answers cached under
 * `registries.cacheDir` (relative to the project) or `context.userCacheDir`.
 */
export function registryClients(
  projectDir: string,
  settings: RegistriesConfig,
  context: RegistryClientContext,
): RegistryClients {
  const maxAgeMs = settings.cacheMinutes * 60_000;
  const cacheDir = (ecosystem: string, userCacheName: string): string =>
    settings.cacheDir
      ? resolve(projectDir, settings.cacheDir, ecosystem)
      : join(context.userCacheDir, userCacheName);
  const token = (variable: string | undefined, purpose: string): { token: string } | Record<never, never> => {
    const value = variable ? context.secrets.read(variable, purpose) : undefined;
    return value ? { token: value } : {};
  };
  const shared = {
    maxAgeMs,
    concurrency: settings.concurrency,
    ...(context.http ? { http: context.http } : {}),
    ...(context.signal ? { signal: context.signal } : {}),
  };
  const npm = new NpmRegistryClient({
    config: loadNpmConfig(projectDir, {
      env: context.env,
      secrets: context.secrets,
      ...(context.home ? { home: context.home } : {}),
    }),
    ...(settings.npm ? { baseUrl: settings.npm } : {}),
    ...token(settings.npmTokenEnv, "the npm registry token (registries.npmTokenEnv)"),
    cacheDir: cacheDir("npm", "npm-packuments"),
    ...shared,
  });
  const pypi = new PypiIndexClient({
    indexUrl: settings.pypiIndex,
    ...(settings.pypiJsonApi ? { jsonApiUrl: settings.pypiJsonApi } : {}),
    ...token(settings.pypiTokenEnv, "the Python index token (registries.pypiTokenEnv)"),
    cacheDir: cacheDir("pypi", "pypi-index"),
    ...shared,
  });
  return { npm, pypi };
}
