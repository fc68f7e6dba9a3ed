import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * The snapshot shipped in the package (`data/advisories` at the package root), opened read-only
 * when the user has no database of their own. Found by walking up from this module to the
 * folder holding package.json, which works from `src/` (tests) and from `dist/src/` alike.
 */
export function shippedAdvisoryDbDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, "package.json"))) return join(dir, "data", "advisories");
    const parent = dirname(dir);
    if (parent === dir)
      return resolve(dirname(fileURLToPath(import.meta.url)), "../../../../data/advisories");
    dir = parent;
  }
}

/** A folder of the package's `data/` (`sample` for the server's sample projects). */
export function shippedDataDir(name: string): string {
  return join(dirname(shippedAdvisoryDbDir()), name);
}
