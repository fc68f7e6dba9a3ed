import { type Dirent, readdirSync } from "node:fs";
import { join } from "node:path";
import type { ImportingAdapter } from "../ecosystems/import-support.js";
import type { Ecosystem } from "../model/types.js";
import type { ProductionFilter } from "./production-files.js";

export interface SourceFile {
  /** Relative to the project directory, forward slashes. */
  path: string;
  /** The language it is scanned as (`js`, `python`). */
  language: string;
  /** The ecosystem whose language it is. */
  adapter: ImportingAdapter;
}

/** What one walk of a project finds: production source, manifests and installed environments. */
export interface ProjectTree {
  sources: SourceFile[];
  /** Per ecosystem: relative paths of its manifests outside excluded folders. */
  manifests: Map<Ecosystem, string[]>;
  /** Per ecosystem: folders that are installed environments (any name), read for metadata, never scanned. */
  environments: Map<Ecosystem, string[]>;
  /** Source files left out as non-production (in excluded folders too), for the summary. */
  nonProduction: number;
}

/**
 * Walks the project once, in path order, pruning excluded folders, dot-folders and the
 * ecosystems' folders of installed packages.
 */
export function walkProject(
  root: string,
  filter: ProductionFilter,
  adapters: readonly ImportingAdapter[],
): ProjectTree {
  const tree: ProjectTree = { sources: [], manifests: new Map(), environments: new Map(), nonProduction: 0 };
  const languages = new Map<string, { language: string; adapter: ImportingAdapter }>();
  const manifests = new Map<string, string[]>();
  const neverWalked = new Set<string>();
  for (const adapter of adapters) {
    for (const [extension, language] of Object.entries(adapter.imports.sourceExtensions))
      languages.set(extension, { language, adapter });
    const paths: string[] = [];
    tree.manifests.set(adapter.ecosystem, paths);
    for (const name of adapter.imports.manifestNames) manifests.set(name, paths);
    tree.environments.set(adapter.ecosystem, []);
    for (const name of adapter.imports.skippedFolders) neverWalked.add(name);
  }
  const environmentOf = (dir: string) => adapters.find((adapter) => adapter.imports.isEnvironment?.(dir));

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
        const environment = environmentOf(join(root, path));
        if (environment) {
          if (!excluded) tree.environments.get(environment.ecosystem)?.push(path);
        } else if (!(neverWalked.has(entry.name) || entry.name.startsWith("."))) {
          walk(path, excluded || filter.excludesDirectory(path));
        }
        continue;
      }
      if (!entry.isFile()) continue;
      const dot = entry.name.lastIndexOf(".");
      const source = dot === -1 ? undefined : languages.get(entry.name.slice(dot + 1));
      if (excluded) {
        if (source) tree.nonProduction++;
        continue;
      }
      manifests.get(entry.name)?.push(path);
      if (!source) continue;
      if (filter.isProduction(path)) tree.sources.push({ path, ...source });
      else tree.nonProduction++;
    }
  };
  walk(".", false);
  return tree;
}
