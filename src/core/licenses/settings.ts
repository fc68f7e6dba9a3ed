import type { ScopeFilter } from "../inventory/scope-filter.js";
import { DEFAULT_LICENSE_POLICY, type LicensePolicy } from "./policy.js";

/** Registry look-ups for licences the lockfile and installed packages do not give. */
export interface LicenseRegistrySettings {
  /** Off by default: the CLI must work offline. `--registry` turns it on for one run. */
  enabled: boolean;
  npmUrl: string;
  pypiUrl: string;
  /** Most requests in flight per registry. */
  concurrency: number;
  /** Cache folder (default: the user cache, `~/.cache/lockkeeper/registry`). */
  cacheDir?: string;
  /** Name of the environment variable holding an npm token (never the token itself). */
  npmTokenEnv?: string;
  /** Name of the environment variable holding a token for the Python index. */
  pypiTokenEnv?: string;
}

/**
 * The `licenses` section of lockkeeper.yaml: the policy plus where licences are read from.
 * `config.licenses` is wired to this type (see the zod section in the hand-over notes).
 */
export interface LicensesSettings extends LicensePolicy {
  /** Which packages `lk licenses` lists by default. */
  scope: ScopeFilter;
  /** More site-packages folders to read installed Python metadata from (relative to the project). */
  sitePackages: string[];
  registry: LicenseRegistrySettings;
}

export const DEFAULT_LICENSES_SETTINGS: LicensesSettings = {
  ...DEFAULT_LICENSE_POLICY,
  scope: "all",
  sitePackages: [],
  registry: {
    enabled: false,
    npmUrl: "https://registry.npmjs.org",
    pypiUrl: "https://pypi.org",
    concurrency: 8,
  },
};

/**
 * The licence settings of a loaded config: its `licenses` section once the config schema has
 * one, the defaults until then.
 */
export function licensesSettingsOf(config: object): LicensesSettings {
  const section = (config as { licenses?: LicensesSettings }).licenses;
  return section ?? DEFAULT_LICENSES_SETTINGS;
}
