import { type Dirent, existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import type { ProductionFilter, SourceLanguage } from "./production-files.js";
import { sourceLanguage } from "./production-files.js";

export interface SourceFile {
  /** Relative to the project directory, forward slashes. */
  path: string;
  language: SourceLanguage;
}

/** What one walk of a project finds: production source, manifests and virtual environments. */
export interface ProjectTree {
  sources: SourceFile[];
  /** Relative paths of every package.json outside excluded folders. */
  packageJsons: string[];
  pyprojects: string[];
  /** Folders holding a `pyvenv.cfg` (any name): read for installed metadata, never scanned. */
  venvs: string[];
  /** Source files left out as non-production (in excluded folders too), for the summary. */
  nonProduction: number;
}

/** Never walked: installed packages, caches and version-control data. */
const NEVER_WALKED = new Set(["node_modules", "__pycache__", "site-packages", "bower_components"]);

/** Walks the project once, in path order, pruning excluded and installed folders. */
export function walkProject(root: string, filter: ProductionFilter): ProjectTree {
  const tree: ProjectTree = { sources: [], packageJsons: [], pyprojects: [], venvs: [], nonProduction: 0 };
  // Excluded folders are still listed (not read) so the summary counts what was left out.
  const walk = (relativeDir: string, excluded: boolean): void => {
    const absolute = relativeDir === "." ? root : join(root, relativeDir);
    let entries: Dirent[];
    try {
      entries = readdirSync(absolute, { withFileTypes: true });
    } catch {
      return; // an unreadable folder has nothing we can check
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const path = relativeDir === "." ? entry.name : `${relativeDir}/${entry.name}`;
      if (entry.isDirectory()) {
        if (existsSync(join(root, path, "pyvenv.cfg"))) {
          if (!excluded) tree.venvs.push(path);
        } else if (!(NEVER_WALKED.has(entry.name) || entry.name.startsWith("."))) {
          walk(path, excluded || filter.excludesDirectory(path));
        }
        continue;
      }
      if (!entry.isFile()) continue;
      const language = sourceLanguage(entry.name);
      if (excluded) {
        if (language) tree.nonProduction++;
        continue;
      }
      if (entry.name === "package.json") tree.packageJsons.push(path);
      else if (entry.name === "pyproject.toml") tree.pyprojects.push(path);
      if (!language) continue;
      if (filter.isProduction(path)) tree.sources.push({ path, language });
      else tree.nonProduction++;
    }
  };
  walk(".", false);
  return tree;
}
