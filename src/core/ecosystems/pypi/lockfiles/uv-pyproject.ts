import { staleLockWarning } from "../../../inventory/stale-lock.js";
import type { SnapshotBuilder } from "../../../model/snapshot-builder.js";
import { normalisePypiName } from "../names.js";
import type { PyprojectManifest } from "../toml/pyproject.js";

/**
 * The project's ranges as pyproject.toml declares them, against the copy uv.lock keeps in the
 * project's `[package.metadata]` (`requires-dist`, `requires-dev`), keyed `group NUL name` as
 * `uvDeclaredRanges` keys them. uv installs from pyproject.toml: where they differ, its range wins
 * and one warning names the differences. Compared: `[project.dependencies]`, PEP 735 groups and
 * `[tool.uv] dev-dependencies`; extras are left out (uv folds them into requires-dist with markers).
 */
export function reconcileWithPyproject(
  locked: Map<string, string>,
  pyproject: PyprojectManifest,
  builder: SnapshotBuilder,
): void {
  const differences: string[] = [];
  for (const declared of pyproject.dependencies) {
    const group = groupOf(declared.section);
    if (group === undefined || declared.range === undefined) continue;
    const key = `${group}\u0000${normalisePypiName(declared.name)}`;
    const lockRange = locked.get(key);
    if (lockRange === undefined) {
      differences.push(`${declared.name} ${declared.range} (${declared.section}) is not in the lock`);
    } else if (!sameSpecifiers(lockRange, declared.range)) {
      differences.push(`${declared.name} is ${declared.range} there, ${lockRange} in the lock`);
      locked.set(key, declared.range);
    }
  }
  const stale = staleLockWarning("pyproject.toml", "uv lock", differences);
  if (stale) builder.warn(stale);
}

/** uv's group for a pyproject section; undefined for sections not compared (extras, other tools). */
function groupOf(section: string): string | undefined {
  if (section === "project.dependencies") return "";
  if (section === "tool.uv.dev-dependencies") return "dev";
  if (section.startsWith("dependency-groups.")) return section.slice("dependency-groups.".length);
  return undefined;
}

/** Specifier sets equal as sets of clauses (uv may reorder `<1,>=0.27` and drops spaces). */
function sameSpecifiers(a: string, b: string): boolean {
  const clauses = (s: string) => s.replaceAll(" ", "").split(",").filter(Boolean).sort().join(",");
  return clauses(a) === clauses(b);
}
