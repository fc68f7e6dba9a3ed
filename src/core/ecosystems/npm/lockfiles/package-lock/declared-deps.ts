import type { DependencyKind } from "../../../../model/types.js";

/** A plain JSON object (not an array, not null). */
export type JsonObject = Record<string, unknown>;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export type DeclaredDependencyVisitor = (name: string, range: string, kind: DependencyKind) => void;

/**
 * Visits the dependencies a manifest-shaped object declares (a package.json, a v2/v3 `packages`
 * entry): `dependencies` (prod), `optionalDependencies` (optional), `peerDependencies` (peer, or
 * optional when `peerDependenciesMeta` says so) and, for roots only, `devDependencies` (dev): a
 * package's own dev dependencies are never installed for its consumers.
 *
 * @returns the names of fields that are present but malformed (the caller warns), or undefined.
 */
export function visitDeclaredDependencies(
  manifest: JsonObject,
  includeDev: boolean,
  visit: DeclaredDependencyVisitor,
): string[] | undefined {
  let malformed: string[] | undefined;
  const flag = (field: string): void => {
    malformed ??= [];
    malformed.push(field);
  };
  const { dependencies, optionalDependencies, peerDependencies, devDependencies } = manifest;
  const optional = isObject(optionalDependencies) ? optionalDependencies : undefined;
  if (dependencies !== undefined) {
    // npm copies optionalDependencies into dependencies; the optional declaration is the real one.
    if (!visitMap(dependencies, "prod", visit, optional)) flag("dependencies");
  }
  if (optionalDependencies !== undefined && !visitMap(optionalDependencies, "optional", visit)) {
    flag("optionalDependencies");
  }
  if (peerDependencies !== undefined) {
    const meta = manifest.peerDependenciesMeta;
    if (!visitMap(peerDependencies, "peer", visit, undefined, isObject(meta) ? meta : undefined)) {
      flag("peerDependencies");
    }
  }
  if (includeDev && devDependencies !== undefined && !visitMap(devDependencies, "dev", visit)) {
    flag("devDependencies");
  }
  return malformed;
}

/** @returns false when the map or one of its ranges is malformed (the rest is still visited). */
function visitMap(
  map: unknown,
  kind: DependencyKind,
  visit: DeclaredDependencyVisitor,
  exclude?: JsonObject,
  peerMeta?: JsonObject,
): boolean {
  if (!isObject(map)) return false;
  let ok = true;
  for (const name in map) {
    const range = map[name];
    if (typeof range !== "string") {
      ok = false;
      continue;
    }
    if (exclude !== undefined && name in exclude) continue;
    if (peerMeta !== undefined) {
      const meta = peerMeta[name];
      visit(name, range, isObject(meta) && meta.optional === true ? "optional" : kind);
    } else {
      visit(name, range, kind);
    }
  }
  return ok;
}
