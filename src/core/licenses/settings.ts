import type { ScopeFilter } from "../inventory/scope-filter.js";
import { DEFAULT_LICENSE_POLICY, type LicensePolicy } from "./policy.js";

/**
 * Registry look-ups for licences the lockfile and installed packages do not give. Which
 * registries, with which tokens, is the config's `registries` section, shared with updates.
 */
export interface LicenseRegistrySettings {
  /** Off by default: the CLI must work offline. `--registry` turns it on for one run. */
  enabled: boolean;
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
  registry: { enabled: false },
};

/**
 * The licence settings of a loaded config: its `licenses` section once the config schema has
 * one, the defaults until then.
 */
export function licensesSettingsOf(config: object): LicensesSettings {
  const section = (config as { licenses?: LicensesSettings }).licenses;
  return section ?? DEFAULT_LICENSES_SETTINGS;
}
