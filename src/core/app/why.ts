import { adapterFor } from "../ecosystems/index.js";
import { LockkeeperError } from "../errors.js";
import { findDependencyPaths, type PathSearch } from "../inventory/dependency-paths.js";
import type { PackageNode, Snapshot } from "../model/types.js";
import type { AppContext } from "./context.js";
import { openProject } from "./project.js";

/** One copy of the package asked about, and the paths that lead to it. */
export interface WhyMatch {
  snapshot: Snapshot;
  pkg: PackageNode;
  search: PathSearch;
}

/**
 * Every copy of a package (`name` or `name@version`; PyPI names compared after normalisation,
 * npm aliases too) in the target's lockfiles, with up to `limit` paths from a root to each, the
 * path that decides its scope first.
 * Throws NOT_FOUND when the package is not a dependency.
 */
export function whyPackage(context: AppContext, query: string, target: string, limit: number): WhyMatch[] {
  const { name, version } = splitQuery(query);
  const { inventory } = openProject(context, target);
  const matches: WhyMatch[] = [];
  for (const snapshot of inventory.snapshots) {
    for (const pkg of snapshot.packages) {
      if (pkg.name !== adapterFor(pkg.ecosystem).normaliseName(name) && !pkg.aliases?.includes(name))
        continue;
      if (version && pkg.version !== version) continue;
      matches.push({ snapshot, pkg, search: findDependencyPaths(snapshot, pkg.id, limit, pkg.scope) });
    }
  }
  if (matches.length === 0) {
    throw new LockkeeperError("NOT_FOUND", `${query} is not a dependency of ${target}`, {
      hint: "names are matched exactly (PyPI names after PEP 503 normalisation); try 'lk inventory' to list them",
    });
  }
  return matches;
}

/** `name`, `name@1.0.0`, `@scope/name@1.0.0`. */
function splitQuery(query: string): { name: string; version?: string } {
  const at = query.lastIndexOf("@");
  return at > 0 ? { name: query.slice(0, at), version: query.slice(at + 1) } : { name: query };
}
