import { LockkeeperError } from "../../../../errors.js";
import type { ProjectFiles } from "../../../../files/project-files.js";
import { normalisePypiName } from "../../names.js";
import { includePath } from "../../requirements/layering.js";
import {
  parseRequirementsDocument,
  type RequirementsDocument,
} from "../../requirements/requirements-document.js";

/** One file pip reads for a layer: the `.in`, what it includes with `-r`, its `-c` constraints. */
export interface TreeFile {
  /** Relative to the project directory: how pip-compile names it in `# via -r …`. */
  path: string;
  /** Requirements to install (`-r`), or only pins to respect (`-c`, and anything a constraint file includes). */
  role: "input" | "constraint";
  content: string;
  doc: RequirementsDocument;
}

/** The files of a layer in the order pip reads them: the `.in` first. */
export type InputTree = readonly [TreeFile, ...TreeFile[]];

/** What the input files say about a package, for pip-compile's annotations. */
export interface LayerSources {
  /** The layer's `.in`: where a requested package that no file names (a URL line) comes from. */
  entry: string;
  /** Normalised name → input files that require it. */
  inputs: Map<string, string[]>;
  /** Normalised name → constraint files that pin it. */
  constraints: Map<string, string[]>;
  /** Normalised name → extras the input files ask for. */
  extras: Map<string, string[]>;
  /** Normalised name → environment marker of its input line, kept on the pin as pip-compile does. */
  markers: Map<string, string>;
}

/** `-r https://…` is fetched by pip itself; only local files are read here. */
const URL = /^[A-Za-z][A-Za-z0-9+.-]*:\/\//;

/** Reads a layer's `.in` and every local file it includes or constrains on, transitively. */
export function readInputTree(files: ProjectFiles, inFile: string): InputTree {
  const root = files.readText(inFile);
  if (root === undefined) throw new LockkeeperError("NOT_FOUND", `${files.display(inFile)} does not exist`);
  const tree: [TreeFile, ...TreeFile[]] = [
    { path: inFile, role: "input", content: root, doc: parseRequirementsDocument(root) },
  ];
  const seen = new Set<string>([inFile]);
  // Breadth first: the loop reaches the files it appends.
  for (const file of tree) {
    for (const include of file.doc.includes) {
      if (URL.test(include.path)) continue;
      const path = includePath(file.path, include.path);
      if (seen.has(path)) continue;
      seen.add(path);
      const content = files.readText(path);
      if (content === undefined) {
        throw new LockkeeperError(
          "NOT_FOUND",
          `${include.constraint ? "-c" : "-r"} ${include.path}: no such file`,
          {
            file: files.display(file.path),
            line: include.line,
          },
        );
      }
      const role = include.constraint || file.role === "constraint" ? "constraint" : "input";
      tree.push({ path, role, content, doc: parseRequirementsDocument(content) });
    }
  }
  return tree;
}

/** Collects, per package, the input files, constraint files, extras and markers that name it. */
export function layerSources(tree: InputTree): LayerSources {
  const sources: LayerSources = {
    entry: tree[0].path,
    inputs: new Map(),
    constraints: new Map(),
    extras: new Map(),
    markers: new Map(),
  };
  for (const file of tree) {
    for (const { requirement } of file.doc.entries) {
      if (!requirement.name) continue;
      const key = normalisePypiName(requirement.name);
      if (file.role === "constraint") {
        addUnique(sources.constraints, key, file.path);
        continue;
      }
      addUnique(sources.inputs, key, file.path);
      for (const extra of requirement.extras) addUnique(sources.extras, key, extra);
      if (requirement.markers && !sources.markers.has(key)) sources.markers.set(key, requirement.markers);
    }
  }
  return sources;
}

function addUnique(map: Map<string, string[]>, key: string, value: string): void {
  const list = map.get(key);
  if (!list) map.set(key, [value]);
  else if (!list.includes(value)) list.push(value);
}
