import { joinRelative } from "../../../files/project-files.js";
import type { ImportSupport } from "../../import-support.js";
import { LocalJsModules } from "./local-modules.js";
import { npmPackageOf } from "./npm-specifier.js";
import { readPackageJson } from "./package-json.js";
import { runByScripts } from "./run-by-scripts.js";
import { NPM_SOURCE_EXTENSIONS, scanSource } from "./scan-source.js";

/** JavaScript, TypeScript, Vue and Svelte source against package.json and npm lockfile roots. */
export const npmImports: ImportSupport = {
  sourceExtensions: NPM_SOURCE_EXTENSIONS,
  scan: scanSource,
  skippedFolders: ["node_modules", "bower_components"],
  manifestNames: ["package.json"],
  readManifest: readPackageJson,
  // Workspace roots declare their own dependencies; a lockfile root's name is the package itself.
  scopeOfRoot: (lockDir, root) => ({ dir: joinRelative(lockDir, root.path), selfName: root.name }),
  resolver({ root }) {
    const local = new LocalJsModules(root);
    return {
      importedName: (found) => npmPackageOf(found.specifier),
      providers: (found, name, where) =>
        local.isLocal(found.specifier, where.scopeDir) ? undefined : [name],
      // Type packages are used by the compiler; CLIs by the scripts that run them.
      usedOtherwise: (name, scope) =>
        name.startsWith("@types/") || runByScripts(root, scope.dir, scope.scripts, name),
    };
  },
};
