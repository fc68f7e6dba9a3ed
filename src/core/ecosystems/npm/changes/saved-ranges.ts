import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { readRegularFile } from "../../../files/read-regular-file.js";

const SECTIONS = ["dependencies", "devDependencies", "optionalDependencies", "peerDependencies"] as const;

/**
 * Sets dependencies' ranges in `dir`'s package.json, in whichever section holds each, keeping the
 * file's indentation. Package managers are given exact versions (so they install exactly what was
 * vetted or planned); pnpm and yarn then save that bare version, where npm would save `^version`,
 * so the range the project uses is written back here. Returns whether the file changed.
 */
export function setSavedRanges(dir: string, ranges: ReadonlyMap<string, string>): boolean {
  const path = join(dir, "package.json");
  const text = readRegularFile(path, path);
  const manifest = JSON.parse(text) as Partial<Record<(typeof SECTIONS)[number], Record<string, string>>>;
  let changed = false;
  for (const [name, range] of ranges) {
    for (const section of SECTIONS) {
      const deps = manifest[section];
      if (deps?.[name] !== undefined && deps[name] !== range) {
        deps[name] = range;
        changed = true;
      }
    }
  }
  if (changed) {
    const indent = /^\{\r?\n([ \t]+)"/.exec(text)?.[1] ?? "  ";
    writeFileSync(path, `${JSON.stringify(manifest, null, indent)}${text.endsWith("\n") ? "\n" : ""}`);
  }
  return changed;
}
