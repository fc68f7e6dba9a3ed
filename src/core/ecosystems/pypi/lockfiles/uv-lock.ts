import { isLockkeeperError, parseError } from "../../../errors.js";
import { dirnameRelative, joinRelative } from "../../../files/project-files.js";
import { SnapshotBuilder } from "../../../model/snapshot-builder.js";
import type { DependencyKind, Snapshot } from "../../../model/types.js";
import type { LockfileInput, LockfileParser } from "../../types.js";
import { normalisePypiName } from "../names.js";
import { pypiNaming } from "../naming.js";
import { type PyprojectManifest, readPyproject } from "../toml/pyproject.js";
import { arrayTableLines, readToml, type TomlTable } from "../toml/read-toml.js";
import { arrayOf, isTable, stringOf, stringsOf, tableOf } from "../toml/toml-values.js";
import { pep440Versioning } from "../versioning.js";
import { addManifestDependencies } from "./pyproject-beside.js";
import { type PythonDependency, PythonLockGraph } from "./python-lock-graph.js";
import {
  isProjectSource,
  packageSource,
  type UvReference,
  uvDeclaredRanges,
  uvHashes,
  uvMarkers,
  uvReferences,
  uvSource,
  uvSourceKey,
} from "./uv-entry.js";
import { reconcileWithPyproject } from "./uv-pyproject.js";

/** uv.lock (format version 1, any revision): packages, workspace projects as roots, groups and extras. */
export const uvLockParser: LockfileParser = {
  format: "uv-lock",
  ecosystem: "pypi",
  description: "uv lockfile (uv.lock) with workspace members, extras and dependency groups",
  matchesFileName: (fileName) => fileName === "uv.lock",
  fileNamePatterns: ["uv.lock"],
  parse: parseUvLock,
};

interface Declaring {
  id: string;
  name: string;
  entry: TomlTable;
  /** Workspace projects also install their dev groups; locked dependencies do not. */
  project: boolean;
}

function parseUvLock(input: LockfileInput): Snapshot {
  const doc = readToml(input.path, input.content);
  // uv's pre-release lockfiles called the entries `[[distribution]]`.
  const header = Array.isArray(doc.package)
    ? "package"
    : Array.isArray(doc.distribution)
      ? "distribution"
      : "";
  const entries = arrayOf(doc[header]);
  if (typeof doc.version !== "number" || !entries)
    throw parseError(input.path, "not a uv.lock: expected a top-level `version` and [[package]] entries");
  const builder = new SnapshotBuilder(
    {
      path: input.path,
      format: "uv-lock",
      ecosystem: "pypi",
      formatVersion: formatVersion(doc.version, doc.revision),
      manifests: [],
    },
    pypiNaming,
  );
  const pyproject = readManifest(input, builder);
  const members = new Set(stringsOf(tableOf(doc.manifest)?.members).map(normalisePypiName));
  const graph = new PythonLockGraph((version, range) => pep440Versioning.satisfies(version, range));
  const lines = arrayTableLines(input.content, header, entries.length);
  const declaring: Declaring[] = [];

  for (const [index, entry] of entries.entries()) {
    const line = lines?.[index];
    const label = `package #${index + 1}`;
    if (!isTable(entry)) {
      builder.countEntry();
      builder.skip(label, "not a table", line);
      continue;
    }
    const name = stringOf(entry.name);
    const version = stringOf(entry.version);
    const source = uvSource(entry.source);
    if (
      name &&
      source &&
      isProjectSource(source) &&
      (source.value === "." || members.has(normalisePypiName(name)))
    ) {
      const id = builder.addRoot(source.value, name, version);
      graph.addProject(name, id);
      declaring.push({ id, name, entry, project: true });
      continue;
    }
    builder.countEntry();
    if (!name) {
      builder.skip(label, "no name", line);
      continue;
    }
    // Only registry packages always carry a version; uv omits it for local trees with a dynamic one.
    if (!version && (!source || source.key === "registry")) {
      builder.skip(name, "no version", line);
      continue;
    }
    const markers = uvMarkers(entry["resolution-markers"]);
    const id = builder.addPackage({
      name,
      ...(version ? { version } : {}),
      source: source ? packageSource(source) : { kind: "registry" },
      hashes: uvHashes(entry),
      ...(markers ? { markers } : {}),
      ...(line ? { location: { line } } : {}),
    });
    graph.addCandidate(name, id, version, uvSourceKey(source));
    declaring.push({ id, name, entry, project: false });
  }

  for (const item of declaring)
    addDeclaredDependencies(item, graph, builder, item.id === "root:." ? pyproject : undefined);
  const project = declaring.find((d) => d.project && d.id === "root:.");
  if (!project) addManifestRoot(doc, pyproject, declaring, graph, builder);
  else if (pyproject?.name && normalisePypiName(pyproject.name) !== normalisePypiName(project.name))
    builder.warn(
      `pyproject.toml names the project ${pyproject.name} but uv.lock locks ${project.name} (stale lock?)`,
    );

  for (const dependency of graph.flush(builder))
    builder.warn(`${dependency.from} depends on ${dependency.name}, which uv.lock does not lock`);
  return builder.build();
}

/** `version = 1` with `revision = 3` reads "1.3": a revision is a backwards-compatible schema change. */
function formatVersion(version: number, revision: unknown): string {
  return typeof revision === "number" ? `${version}.${revision}` : `${version}`;
}

function addDeclaredDependencies(
  item: Declaring,
  graph: PythonLockGraph,
  builder: SnapshotBuilder,
  pyproject?: PyprojectManifest,
): void {
  const { id, name, entry, project } = item;
  const ranges = project ? uvDeclaredRanges(entry.metadata, normalisePypiName) : new Map<string, string>();
  if (project && pyproject) reconcileWithPyproject(ranges, pyproject, builder);
  const add = (list: unknown, kind: DependencyKind, group: string, forExtras?: string[]): void => {
    const { references, bad } = uvReferences(list);
    if (bad > 0) builder.warn(`${name}: ${bad} dependency reference(s) without a name`);
    for (const reference of references) {
      const range = ranges.get(`${group}\u0000${normalisePypiName(reference.name)}`);
      graph.addDependency(toDependency(id, reference, kind, range, forExtras));
    }
  };
  add(entry.dependencies, "prod", "");
  for (const [extra, list] of Object.entries(tableOf(entry["optional-dependencies"]) ?? {}))
    add(list, "prod", "", [extra]);
  if (!project) return;
  // uv writes every dependency group (PEP 735 and legacy dev-dependencies) under this table.
  const groups = tableOf(entry["dev-dependencies"]) ?? tableOf(entry["dependency-groups"]) ?? {};
  for (const [group, list] of Object.entries(groups)) add(list, "dev", group);
}

function toDependency(
  from: string,
  reference: UvReference,
  kind: DependencyKind,
  range: string | undefined,
  forExtras: string[] | undefined,
): PythonDependency {
  const dependency: PythonDependency = { from, name: reference.name, kind, extras: reference.extras };
  if (reference.version) dependency.version = reference.version;
  if (reference.source) dependency.source = reference.source;
  if (reference.marker) dependency.markers = reference.marker;
  if (range) dependency.range = range;
  if (forExtras) dependency.forExtras = forExtras;
  return dependency;
}

/**
 * The project root when the lock has no project entry for `.`: a workspace without a root
 * project keeps its requirements in `[manifest]`, and a lock of bare requirements has only
 * pyproject.toml to say what is direct.
 */
function addManifestRoot(
  doc: TomlTable,
  pyproject: PyprojectManifest | undefined,
  declaring: Declaring[],
  graph: PythonLockGraph,
  builder: SnapshotBuilder,
): void {
  const hasProjects = declaring.some((d) => d.project);
  const manifest = tableOf(doc.manifest);
  const requirements = arrayOf(manifest?.requirements);
  const groups = tableOf(manifest?.["dependency-groups"]);
  if (hasProjects && !requirements && !groups) return;
  const rootId = builder.addRoot(".", pyproject?.name, pyproject?.version);
  if (requirements || groups) {
    const add = (list: unknown, kind: DependencyKind): void => {
      for (const item of arrayOf(list) ?? []) {
        const name = isTable(item) ? stringOf(item.name) : undefined;
        if (!isTable(item) || !name) continue;
        const dependency: PythonDependency = { from: rootId, name, kind, extras: stringsOf(item.extras) };
        const range = stringOf(item.specifier);
        if (range) dependency.range = range;
        const marker = stringOf(item.marker);
        if (marker) dependency.markers = marker;
        graph.addDependency(dependency);
      }
    };
    add(requirements, "prod");
    for (const list of Object.values(groups ?? {})) add(list, "dev");
    return;
  }
  if (pyproject) {
    addManifestDependencies(pyproject, rootId, graph);
    builder.warn("uv.lock has no project entry: direct dependencies come from pyproject.toml");
    return;
  }
  builder.warn(
    "uv.lock has no project entry and no pyproject.toml beside it: direct dependencies are unknown",
  );
}

function readManifest(input: LockfileInput, builder: SnapshotBuilder): PyprojectManifest | undefined {
  const path = joinRelative(dirnameRelative(input.path), "pyproject.toml");
  const content = input.files.readText(path);
  if (content === undefined) return undefined;
  builder.addManifest(path);
  try {
    return readPyproject(path, content, "uv");
  } catch (error: unknown) {
    if (!isLockkeeperError(error)) throw error;
    builder.warn(error.describe());
    return undefined;
  }
}
