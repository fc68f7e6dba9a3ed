/**
 * The ids of the ecosystems in `index.ts`, without loading them: for the CLI's argument choices
 * and the config schema, which must not pull every lockfile parser into a `--help`. A test checks
 * that this list and the registered adapters agree.
 */
export const ECOSYSTEM_IDS = ["npm", "pypi"] as const;
