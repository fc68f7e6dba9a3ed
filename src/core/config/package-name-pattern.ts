/**
 * Package-name patterns of the config (`updates.allowInstallScripts`, `updates.rules[].match`,
 * `updates.ignore`, `imports.ignore`, `imports.unusedExempt`). A package name is not a path, so
 * these are not path globs: a pattern matches the whole name, and `*` (the only wildcard) never
 * crosses the `/` of a scoped name. `esbuild` matches only `esbuild`, never `@evil/esbuild`;
 * `@types/*` matches `@types/node`; `eslint*` matches `eslint-plugin-x`, not `@scope/eslint`.
 * `*` alone matches every package, scoped or not: it can only mean "all".
 */
export function packageNameMatcher(
  patterns: readonly string[],
  /** The ecosystem's identity rule (PEP 503 for PyPI), applied to patterns and names alike. */
  normalise: (name: string) => string = (name) => name,
): (name: string) => boolean {
  if (patterns.some((pattern) => pattern.trim() === "*")) return () => true;
  if (patterns.length === 0) return () => false;
  const regexes = patterns.map((pattern) => {
    const literals = normalise(pattern).split("*").map(escapeRegExp);
    return new RegExp(`^${literals.join("[^/]*")}$`);
  });
  return (name) => {
    const normalised = normalise(name);
    return regexes.some((regex) => regex.test(normalised));
  };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
