import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/**
 * A folder of small JSON documents keyed by name: registry answers kept between runs so repeated
 * checks do not ask again. Facts about published versions never change, so `read` entries never
 * expire; documents that do change (a packument gains versions) are read with `readFresh` and a
 * lifetime. A cache that cannot be read or written is skipped, never an error: it only saves
 * requests.
 */
export class JsonFileCache {
  constructor(private readonly dir: string | undefined) {}

  read(key: string): unknown {
    if (!this.dir) return undefined;
    try {
      return JSON.parse(readFileSync(entryPath(this.dir, key), "utf8"));
    } catch {
      return undefined;
    }
  }

  /** The entry when it was written less than `maxAgeMs` ago; undefined when older or absent. */
  readFresh(key: string, maxAgeMs: number): unknown {
    if (!this.dir) return undefined;
    try {
      if (Date.now() - statSync(entryPath(this.dir, key)).mtimeMs >= maxAgeMs) return undefined;
    } catch {
      return undefined;
    }
    return this.read(key);
  }

  write(key: string, value: unknown): void {
    if (!this.dir) return;
    const path = entryPath(this.dir, key);
    const temporary = `${path}.${process.pid}.tmp`;
    try {
      mkdirSync(this.dir, { recursive: true });
      // Write then rename: a concurrent reader sees the old entry or the new one, never half of one.
      writeFileSync(temporary, JSON.stringify(value));
      renameSync(temporary, path);
    } catch {
      // A read-only or full disk only costs the next run a request.
    }
  }
}

function entryPath(dir: string, key: string): string {
  return join(dir, `${encodeURIComponent(key)}.json`);
}
