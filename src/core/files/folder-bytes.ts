import { type Dirent, lstatSync, readdirSync } from "node:fs";
import { join } from "node:path";

/** Bytes of every file below a folder; symbolic links are not followed (workspace links, pnpm). */
export function folderBytes(dir: string): number {
  let total = 0;
  for (const entry of folderEntries(dir)) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) total += folderBytes(path);
    else if (entry.isFile()) total += lstatSync(path).size;
  }
  return total;
}

/** A folder's entries; none when it is missing or unreadable (an install that created nothing there). */
export function folderEntries(dir: string): Dirent[] {
  try {
    return readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
}
