/**
 * PEP 751 lockfiles: `pylock.toml` and named ones (`pylock.<name>.toml`), lock-version 1.x.
 *
 * A pylock.toml lists what to install, each package with the marker that selects it, and no
 * required graph. The markers decide scopes (a multi-use lock selects packages for dependency
 * groups and extras with `'dev' in dependency_groups`); `packages.dependencies`, or pdm's own
 * `[packages.tool.pdm] dependencies`, give the graph when a locker writes them; the
 * pyproject.toml beside the lock says what the project itself declares (direct packages).
 */
import { parseError } from "../../../errors.js";
import { type PackageInput, SnapshotBuilder } from "../../../model/snapshot-builder.js";
import type { Scope, Snapshot } from "../../../model/types.js";
import type { LockfileInput, LockfileParser } from "../../types.js";
import { normalisePypiName } from "../names.js";
import { pypiNaming } from "../naming.js";
import { parsePep508 } from "../pep508.js";
import type { PyprojectTool } from "../toml/pyproject.js";
import { arrayTableLines, readToml, type TomlTable } from "../toml/read-toml.js";
import { arrayOf, isTable, stringOf, stringsOf, tableAt } from "../toml/toml-values.js";
import { pep440Versioning } from "../versioning.js";
import { pylockHashes, pylockSource } from "./pylock/package-entry.js";
import { parseSelectionMarker, selectionScope } from "./pylock/selection-marker.js";
import { addManifestDependencies, readPyprojectBeside } from "./pyproject-beside.js";
import { type PythonDependency, PythonLockGraph } from "./python-lock-graph.js";

/** The spec's rule for the file name: `pylock.toml`, or `pylock.<name>.toml` with a name without dots. */
const PYLOCK_NAME = /^pylock\.(?:[^.]+\.)?toml$/;
/** How many names to quote in a summary warning. */
const EXAMPLES = 5;

export const pylockParser: LockfileParser = {
  format: "pylock",
  ecosystem: "pypi",
  description:
    "PEP 751 lockfiles (pylock.toml, pylock.<name>.toml, lock-version 1.x) with their pyproject.toml",
  matchesFileName: (fileName) => PYLOCK_NAME.test(fileName),
  fileNamePatterns: ["pylock.toml", "pylock.*.toml"],
  parse: parsePylock,
};

interface Locked {
  id: string;
  entry: TomlTable;
  /** What identifies the package to the builder, to mark it direct later. */
  input: PackageInput;
}

function parsePylock(input: LockfileInput): Snapshot {
  const doc = readToml(input.path, input.content);
  const lockVersion = stringOf(doc["lock-version"]);
  const entries = doc.packages === undefined ? [] : arrayOf(doc.packages);
  if (lockVersion === undefined || !entries)
    throw parseError(input.path, "not a pylock.toml: expected a `lock-version` and [[packages]]");
  // The spec: a tool must refuse a lock-version whose major version it does not support.
  if (!/^1(?:\.|$)/.test(lockVersion))
    throw parseError(input.path, `pylock.toml lock-version ${lockVersion} is not supported (supported: 1.x)`);
  const builder = new SnapshotBuilder(
    { path: input.path, format: "pylock", ecosystem: "pypi", formatVersion: lockVersion, manifests: [] },
    pypiNaming,
  );
  const manifest = readPyprojectBeside(input, builder, toolOf(stringOf(doc["created-by"])));
  const defaultGroups = stringsOf(doc["default-groups"]);
  const graph = new PythonLockGraph((version, range) => pep440Versioning.satisfies(version, range));
  const lines = arrayTableLines(input.content, "packages", entries.length);
  const locked: Locked[] = [];
  const unreadableMarkers: string[] = [];
  let project: TomlTable | undefined;

  for (const [index, entry] of entries.entries()) {
    const line = lines?.[index];
    if (!isTable(entry)) {
      builder.countEntry();
      builder.skip(`package #${index + 1}`, "not a table", line);
      continue;
    }
    const name = stringOf(entry.name);
    const source = pylockSource(entry);
    if (typeof source !== "string" && source.kind === "project") {
      project = entry;
      continue;
    }
    builder.countEntry();
    if (!name) {
      builder.skip(`package #${index + 1}`, "no name", line);
      continue;
    }
    if (typeof source === "string") {
      builder.skip(name, source, line);
      continue;
    }
    const version = stringOf(entry.version);
    if (!version && source.source.kind === "registry") {
      builder.skip(name, "no version", line);
      continue;
    }
    const marker = stringOf(entry.marker);
    const input: PackageInput = { name, ...(version ? { version } : {}), source: source.source };
    const id = builder.addPackage({
      ...input,
      hashes: pylockHashes(entry),
      ...(marker ? { markers: marker } : {}),
      ...(line ? { location: { line } } : {}),
      lockScope: markerScope(marker, defaultGroups, name, unreadableMarkers),
    });
    graph.addCandidate(name, id, version);
    locked.push({ id, entry, input });
  }
  if (unreadableMarkers.length > 0)
    builder.warn(
      `markers not understood, the packages counted as production: ${examples(unreadableMarkers)}`,
    );

  const projectName = manifest?.name ?? stringOf(project?.name);
  const rootId = builder.addRoot(".", projectName, manifest?.version ?? stringOf(project?.version));
  if (projectName) graph.addProject(projectName, rootId);
  let lockGraph = false;
  const required = new Set<string>();
  for (const { id, entry } of locked)
    lockGraph = addLockedDependencies(id, entry, graph, required) || lockGraph;
  const declaredByProject = project !== undefined && addLockedDependencies(rootId, project, graph, new Set());
  if (manifest) addManifestDependencies(manifest, rootId, graph);
  const unresolved = graph.flush(builder).filter((dependency) => !dependency.markers);
  if (unresolved.length > 0)
    builder.warn(
      `${unresolved.length} declared dependenc${unresolved.length === 1 ? "y is" : "ies are"} not in this lock (not locked for it, or a stale lock): ${examples(unresolved.map((d) => `${d.from} → ${d.name}`))}`,
    );
  if (!manifest && !declaredByProject)
    markDirectWithoutManifest(builder, locked, lockGraph ? required : undefined);
  return builder.build();
}

/** The scope a package's marker gives it; unreadable markers count as production, and are reported. */
function markerScope(
  marker: string | undefined,
  defaultGroups: readonly string[],
  name: string,
  unreadable: string[],
): Scope {
  if (!marker) return "prod";
  const parsed = parseSelectionMarker(marker);
  if (parsed) return selectionScope(parsed, defaultGroups);
  unreadable.push(name);
  return "prod";
}

/**
 * The dependencies a locked entry records: the spec's `dependencies` (tables naming a locked
 * package) and pdm's `[packages.tool.pdm] dependencies` (PEP 508 strings). Adds their normalised
 * names to `required`; returns whether the entry records its dependencies at all.
 */
function addLockedDependencies(
  from: string,
  entry: TomlTable,
  graph: PythonLockGraph,
  required: Set<string>,
): boolean {
  let recorded = false;
  for (const item of arrayOf(entry.dependencies) ?? []) {
    const name = isTable(item) ? stringOf(item.name) : undefined;
    if (!isTable(item) || !name) continue;
    const dependency: PythonDependency = { from, name, kind: "prod" };
    const version = stringOf(item.version);
    if (version) dependency.version = version;
    graph.addDependency(dependency);
    required.add(normalisePypiName(name));
    recorded = true;
  }
  const pdmDependencies = tableAt(entry, "tool", "pdm")?.dependencies;
  for (const text of stringsOf(pdmDependencies)) {
    const requirement = parsePep508(text);
    if (typeof requirement === "string") continue;
    const dependency: PythonDependency = {
      from,
      name: requirement.name,
      kind: "prod",
      extras: requirement.extras,
    };
    if (requirement.specifier) dependency.range = requirement.specifier;
    if (requirement.markers) dependency.markers = requirement.markers;
    graph.addDependency(dependency);
    required.add(normalisePypiName(requirement.name));
  }
  return recorded || Array.isArray(pdmDependencies);
}

/**
 * Without pyproject.toml, direct packages are guessed: those no locked package depends on when
 * the lock records dependencies, else every package.
 */
function markDirectWithoutManifest(
  builder: SnapshotBuilder,
  locked: readonly Locked[],
  required: ReadonlySet<string> | undefined,
): void {
  for (const { input } of locked)
    if (!required?.has(normalisePypiName(input.name))) builder.addPackage({ ...input, directHint: true });
  builder.warn(
    required
      ? "no pyproject.toml beside the lock: the packages no other package depends on are counted as direct"
      : "no pyproject.toml beside the lock and no dependencies in it: every package is counted as direct",
  );
}

/** Which tool's pyproject tables to read, from the lock's `created-by`. */
function toolOf(createdBy: string | undefined): PyprojectTool {
  if (createdBy === "pdm" || createdBy === "uv" || createdBy === "poetry") return createdBy;
  return "standard";
}

function examples(items: readonly string[]): string {
  const shown = items.slice(0, EXAMPLES).join(", ");
  return items.length > EXAMPLES ? `${shown}, …` : shown;
}
