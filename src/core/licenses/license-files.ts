import { readdirSync } from "node:fs";
import { join, relative, sep } from "node:path";

/** File names that hold a licence or its notices: LICENSE*, LICENCE*, COPYING*, NOTICE*. */
const LICENSE_FILE = /^(?:licen[cs]e|copying|notice)(?:$|[-_.\s])/i;

/**
 * Licence files directly in a package directory, sorted by name. NOTICE files are included
 * because Apache-2.0 asks for them to be passed on with the licence.
 */
export function licenseFilesIn(dir: string): string[] {
  try {
    return readdirSync(dir, { withFileTypes: true })
      .filter((entry) => entry.isFile() && LICENSE_FILE.test(entry.name))
      .map((entry) => join(dir, entry.name))
      .sort();
  } catch {
    return [];
  }
}

/** Every file below a directory (a wheel's `licenses/` folder keeps the source tree's layout). */
export function filesBelow(dir: string): string[] {
  try {
    return (
      readdirSync(dir, { recursive: true, withFileTypes: true })
        .filter((entry) => entry.isFile())
        // `parentPath` arrived in Node 20.12; earlier 20.x releases call it `path`.
        .map((entry) => join(entry.parentPath ?? (entry as { path?: string }).path ?? dir, entry.name))
        .sort()
    );
  } catch {
    return [];
  }
}

/** A path for messages and reports: relative to the project with forward slashes. */
export function displayPath(projectDir: string, path: string): string {
  const rel = relative(projectDir, path);
  return (rel.startsWith("..") ? path : rel).split(sep).join("/");
}
