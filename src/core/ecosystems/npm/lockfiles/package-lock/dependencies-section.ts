import type { DependencyKind } from "../../../../model/types.js";
import { isObject, type JsonObject, visitDeclaredDependencies } from "./declared-deps.js";
import { entryProblem, hashesOf, type LockContext, noteMissing, reportMissing } from "./package-entry.js";
import type { RootManifest } from "./root-manifest.js";
import { parseV1Version, sourceFromResolved } from "./sources.js";

/** One `dependencies` object of the v1 tree: what is installed at that level of node_modules. */
interface Level {
  installed: Map<string, Installed>;
  parent: Level | undefined;
}

interface Installed {
  id: string;
  /** Its install path (`node_modules/a/node_modules/b`). */
  path: string;
  optional: boolean;
}

/** A v1 entry's `requires`, resolved once the whole tree is known. */
interface Requirer {
  id: string;
  path: string;
  optional: boolean;
  requires: JsonObject;
  /** Where resolution starts: the entry's own nested dependencies, else its level. */
  level: Level;
}

/** The project's declared dependencies, from package.json beside the lockfile. */
/**
 * Reads lockfile v1: a tree of `dependencies` objects mirroring node_modules, where `requires`
 * names what each package needs, found by walking up the tree as node does. v1 records no
 * declared ranges for the project itself, so root edges come from package.json.
 */
export function readDependenciesSection(
  context: LockContext,
  dependencies: JsonObject,
  root: { name?: string; version?: string },
  rootManifest: RootManifest,
): void {
  const { builder } = context;
  const rootId = builder.addRoot(".", root.name, root.version);
  builder.addLocationRoot("");
  const top: Level = { installed: new Map(), parent: undefined };
  const requirers: Requirer[] = [];
  const stack: Array<[JsonObject, Level, string]> = [[dependencies, top, ""]];

  for (let item = stack.pop(); item !== undefined; item = stack.pop()) {
    const [deps, level, prefix] = item;
    for (const key in deps) {
      const entry = deps[key];
      const path = `${prefix}node_modules/${key}`;
      builder.countEntry();
      const problem = entryProblem(entry);
      if (problem !== undefined || !isObject(entry)) {
        // v1 keys repeat at every nesting level, so a line found by searching could be the wrong one.
        builder.skip(path, problem ?? "entry is not an object");
        continue;
      }
      const spec = parseV1Version(entry.version as string);
      const id = builder.addPackage({
        name: spec.name ?? key,
        version: spec.version,
        source:
          spec.source ?? sourceFromResolved(typeof entry.resolved === "string" ? entry.resolved : undefined),
        hashes: hashesOf(context, entry),
        alias: key,
        location: { key: path },
      });
      const optional = entry.optional === true;
      level.installed.set(key, { id, path, optional });
      let own = level;
      if (isObject(entry.dependencies)) {
        own = { installed: new Map(), parent: level };
        stack.push([entry.dependencies, own, `${path}/`]);
      } else if (entry.dependencies !== undefined) {
        builder.warn(`${path}: ignored malformed dependencies in the lockfile`);
      }
      if (isObject(entry.requires))
        requirers.push({ id, path, optional, requires: entry.requires, level: own });
      else if (entry.requires !== undefined)
        builder.warn(`${path}: ignored malformed requires in the lockfile`);
    }
  }

  for (const requirer of requirers) {
    for (const name in requirer.requires) {
      const range = requirer.requires[name];
      const target = find(requirer.level, name);
      if (target === undefined) {
        noteMissing(context, requirer.path, name, requirer.optional ? "optional" : "prod");
        continue;
      }
      // v1 `requires` does not say which dependencies are optional, but the flags do: a target
      // flagged optional below a package that is not can only be reached through an optional edge.
      const kind: DependencyKind = target.optional && !requirer.optional ? "optional" : "prod";
      builder.addEdge(requirer.id, target.id, kind, typeof range === "string" ? range : undefined);
      builder.addLocationEdge(requirer.path, target.path, kind);
    }
  }

  addRootEdges(context, rootId, top, dependencies, rootManifest);
  reportMissing(context);
}

function find(level: Level | undefined, name: string): Installed | undefined {
  for (let current = level; current; current = current.parent) {
    const found = current.installed.get(name);
    if (found) return found;
  }
  return undefined;
}

function addRootEdges(
  context: LockContext,
  rootId: string,
  top: Level,
  dependencies: JsonObject,
  { manifest, problem }: RootManifest,
): void {
  const { builder } = context;
  if (manifest) {
    const malformed = visitDeclaredDependencies(manifest, true, (name, range, kind) => {
      const target = top.installed.get(name);
      if (target) {
        builder.addEdge(rootId, target.id, kind, range);
        builder.addLocationEdge("", target.path, kind);
      } else noteMissing(context, "package.json", name, kind);
    });
    if (malformed !== undefined) builder.warn(`package.json: ignored malformed ${malformed.join(", ")}`);
    return;
  }
  // Without package.json the top level is the best guess: it holds the direct dependencies, but
  // also everything hoisted, so some transitive packages will look direct.
  builder.warn(
    `${problem ?? "package.json not found"}: direct dependencies guessed from the top level of the lockfile`,
  );
  for (const [name, installed] of top.installed) {
    const entry = dependencies[name] as JsonObject;
    const kind: DependencyKind = entry.dev === true ? "dev" : installed.optional ? "optional" : "prod";
    builder.addEdge(rootId, installed.id, kind);
    builder.addLocationEdge("", installed.path, kind);
  }
}
