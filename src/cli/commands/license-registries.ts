import { resolve } from "node:path";
import { NpmRegistryClient } from "../../core/ecosystems/npm/registry/npm-registry-client.js";
import { PypiRegistryClient } from "../../core/ecosystems/pypi/registry/pypi-registry-client.js";
import { defaultRegistryCacheDir } from "../../core/ecosystems/registry/json-file-cache.js";
import type { ResolveLicensesOptions } from "../../core/licenses/resolve-licenses.js";
import type { LicenseRegistrySettings } from "../../core/licenses/settings.js";
import type { CliIo } from "../io.js";

/**
 * Registry clients for licence look-ups when asked for (`--registry`, or config
 * `licenses.registry.enabled`); undefined keeps the run offline. Tokens come from the environment
 * variables the config names, so they never sit in a file.
 */
export function licenseRegistries(
  io: CliIo,
  settings: LicenseRegistrySettings,
  projectDir: string,
  flag: boolean | undefined,
): ResolveLicensesOptions["registry"] | undefined {
  if (!(flag ?? settings.enabled)) return undefined;
  const cacheDir = (ecosystem: string): string =>
    settings.cacheDir
      ? resolve(projectDir, settings.cacheDir, ecosystem)
      : defaultRegistryCacheDir(ecosystem, io.env);
  const token = (name: string | undefined): string | undefined =>
    name ? io.env[name] || undefined : undefined;
  return {
    npm: new NpmRegistryClient({
      baseUrl: settings.npmUrl,
      cacheDir: cacheDir("npm"),
      token: token(settings.npmTokenEnv),
      concurrency: settings.concurrency,
    }),
    pypi: new PypiRegistryClient({
      baseUrl: settings.pypiUrl,
      cacheDir: cacheDir("pypi"),
      token: token(settings.pypiTokenEnv),
      concurrency: settings.concurrency,
    }),
  };
}
