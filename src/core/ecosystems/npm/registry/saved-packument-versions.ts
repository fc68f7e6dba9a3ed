import type { RegistryVersions } from "../../../findings/scan.js";
import { readSavedPackument } from "./saved-packuments.js";

/**
 * Published npm versions from a folder of saved packuments (see `readSavedPackument`): an offline
 * mirror of registry metadata for fix suggestions. Unreadable or missing files mean "unknown",
 * so the advisories' fixed versions are used.
 */
export function packumentVersions(dir: string): RegistryVersions {
  const cache = new Map<string, readonly string[] | undefined>();
  return async (ecosystem, name) => {
    if (ecosystem !== "npm") return undefined;
    if (!cache.has(name)) {
      const packument = readSavedPackument(dir, name);
      cache.set(name, packument && Object.keys(packument.versions));
    }
    return cache.get(name);
  };
}
