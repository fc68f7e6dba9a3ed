import { ExistingPaths } from "../../../files/existing-paths.js";
import { dirnameRelative, joinRelative } from "../../../files/project-files.js";
import { topLevelModule } from "./python-module-names.js";

/**
 * Modules that are the project's own code although imported by a bare name: Python packages and
 * modules beside the importing file or at its project's root (`import app.models`).
 */
export class LocalPythonModules {
  private readonly paths: ExistingPaths;

  constructor(root: string) {
    this.paths = new ExistingPaths(root);
  }

  /** A top-level module found in the file's folder or one above it, up to its project. */
  isLocal(module: string, fileDir: string, projectDir: string): boolean {
    const top = topLevelModule(module);
    const dirs: string[] = [];
    for (let dir = fileDir; ; dir = dirnameRelative(dir)) {
      dirs.push(dir);
      if (dir === projectDir || dir === ".") break;
    }
    dirs.push(joinRelative(projectDir, "src"));
    return dirs.some(
      (dir) => this.paths.has(joinRelative(dir, `${top}.py`)) || this.paths.has(joinRelative(dir, top)),
    );
  }
}
