import type { ManifestDeclarations } from "../../import-support.js";
import { readPyproject } from "../toml/pyproject.js";

/** The project name and dependencies of a pyproject.toml (PEP 621, dependency groups, Poetry, uv). */
export function readPyprojectDeclarations(path: string, content: string): ManifestDeclarations {
  const manifest = readPyproject(path, content, /^\[tool\.poetry[.\]]/m.test(content) ? "poetry" : "uv");
  const declarations: ManifestDeclarations = { dependencies: [] };
  if (manifest.name) declarations.name = manifest.name;
  for (const dependency of manifest.dependencies) {
    if (dependency.name.toLowerCase() === "python") continue; // Poetry's interpreter constraint
    declarations.dependencies.push({
      name: dependency.name,
      kind: dependency.kind,
      source: `${path} (${dependency.section})`,
    });
  }
  return declarations;
}
