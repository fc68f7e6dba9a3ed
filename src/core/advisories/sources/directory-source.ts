import { type Dirent, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { LockkeeperError } from "../../errors.js";
import { documentFormat, type ReadOutcome, readOsvDocument } from "./record-reader.js";

/**
 * Reads every OSV record under a directory: `.json`, `.yaml` and `.yml` files at any depth, in a
 * stable (sorted) order so that imports are reproducible. Entries whose name starts with `.`
 * (`.git`, pypa's `.id-allocator`) and files of other types (LICENSE, README.md) are not records
 * and are passed over. Each file yields one outcome; bad files are `rejected`, never thrown.
 */
export function* readOsvDirectory(dir: string): Generator<ReadOutcome> {
  for (const file of listRecordFiles(dir)) {
    const format = documentFormat(file);
    if (!format) continue;
    let bytes: Uint8Array;
    try {
      bytes = readFileSync(file);
    } catch (error: unknown) {
      yield { kind: "rejected", origin: file, error: `${file}: cannot be read: ${(error as Error).message}` };
      continue;
    }
    yield readOsvDocument(bytes, file, format);
  }
}

/** Paths of the candidate record files under `dir`, depth-first, names sorted by code point. */
export function listRecordFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (current: string): void => {
    let entries: Dirent[];
    try {
      entries = readdirSync(current, { withFileTypes: true });
    } catch (error: unknown) {
      const code = (error as NodeJS.ErrnoException).code;
      throw new LockkeeperError(
        code === "ENOENT" ? "NOT_FOUND" : "USAGE",
        code === "ENOENT"
          ? `advisory source ${current} does not exist`
          : `cannot read advisory directory ${current}: ${(error as Error).message}`,
        { file: current, cause: error },
      );
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      if (entry.name.startsWith(".")) continue;
      const path = join(current, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile() && documentFormat(entry.name)) out.push(path);
    }
  };
  walk(dir);
  return out;
}
