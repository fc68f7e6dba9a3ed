import type { UpdatesConfig } from "../config/updates-section.js";
import { loadNpmConfig } from "../ecosystems/npm/registry/npmrc.js";
import { NpmPackumentClient } from "../ecosystems/npm/registry/packument-client.js";
import { PypiIndexClient } from "../ecosystems/pypi/registry/pypi-index-client.js";
import { defaultRegistryCacheDir } from "../ecosystems/registry/json-file-cache.js";
import type { ReleaseSources } from "./outdated.js";
import type { PipToolsCompiler } from "./pip-tools/compile-keeping-pins.js";

export interface UpdateRegistries {
  npm: NpmPackumentClient;
  pypi: PypiIndexClient;
  sources: ReleaseSources;
}

/**
 * The registry clients of a project: npm from the config or the project's `.npmrc` (scoped
 * registries and tokens), the Python index from the config, both cached under the user cache.
 */
export function updateRegistries(
  projectDir: string,
  settings: UpdatesConfig["registries"],
  env: NodeJS.ProcessEnv = process.env,
): UpdateRegistries {
  const maxAgeMs = settings.cacheMinutes * 60_000;
  const npm = new NpmPackumentClient({
    config: loadNpmConfig(projectDir, env),
    ...(settings.npm ? { baseUrl: settings.npm } : {}),
    cacheDir: settings.cacheDir ? `${settings.cacheDir}/npm` : defaultRegistryCacheDir("npm-packuments", env),
    maxAgeMs,
    concurrency: settings.concurrency,
  });
  const pypi = new PypiIndexClient({
    indexUrl: settings.pypiIndex,
    ...(settings.pypiJsonApi ? { jsonApiUrl: settings.pypiJsonApi } : {}),
    ...(settings.pypiTokenEnv && env[settings.pypiTokenEnv] ? { token: env[settings.pypiTokenEnv] } : {}),
    cacheDir: settings.cacheDir ? `${settings.cacheDir}/pypi` : defaultRegistryCacheDir("pypi-index", env),
    maxAgeMs,
    concurrency: settings.concurrency,
  });
  return { npm, pypi, sources: { npm, pypi } };
}

/** How this project's pip-tools layers are compiled: its index, compile command and Python. */
export function pipToolsCompiler(
  settings: UpdatesConfig,
  pypi: PypiIndexClient,
  env: NodeJS.ProcessEnv,
): PipToolsCompiler {
  const command = settings.pipTools.compileCommand;
  return {
    index: pypi,
    indexUrl: settings.registries.pypiIndex,
    python: settings.pipTools.python,
    env,
    ...(command && command.length > 0 ? { compileCommand: command } : {}),
  };
}
