import type { ProjectFiles } from "../../../../files/project-files.js";
import type { DependencyKind } from "../../../../model/types.js";

/** A dependency a package.json declares. */
export interface ManifestDependency {
  name: string;
  range: string;
  kind: DependencyKind;
}

/** The parts of a package.json that decide roots and scopes. */
export interface Manifest {
  /** Path of the package.json, relative to the ProjectFiles base. */
  path: string;
  name?: string;
  version?: string;
  dependencies: ManifestDependency[];
  /** `workspaces` globs, from the array form or `{ packages: [...] }`. */
  workspaces: string[];
  resolutions: Record<string, string>;
}

/** yarn.lock has no dev flags: the kinds come from the manifest's dependency groups. */
const GROUPS: ReadonlyArray<readonly [string, DependencyKind]> = [
  ["dependencies", "prod"],
  ["optionalDependencies", "optional"],
  ["peerDependencies", "peer"],
  ["devDependencies", "dev"],
];

/**
 * Reads a package.json. Messages name it by its project-relative path, not `files.display`,
 * so that warnings (part of the snapshot) do not depend on the working directory.
 * A missing file is undefined; an unreadable one is undefined plus a
 * warning (the lockfile is still worth reading); malformed fields are warned about and ignored.
 */
export function readManifest(
  files: ProjectFiles,
  path: string,
  warn: (message: string) => void,
): Manifest | undefined {
  const text = files.readText(path);
  if (text === undefined) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error: unknown) {
    warn(`${path} is not valid JSON (${(error as Error).message}); it was ignored`);
    return undefined;
  }
  if (!isRecord(json)) {
    warn(`${path} is not a JSON object; it was ignored`);
    return undefined;
  }
  const manifest: Manifest = { path, dependencies: [], workspaces: [], resolutions: {} };
  if (typeof json.name === "string") manifest.name = json.name;
  if (typeof json.version === "string") manifest.version = json.version;
  for (const [group, kind] of GROUPS) {
    const deps = json[group];
    if (deps === undefined) continue;
    if (!isRecord(deps)) {
      warn(`${path}: "${group}" is not an object; it was ignored`);
      continue;
    }
    for (const [name, range] of Object.entries(deps)) {
      if (typeof range === "string") manifest.dependencies.push({ name, range, kind });
      else warn(`${path}: ${group}.${name} is not a string; it was ignored`);
    }
  }
  const workspaces = isRecord(json.workspaces) ? json.workspaces.packages : json.workspaces;
  if (Array.isArray(workspaces)) {
    manifest.workspaces = workspaces.filter((w): w is string => typeof w === "string");
  } else if (workspaces !== undefined) {
    warn(`${path}: "workspaces" is neither an array nor { packages: [...] }; it was ignored`);
  }
  if (isRecord(json.resolutions)) {
    for (const [pattern, replacement] of Object.entries(json.resolutions)) {
      if (typeof replacement === "string") manifest.resolutions[pattern] = replacement;
    }
  }
  return manifest;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
