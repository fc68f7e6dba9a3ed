import { parseJsonText } from "../../../files/json-text.js";
import type { DependencyKind } from "../../../model/types.js";
import type { ManifestDeclarations } from "../../import-support.js";

const SECTIONS: [string, DependencyKind][] = [
  ["dependencies", "prod"],
  ["optionalDependencies", "optional"],
  ["peerDependencies", "peer"],
  ["devDependencies", "dev"],
];

/** The name, dependency sections and `scripts` of a package.json; undefined when it is no object. */
export function readPackageJson(path: string, content: string): ManifestDeclarations | undefined {
  const manifest = parseJsonText(content, path);
  if (typeof manifest !== "object" || manifest === null || Array.isArray(manifest)) return undefined;
  const record = manifest as Record<string, unknown>;
  const declarations: ManifestDeclarations = { dependencies: [] };
  if (typeof record.name === "string") declarations.name = record.name;
  for (const [section, kind] of SECTIONS) {
    const table = record[section];
    if (typeof table !== "object" || table === null) continue;
    for (const name of Object.keys(table)) declarations.dependencies.push({ name, kind, source: path });
  }
  if (typeof record.scripts === "object" && record.scripts !== null) {
    declarations.scripts = Object.values(record.scripts)
      .filter((v) => typeof v === "string")
      .join("\n");
  }
  return declarations;
}
