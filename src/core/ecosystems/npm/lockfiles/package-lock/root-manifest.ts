import type { ProjectFiles } from "../../../../files/project-files.js";
import { isObject, type JsonObject } from "./declared-deps.js";

export interface RootManifest {
  manifest: JsonObject | undefined;
  /** Why package.json could not be used, for the warning that replaces it. */
  problem?: string;
  /** Set when there is no package.json at all (a problem for v1, normal for a v2/v3 workspace fixture). */
  missing?: true;
}

/** The package.json of a lockfile root; a missing or broken one is a problem to warn about, not a failure. */
export function readRootManifest(files: ProjectFiles, manifestPath: string): RootManifest {
  const text = files.readText(manifestPath);
  if (text === undefined) return { manifest: undefined, problem: `${manifestPath} not found`, missing: true };
  try {
    const manifest: unknown = JSON.parse(text);
    if (isObject(manifest)) return { manifest };
  } catch {
    // Reported below like any other unusable manifest.
  }
  return { manifest: undefined, problem: `${manifestPath} is not a JSON object` };
}
