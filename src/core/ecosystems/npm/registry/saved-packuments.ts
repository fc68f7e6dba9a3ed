import { readFileSync } from "node:fs";
import { join } from "node:path";
import { type NpmPackument, normalisePackument } from "./packument.js";

/**
 * A packument saved in a folder (`<name>.json`; scoped names as `@scope%2fname.json` or
 * `@scope/name.json`): an offline copy of what the registry serves, read with the registry
 * client's own parser. Undefined when there is no such file or it is not a packument.
 */
export function readSavedPackument(dir: string, name: string): NpmPackument | undefined {
  for (const file of [`${name.replace("/", "%2f")}.json`, `${name}.json`]) {
    const path = join(dir, file);
    try {
      const packument = normalisePackument(JSON.parse(readFileSync(path, "utf8")), name, path);
      if (packument) return packument;
    } catch {
      // try the other spelling; absent means unknown
    }
  }
  return undefined;
}
