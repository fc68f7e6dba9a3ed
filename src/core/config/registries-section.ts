import * as z from "zod";

/**
 * `registries`: where package versions, licences and archives come from, for every command that
 * asks a registry (`lk licenses --registry`, `lk outdated`, `lk add`, `lk update`).
 */
export const registriesSection = z
  .strictObject({
    npm: z
      .url()
      .optional()
      .describe(
        "npm registry URL for every package; default: the project's .npmrc (scoped registries and tokens too), else npmjs.",
      ),
    npmTokenEnv: z
      .string()
      .min(1)
      .optional()
      .describe(
        "Name of the environment variable with a token for the npm registry (`npm`, else the .npmrc default registry); never the token itself.",
      ),
    pypiIndex: z
      .url()
      .describe("Python simple index (PEP 503/691) URL, also pip's `--index-url`.")
      .default("https://pypi.org/simple"),
    pypiJsonApi: z
      .url()
      .optional()
      .describe(
        "Python JSON API base (`https://pypi.org/pypi`) for licences and upload times. Default: PyPI's for licences when `pypiIndex` is PyPI, else none.",
      ),
    pypiTokenEnv: z
      .string()
      .min(1)
      .optional()
      .describe("Name of the environment variable with a token for the Python index and its JSON API."),
    cacheDir: z
      .string()
      .min(1)
      .optional()
      .describe("Cache folder for registry answers, relative to the project (default: the user cache)."),
    cacheMinutes: z
      .number()
      .min(0)
      .describe("How long a package's version list is reused before the registry is asked again.")
      .default(10),
    concurrency: z.number().int().min(1).max(64).describe("Most requests in flight per registry.").default(8),
  })
  .describe("Package registries (licences, outdated, add and update).");

export type RegistriesConfig = z.output<typeof registriesSection>;

/**
 * Keys that moved to `registries`, with where they went: the config error names the new key
 * rather than only calling the old one unknown.
 */
export const MOVED_REGISTRY_KEYS: ReadonlyMap<string, string> = new Map([
  ["updates.registries", "the top-level registries section (same keys)"],
  ["licenses.registry.npmUrl", "registries.npm"],
  ["licenses.registry.pypiUrl", "registries.pypiJsonApi (the JSON API base, e.g. https://pypi.org/pypi)"],
  ["licenses.registry.npmTokenEnv", "registries.npmTokenEnv"],
  ["licenses.registry.pypiTokenEnv", "registries.pypiTokenEnv"],
  ["licenses.registry.cacheDir", "registries.cacheDir"],
  ["licenses.registry.concurrency", "registries.concurrency"],
]);
