import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { RegistryVersions } from "./scan.js";

/**
 * Published npm versions from a folder of saved packuments (`<name>.json`, scoped names as
 * `@scope%2fname.json` or `@scope/name.json`): an offline mirror of registry metadata for fix
 * suggestions. Unreadable or missing files mean "unknown", so the advisories' fixed versions are used.
 */
export function packumentVersions(dir: string): RegistryVersions {
  const cache = new Map<string, readonly string[] | undefined>();
  return async (ecosystem, name) => {
    if (ecosystem !== "npm") return undefined;
    if (!cache.has(name)) cache.set(name, readVersions(dir, name));
    return cache.get(name);
  };
}

function readVersions(dir: string, name: string): readonly string[] | undefined {
  for (const file of [`${name.replace("/", "%2f")}.json`, `${name}.json`]) {
    try {
      const packument = JSON.parse(readFileSync(join(dir, file), "utf8")) as {
        versions?: Record<string, unknown>;
      };
      if (packument.versions && typeof packument.versions === "object")
        return Object.keys(packument.versions);
    } catch {
      // try the other spelling; absent means unknown
    }
  }
  return undefined;
}
