import { existsSync } from "node:fs";
import { homedir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * Where `lk db update` keeps the user's database: `$XDG_CACHE_HOME/lockkeeper/advisories`, or
 * `~/.cache/lockkeeper/advisories` (XDG's default) when the variable is unset or not absolute.
 */
export function defaultAdvisoryDbDir(env: NodeJS.ProcessEnv = process.env): string {
  const xdg = env.XDG_CACHE_HOME;
  const cache = xdg?.startsWith("/") ? xdg : join(homedir(), ".cache");
  return join(cache, "lockkeeper", "advisories");
}

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
