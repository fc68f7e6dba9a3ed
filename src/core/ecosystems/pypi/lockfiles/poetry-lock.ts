import { parseError } from "../../../errors.js";
import { dirnameRelative, joinRelative } from "../../../files/project-files.js";
import { SnapshotBuilder } from "../../../model/snapshot-builder.js";
import type { Scope, Snapshot } from "../../../model/types.js";
import type { LockfileInput, LockfileParser } from "../../types.js";
import { normalisePypiName } from "../names.js";
import { pypiNaming } from "../naming.js";
import { arrayTableLines, readToml, type TomlTable } from "../toml/read-toml.js";
import { arrayOf, isTable, stringOf, stringsOf, tableOf } from "../toml/toml-values.js";
import { pep440Versioning } from "../versioning.js";
import {
  extrasByDependency,
  extrasInMarker,
  LegacyHashes,
  poetryConstraints,
  poetryHashes,
  poetryMarkers,
  poetrySource,
} from "./poetry-entry.js";
import { addManifestDependencies, readPyprojectBeside } from "./pyproject-beside.js";
import { type PythonDependency, PythonLockGraph } from "./python-lock-graph.js";

/** poetry.lock, lock-version 1.x and 2.x, with the pyproject.toml beside it for roots and scopes. */
export const poetryLockParser: LockfileParser = {
  format: "poetry-lock",
  ecosystem: "pypi",
  description: "Poetry lockfile (poetry.lock, lock-version 1.x–2.x) with its pyproject.toml",
  matchesFileName: (fileName) => fileName === "poetry.lock",
  fileNamePatterns: ["poetry.lock"],
  parse: parsePoetryLock,
};

function parsePoetryLock(input: LockfileInput): Snapshot {
  const doc = readToml(input.path, input.content);
  const entries = arrayOf(doc.package);
  // Poetry writes `package = []` for a project without dependencies, so an absent key means
  // this TOML file is something else.
  if (!entries) throw parseError(input.path, "not a poetry.lock: no [[package]] entries");
  const metadata = tableOf(doc.metadata);
  const builder = new SnapshotBuilder(
    {
      path: input.path,
      format: "poetry-lock",
      ecosystem: "pypi",
      // Locks written before lock-version existed are the 1.0 format.
      formatVersion: stringOf(metadata?.["lock-version"]) ?? "1.0",
      manifests: [],
    },
    pypiNaming,
  );
  const manifest = readPyprojectBeside(input, builder, "poetry", {
    missing:
      "pyproject.toml not found beside poetry.lock: scopes come from the lock's groups/category " +
      "and direct dependencies are guessed as those no other package requires",
    unreadableNote: "scopes come from the lock's groups/category instead",
  });
  const rootId = builder.addRoot(".", manifest?.name, manifest?.version);
  const graph = new PythonLockGraph((version, range) => pep440Versioning.satisfies(version, range));
  const lines = arrayTableLines(input.content, "package", entries.length);
  const legacy = new LegacyHashes(metadata, versionsPerName(entries));
  const required = new Set<string>();
  const packages: { id: string; entry: TomlTable; name: string; version: string }[] = [];
  const unknownSourceTypes = new Set<string>();

  for (const [index, entry] of entries.entries()) {
    builder.countEntry();
    const line = lines?.[index];
    const label = `package #${index + 1}`;
    if (!isTable(entry)) {
      builder.skip(label, "not a table", line);
      continue;
    }
    const name = stringOf(entry.name);
    if (!name) {
      builder.skip(label, "no name", line);
      continue;
    }
    const version = stringOf(entry.version);
    if (!version) {
      builder.skip(name, "no version", line);
      continue;
    }
    const { source, unknownType } = poetrySource(tableOf(entry.source));
    if (unknownType) unknownSourceTypes.add(unknownType);
    const markers = poetryMarkers(entry.markers);
    const id = builder.addPackage({
      name,
      version,
      source,
      hashes: poetryHashes(entry, legacy, version),
      ...(markers ? { markers } : {}),
      ...(line ? { location: { line } } : {}),
      // The lock's own groups decide only where the graph cannot: without pyproject.toml, or
      // for an entry no declared dependency reaches (a stale lock).
      scopeHint: scopeFromGroups(entry),
    });
    graph.addCandidate(name, id, version);
    packages.push({ id, entry, name, version });
  }

  for (const { id, entry, name } of packages) {
    // Most entries have no optional dependency; build the extras map only for those that do.
    let optionalFor: Map<string, string[]> | undefined;
    for (const [dependency, spec] of Object.entries(tableOf(entry.dependencies) ?? {})) {
      required.add(normalisePypiName(dependency));
      const constraints = poetryConstraints(spec);
      if (!constraints) {
        builder.warn(`${name}: cannot read dependency ${dependency} = ${JSON.stringify(spec)}`);
        continue;
      }
      for (const constraint of constraints) {
        const edge: PythonDependency = {
          from: id,
          name: dependency,
          kind: "prod",
          extras: constraint.extras,
        };
        if (constraint.range) edge.range = constraint.range;
        if (constraint.optional) {
          optionalFor ??= extrasByDependency(entry.extras, name);
          edge.forExtras =
            optionalFor.get(normalisePypiName(dependency)) ?? extrasInMarker(constraint.markers);
        }
        if (constraint.markers) edge.markers = constraint.markers;
        graph.addDependency(edge);
      }
    }
  }

  if (manifest) {
    addManifestDependencies(manifest, rootId, graph);
  } else {
    // Without the manifest there are no root edges; packages nothing else requires are the
    // best available guess at what the project itself declares.
    for (const { name, version } of packages)
      if (!required.has(normalisePypiName(name))) builder.addPackage({ name, version, directHint: true });
  }

  reportUnresolved(graph.flush(builder), rootId, builder, manifestPath(input));
  if (unknownSourceTypes.size > 0)
    builder.warn(`unknown [package.source] types read as registries: ${[...unknownSourceTypes].join(", ")}`);
  return builder.build();
}

/**
 * Poetry leaves out of the lock any dependency whose markers can never hold for the project's
 * Python range, so a missing reference guarded by markers is expected; one without markers
 * means the lock and the manifest disagree (a stale lock).
 */
function reportUnresolved(
  unresolved: PythonDependency[],
  rootId: string,
  builder: SnapshotBuilder,
  manifest: string,
): void {
  for (const dependency of unresolved) {
    if (dependency.markers) continue;
    if (dependency.from === rootId)
      builder.warn(`${manifest} declares ${dependency.name}, which poetry.lock does not lock (stale lock?)`);
    else builder.warn(`${dependency.from} depends on ${dependency.name}, which poetry.lock does not lock`);
  }
}

function manifestPath(input: LockfileInput): string {
  return joinRelative(dirnameRelative(input.path), "pyproject.toml");
}

/** Lock 2.x `groups` (["main", "dev"]) or 1.x `category` ("main"/"dev"): main is production. */
function scopeFromGroups(entry: TomlTable): Scope {
  const groups = stringsOf(entry.groups);
  const category = stringOf(entry.category);
  const main = groups.length > 0 ? groups.includes("main") : category === undefined || category === "main";
  if (!main) return "dev";
  // `optional = true`: only a project extra installs it.
  return entry.optional === true ? "optional" : "prod";
}

function versionsPerName(entries: unknown[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const entry of entries) {
    const name = isTable(entry) ? stringOf(entry.name) : undefined;
    if (name) counts.set(normalisePypiName(name), (counts.get(normalisePypiName(name)) ?? 0) + 1);
  }
  return counts;
}
