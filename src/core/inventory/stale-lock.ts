/**
 * The one coverage warning of a lockfile out of date with what it was made from (a package.json,
 * pyproject.toml, a pip-compile input): every difference counted, the first five named. Undefined
 * when there is none.
 */
export function staleLockWarning(
  source: string,
  fix: string,
  differences: readonly string[],
): string | undefined {
  const count = differences.length;
  if (count === 0) return undefined;
  const shown = differences.slice(0, 5).join("; ");
  return `out of date with ${source} (${fix} updates it): ${shown}${count > 5 ? `; and ${count - 5} more` : ""}`;
}
