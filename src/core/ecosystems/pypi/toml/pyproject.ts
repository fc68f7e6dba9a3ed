import type { DependencyKind } from "../../../model/types.js";
import { parsePep508 } from "../pep508.js";
import { readToml, type TomlTable } from "./read-toml.js";
import { arrayOf, isTable, stringOf, stringsOf, tableAt, tableOf } from "./toml-values.js";

/** One dependency a pyproject.toml declares, from whichever table declares it. */
export interface DeclaredDependency {
  /** As written (not normalised). */
  name: string;
  kind: DependencyKind;
  /** Declared version range (`>=1.2,<2`, Poetry's `^1.2`); absent for URL, path and git dependencies. */
  range?: string;
  /** Extras requested on the dependency (`cachecontrol[filecache]`). */
  extras: string[];
  markers?: string;
  /** The declaring table, for messages: `project.dependencies`, `tool.poetry.group.test.dependencies`. */
  section: string;
}

export interface PyprojectManifest {
  name?: string;
  version?: string;
  dependencies: DeclaredDependency[];
  /** Declarations that could not be read, as messages. */
  problems: string[];
}

/**
 * Which tool's own tables to read besides the standard ones (`[project]`, PEP 735
 * `[dependency-groups]`): Poetry's `[tool.poetry.*dependencies]`, uv's legacy
 * `[tool.uv] dev-dependencies` or pdm's `[tool.pdm.dev-dependencies]`; `standard` reads none.
 */
export type PyprojectTool = "poetry" | "uv" | "pdm" | "standard";

/**
 * Reads the declared dependencies of a pyproject.toml. Throws a PARSE error for invalid TOML;
 * entries it cannot understand are listed in `problems`.
 */
export function readPyproject(file: string, content: string, tool: PyprojectTool): PyprojectManifest {
  const doc = readToml(file, content);
  const project = tableOf(doc.project);
  const poetry = tableAt(doc, "tool", "poetry");
  const manifest: PyprojectManifest = { dependencies: [], problems: [] };
  const name = stringOf(project?.name) ?? (tool === "poetry" ? stringOf(poetry?.name) : undefined);
  const version = stringOf(project?.version) ?? (tool === "poetry" ? stringOf(poetry?.version) : undefined);
  if (name) manifest.name = name;
  if (version) manifest.version = version;

  addPep508List(manifest, project?.dependencies, "prod", "project.dependencies");
  for (const [extra, list] of Object.entries(tableOf(project?.["optional-dependencies"]) ?? {}))
    addPep508List(manifest, list, "optional", `project.optional-dependencies.${extra}`);
  addDependencyGroups(manifest, doc);

  if (tool === "poetry" && poetry) {
    addPoetryTable(manifest, poetry.dependencies, "prod", "tool.poetry.dependencies");
    addPoetryTable(manifest, poetry["dev-dependencies"], "dev", "tool.poetry.dev-dependencies");
    for (const [group, table] of Object.entries(tableOf(poetry.group) ?? {})) {
      // Poetry's implicit `main` group is the production one; every other group is opt-in tooling.
      const kind = group === "main" ? "prod" : "dev";
      addPoetryTable(manifest, tableOf(table)?.dependencies, kind, `tool.poetry.group.${group}.dependencies`);
    }
  }
  if (tool === "uv") {
    addPep508List(
      manifest,
      tableAt(doc, "tool", "uv")?.["dev-dependencies"],
      "dev",
      "tool.uv.dev-dependencies",
    );
  }
  if (tool === "pdm") {
    // pdm's groups before PEP 735; each is a list of requirements like a dependency group.
    for (const [group, list] of Object.entries(tableAt(doc, "tool", "pdm", "dev-dependencies") ?? {}))
      addPep508List(manifest, list, "dev", `tool.pdm.dev-dependencies.${group}`);
  }
  return manifest;
}

function addPep508List(
  manifest: PyprojectManifest,
  list: unknown,
  kind: DependencyKind,
  section: string,
): void {
  if (list === undefined) return;
  const items = arrayOf(list);
  if (!items) {
    manifest.problems.push(`${section} is not a list`);
    return;
  }
  for (const item of items) addPep508(manifest, item, kind, section);
}

function addPep508(manifest: PyprojectManifest, item: unknown, kind: DependencyKind, section: string): void {
  const requirement = typeof item === "string" ? parsePep508(item) : "not a string";
  if (typeof requirement === "string") {
    manifest.problems.push(`${section}: cannot read requirement ${JSON.stringify(item)}`);
    return;
  }
  const declared: DeclaredDependency = { name: requirement.name, kind, extras: requirement.extras, section };
  if (requirement.specifier) declared.range = requirement.specifier;
  if (requirement.markers) declared.markers = requirement.markers;
  manifest.dependencies.push(declared);
}

/** PEP 735 groups; `{include-group = "x"}` pulls in another group's entries. */
function addDependencyGroups(manifest: PyprojectManifest, doc: TomlTable): void {
  const groups = tableOf(doc["dependency-groups"]);
  if (!groups) return;
  const expand = (group: string, section: string, seen: Set<string>): void => {
    const items = arrayOf(groups[group]);
    if (!items) {
      manifest.problems.push(`${section}: dependency group ${JSON.stringify(group)} is not a list`);
      return;
    }
    for (const item of items) {
      const include = isTable(item) ? stringOf(item["include-group"]) : undefined;
      if (include === undefined) addPep508(manifest, item, "dev", section);
      else if (!seen.has(include)) expand(include, section, new Set([...seen, include]));
    }
  };
  for (const group of Object.keys(groups)) expand(group, `dependency-groups.${group}`, new Set([group]));
}

/** `name = "^1.2"`, `name = {version, extras, optional, markers, git/path/url}` or a list of those tables. */
function addPoetryTable(
  manifest: PyprojectManifest,
  table: unknown,
  kind: DependencyKind,
  section: string,
): void {
  if (table === undefined) return;
  const entries = tableOf(table);
  if (!entries) {
    manifest.problems.push(`${section} is not a table`);
    return;
  }
  for (const [name, spec] of Object.entries(entries)) {
    // The interpreter constraint is not a package.
    if (name.toLowerCase() === "python") continue;
    const specs = Array.isArray(spec) ? spec : [spec];
    for (const one of specs) {
      const declared = poetryDeclaration(name, one, kind, section);
      if (declared) manifest.dependencies.push(declared);
      else manifest.problems.push(`${section}: cannot read ${name} = ${JSON.stringify(one)}`);
    }
  }
}

function poetryDeclaration(
  name: string,
  spec: unknown,
  kind: DependencyKind,
  section: string,
): DeclaredDependency | undefined {
  if (typeof spec === "string") return { name, kind, range: spec, extras: [], section };
  if (!isTable(spec)) return undefined;
  // `optional = true` marks a dependency that only a project extra installs.
  const declared: DeclaredDependency = {
    name,
    kind: spec.optional === true && kind === "prod" ? "optional" : kind,
    extras: stringsOf(spec.extras),
    section,
  };
  const range = stringOf(spec.version);
  if (range) declared.range = range;
  const markers = stringOf(spec.markers);
  if (markers) declared.markers = markers;
  return declared;
}
