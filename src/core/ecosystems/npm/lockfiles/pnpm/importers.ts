/**
 * The projects of a pnpm lockfile ("importers") and what each declares.
 *
 * 5.x single-project files keep `specifiers`/`dependencies`/… at the top level; workspaces (and
 * every 6.x/9.x file with `importers`) have one entry per project directory, `.` for the root.
 * 5.x values are references with the range in `specifiers`; 6.x/9.x values are
 * `{specifier, version}`.
 */
import type { DependencyKind } from "../../../../model/types.js";
import { isRecord } from "./package-entry.js";

export interface ImporterDependency {
  name: string;
  ref: string;
  kind: DependencyKind;
  /** The range the manifest declares (`^1.2.0`, `workspace:*`, `catalog:`). */
  range?: string;
}

export interface Importer {
  /** Directory relative to the lockfile's (`.`, `packages/foo`). */
  path: string;
  dependencies: ImporterDependency[];
}

const FIELDS: ReadonlyArray<readonly [string, DependencyKind]> = [
  ["dependencies", "prod"],
  ["devDependencies", "dev"],
  ["optionalDependencies", "optional"],
];

/**
 * Reads the importers of a lockfile document: the `importers` section when there is one, else
 * the single project whose fields sit at the top level. Problems that do not stop reading (a
 * dependency whose value is not a reference) are passed to `warn`.
 */
export function readImporters(
  importers: Record<string, unknown> | undefined,
  document: Record<string, unknown>,
  warn: (message: string) => void,
): Importer[] {
  if (importers === undefined) return [{ path: ".", dependencies: readImporter(".", document, warn) }];
  const result: Importer[] = [];
  for (const path in importers) {
    const importer = importers[path];
    if (importer !== null && !isRecord(importer)) {
      warn(`importer ${path}: not a mapping; its dependencies are not read`);
      result.push({ path, dependencies: [] });
      continue;
    }
    result.push({ path, dependencies: importer ? readImporter(path, importer, warn) : [] });
  }
  return result;
}

function readImporter(
  path: string,
  importer: Record<string, unknown>,
  warn: (message: string) => void,
): ImporterDependency[] {
  const specifiers = isRecord(importer.specifiers) ? importer.specifiers : undefined;
  const dependencies: ImporterDependency[] = [];
  for (const [field, kind] of FIELDS) {
    const map = importer[field];
    if (map === undefined || map === null) continue;
    if (!isRecord(map)) {
      warn(`importer ${path}: ${field} is not a mapping`);
      continue;
    }
    for (const name in map) {
      const value = map[name];
      let ref: unknown = value;
      let range: unknown = specifiers?.[name];
      if (isRecord(value)) {
        ref = value.version;
        range = value.specifier;
      }
      if (typeof ref !== "string") {
        warn(`importer ${path}: ${field}.${name} has no version reference`);
        continue;
      }
      const dependency: ImporterDependency = { name, ref, kind };
      if (typeof range === "string") dependency.range = range;
      dependencies.push(dependency);
    }
  }
  return dependencies;
}
