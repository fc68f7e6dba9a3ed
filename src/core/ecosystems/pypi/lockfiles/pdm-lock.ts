/**
 * pdm.lock (lock_version 3.x and 4.x), with the pyproject.toml beside it for roots.
 *
 * Since lock 4.4.1 every entry says which groups need it (`groups`): pdm resolved that with
 * markers and extras, so it decides the scope and the graph gives direct flags and paths only.
 * Older locks have no per-package groups: the scope then comes from the graph, from the
 * project's declarations (`[project]`, its extras, `[dependency-groups]`,
 * `[tool.pdm.dev-dependencies]`) through each entry's `dependencies`. An entry with `extras`
 * (`httpx` with `["socks"]`) is the same package; its dependencies count only where something
 * asks for the extra.
 */
import { parseError } from "../../../errors.js";
import { SnapshotBuilder } from "../../../model/snapshot-builder.js";
import type { Snapshot } from "../../../model/types.js";
import type { LockfileInput, LockfileParser } from "../../types.js";
import { normalisePypiName } from "../names.js";
import { pypiNaming } from "../naming.js";
import { parsePep508 } from "../pep508.js";
import type { PyprojectManifest } from "../toml/pyproject.js";
import { arrayTableLines, readToml, type TomlTable } from "../toml/read-toml.js";
import { arrayOf, isTable, stringOf, stringsOf, tableOf } from "../toml/toml-values.js";
import { pep440Versioning } from "../versioning.js";
import { LegacyFiles, pdmHashes, pdmSource, scopeFromGroups } from "./pdm-entry.js";
import { addManifestDependencies, readPyprojectBeside } from "./pyproject-beside.js";
import { type PythonDependency, PythonLockGraph } from "./python-lock-graph.js";

/** How many names to quote in a summary warning. */
const EXAMPLES = 5;

export const pdmLockParser: LockfileParser = {
  format: "pdm-lock",
  ecosystem: "pypi",
  description: "pdm lockfile (pdm.lock, lock_version 3.x–4.x) with its pyproject.toml",
  matchesFileName: (fileName) => fileName === "pdm.lock",
  fileNamePatterns: ["pdm.lock"],
  parse: parsePdmLock,
};

interface Locked {
  id: string;
  name: string;
  version: string;
  entry: TomlTable;
}

function parsePdmLock(input: LockfileInput): Snapshot {
  const doc = readToml(input.path, input.content);
  const metadata = tableOf(doc.metadata);
  const lockVersion = stringOf(metadata?.lock_version);
  const entries = doc.package === undefined ? [] : arrayOf(doc.package);
  if (lockVersion === undefined || !entries)
    throw parseError(
      input.path,
      "not a pdm.lock: expected [metadata] with a lock_version, and [[package]] entries",
    );
  const builder = new SnapshotBuilder(
    { path: input.path, format: "pdm-lock", ecosystem: "pypi", formatVersion: lockVersion, manifests: [] },
    pypiNaming,
  );
  const manifest = readPyprojectBeside(input, builder, "pdm", {
    missing:
      "pyproject.toml not found beside pdm.lock: direct dependencies are guessed as those no other package requires",
  });
  const extras = projectExtras(manifest);
  const rootId = builder.addRoot(".", manifest?.name, manifest?.version);
  const graph = new PythonLockGraph((version, range) => pep440Versioning.satisfies(version, range));
  if (manifest?.name) graph.addProject(manifest.name, rootId);
  const legacy = new LegacyFiles(metadata);
  const lines = arrayTableLines(input.content, "package", entries.length);
  const locked: Locked[] = [];
  const candidates = new Set<string>();

  for (const [index, entry] of entries.entries()) {
    builder.countEntry();
    const line = lines?.[index];
    if (!isTable(entry)) {
      builder.skip(`package #${index + 1}`, "not a table", line);
      continue;
    }
    const name = stringOf(entry.name);
    const version = stringOf(entry.version);
    if (!name || !version) {
      builder.skip(name ?? `package #${index + 1}`, name ? "no version" : "no name", line);
      continue;
    }
    const marker = stringOf(entry.marker);
    const lockScope = scopeFromGroups(entry, extras);
    const id = builder.addPackage({
      name,
      version,
      source: pdmSource(entry),
      hashes: pdmHashes(entry, legacy, name, version),
      ...(marker ? { markers: marker } : {}),
      ...(line ? { location: { line } } : {}),
      ...(lockScope ? { lockScope } : {}),
    });
    // An entry for an extra (`extras = ["socks"]`) is the package itself once more.
    if (!candidates.has(id)) graph.addCandidate(name, id, version);
    candidates.add(id);
    locked.push({ id, name, version, entry });
  }

  const required = new Set<string>();
  for (const item of locked) addEntryDependencies(item, graph, builder, required);
  if (manifest) addManifestDependencies(manifest, rootId, graph);
  else markDirectWithoutManifest(builder, locked, required);
  reportUnresolved(graph.flush(builder), rootId, builder);
  return builder.build();
}

/** An entry's `dependencies` (PEP 508 strings); those of an extra's entry count only for that extra. */
function addEntryDependencies(
  { id, name, entry }: Locked,
  graph: PythonLockGraph,
  builder: SnapshotBuilder,
  required: Set<string>,
): void {
  const forExtras = stringsOf(entry.extras);
  for (const text of stringsOf(entry.dependencies)) {
    const requirement = parsePep508(text);
    if (typeof requirement === "string") {
      builder.warn(`${name}: cannot read dependency ${JSON.stringify(text)} (${requirement})`);
      continue;
    }
    // An extra's entry lists the package itself (`httpx==0.28.1`): no edge.
    if (normalisePypiName(requirement.name) === normalisePypiName(name)) continue;
    required.add(normalisePypiName(requirement.name));
    const dependency: PythonDependency = {
      from: id,
      name: requirement.name,
      kind: "prod",
      extras: requirement.extras,
    };
    if (requirement.specifier) dependency.range = requirement.specifier;
    if (requirement.markers) dependency.markers = requirement.markers;
    if (forExtras.length > 0) dependency.forExtras = forExtras;
    graph.addDependency(dependency);
  }
}

/** The project's extras (`[project.optional-dependencies]`): pdm lists them among its groups. */
function projectExtras(manifest: PyprojectManifest | undefined): Set<string> {
  const prefix = "project.optional-dependencies.";
  const extras = new Set<string>();
  for (const declared of manifest?.dependencies ?? [])
    if (declared.section.startsWith(prefix))
      extras.add(normalisePypiName(declared.section.slice(prefix.length)));
  return extras;
}

/** Without pyproject.toml, the packages no other package requires are the best guess at direct ones. */
function markDirectWithoutManifest(
  builder: SnapshotBuilder,
  locked: readonly Locked[],
  required: Set<string>,
): void {
  for (const { name, version, entry } of locked)
    if (!required.has(normalisePypiName(name)))
      builder.addPackage({ name, version, source: pdmSource(entry), directHint: true });
}

/**
 * pdm leaves out of the lock what no target environment installs, so a missing reference
 * guarded by markers is expected; one without markers means the lock is stale.
 */
function reportUnresolved(unresolved: PythonDependency[], rootId: string, builder: SnapshotBuilder): void {
  const missing = unresolved
    .filter((d) => !d.markers)
    .map((d) => (d.from === rootId ? d.name : `${d.from} → ${d.name}`));
  if (missing.length === 0) return;
  const shown = missing.slice(0, EXAMPLES).join(", ");
  builder.warn(
    `${missing.length} declared dependenc${missing.length === 1 ? "y is" : "ies are"} not in pdm.lock (stale lock, or groups not locked): ${shown}${missing.length > EXAMPLES ? ", …" : ""}`,
  );
}
