/**
 * The `imports` section of lockkeeper.yaml as `lk check imports` uses it (the zod schema in
 * core/config/schema.ts validates the file and fills these defaults).
 */
export interface CheckImportsSettings {
  /** Globs of production source; empty means every source file not excluded. */
  production: string[];
  /** Globs of paths that are not production source, added to the defaults. */
  exclude: string[];
  /** Whether the default exclusions (tests, benchmarks, build output, tool configuration) apply. */
  defaultExclude: boolean;
  /** Declared production dependencies never reported as unused (CLIs run only from scripts). */
  unusedExempt: string[];
  /** Package names or globs (`@app/*`) whose imports are not checked (aliases, virtual modules). */
  ignore: string[];
  /** Extra Python import name → distribution mappings (`{ yaml: PyYAML }`). */
  pythonModules: Record<string, string>;
}

export const DEFAULT_CHECK_IMPORTS_SETTINGS: CheckImportsSettings = {
  production: [],
  exclude: [],
  defaultExclude: true,
  unusedExempt: [],
  ignore: [],
  pythonModules: {},
};

/** The section from a loaded config (absent until the schema has it), defaults filled in. */
export function checkImportsSettingsFrom(config: object): CheckImportsSettings {
  const section = (config as { imports?: Partial<CheckImportsSettings> }).imports ?? {};
  return { ...DEFAULT_CHECK_IMPORTS_SETTINGS, ...section };
}
