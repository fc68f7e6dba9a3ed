/**
 * pnpm-lock.yaml, lockfile versions 5.x (pnpm ≤ 7), 6.x (pnpm 8) and 9.x (pnpm ≥ 9).
 *
 * Roots are the importers (workspace projects), packages the `packages` entries; the graph
 * comes from importers' and packages' (9.x: snapshots') dependencies, and the builder derives
 * scopes from it. pnpm's own `dev` flags agree with that derivation (see the tests).
 */
import { isLockkeeperError, parseError } from "../../../errors.js";
import { dirnameRelative, joinRelative } from "../../../files/project-files.js";
import { SnapshotBuilder } from "../../../model/snapshot-builder.js";
import type { Snapshot } from "../../../model/types.js";
import type { LockfileInput, LockfileParser } from "../../types.js";
import { npmNaming } from "../naming.js";
import type { ManifestRanges } from "./manifest-ranges.js";
import type { DepPathStyle } from "./pnpm/dep-path.js";
import { type Importer, readImporters } from "./pnpm/importers.js";
import { type LockfileYaml, parseLockfileYaml, type YamlDocument } from "./pnpm/lockfile-yaml.js";
import { isRecord } from "./pnpm/package-entry.js";
import { PnpmPackageGraph } from "./pnpm/package-graph.js";
import { readWorkspaceManifest } from "./workspace-manifest.js";

export const pnpmLockParser: LockfileParser = {
  format: "pnpm-lock",
  ecosystem: "npm",
  description: "pnpm lockfile (pnpm-lock.yaml, lockfileVersion 5.x, 6.x and 9.x)",
  matchesFileName: (fileName) => fileName === "pnpm-lock.yaml",
  fileNamePatterns: ["pnpm-lock.yaml"],
  parse(input) {
    try {
      return parsePnpmLock(input);
    } catch (error: unknown) {
      if (isLockkeeperError(error)) throw error;
      // A shape the checks below did not foresee: still a parse failure of this file, not a crash.
      const reason = error instanceof Error ? error.message : String(error);
      throw parseError(input.path, `cannot read this pnpm lockfile: ${reason}`, undefined, error);
    }
  },
};

/** Importer keys pnpm ≥ 10 writes in its own environment document (a `---` document before the project's). */
const ENV_IMPORTER_FIELDS = new Set(["configDependencies", "packageManagerDependencies"]);

function parsePnpmLock(input: LockfileInput): Snapshot {
  const yaml = parseLockfileYaml(input.content, input.path);
  const { document, line: documentLine, envOnly, ignored } = selectDocument(yaml, input.path);
  const versionLine = yaml.lineOf(document, "lockfileVersion") ?? documentLine;
  const formatVersion = readFormatVersion(document.lockfileVersion, input.content, versionLine, input.path);
  const style = styleOf(formatVersion, input.path, versionLine);
  const builder = new SnapshotBuilder(
    { path: input.path, format: "pnpm-lock", ecosystem: "npm", formatVersion, manifests: [] },
    npmNaming,
  );
  if (ignored > 0) builder.warn(`${ignored} other lockfile document(s) in the file were not read`);
  if (envOnly) {
    // Only pnpm's own environment (configDependencies, the pnpm version): no project packages.
    builder.warn("the file holds only pnpm's environment document; no project dependencies");
    builder.addRoot(".");
    return builder.build();
  }

  const packages = section(document, "packages", yaml, input.path) ?? {};
  const snapshots = style === 9 ? (section(document, "snapshots", yaml, input.path) ?? {}) : undefined;
  const importers = readImporters(section(document, "importers", yaml, input.path), document, (message) =>
    builder.warn(message),
  );
  const rootIds = addRoots(builder, importers, input);

  const graph = new PnpmPackageGraph(builder, style, yaml.lineOf);
  graph.readPackages(packages);
  if (snapshots) graph.readSnapshots(snapshots, packages);
  graph.link(importers, rootIds);
  return builder.build();
}

interface SelectedDocument {
  document: Record<string, unknown>;
  line: number;
  envOnly: boolean;
  /** Further project documents that were not read. */
  ignored: number;
}

/**
 * The project's lockfile document. pnpm ≥ 10 may put its own environment lockfile first as a
 * separate YAML document, with the same top-level fields; it is recognised by its importers,
 * which hold only configDependencies/packageManagerDependencies.
 */
function selectDocument(yaml: LockfileYaml, file: string): SelectedDocument {
  const candidates: Array<YamlDocument & { value: Record<string, unknown> }> = [];
  for (const document of yaml.documents) {
    const value = document.value;
    if (isRecord(value) && value.lockfileVersion !== undefined) candidates.push({ ...document, value });
  }
  const first = candidates[0];
  if (first === undefined) {
    throw parseError(file, "not a pnpm lockfile: no lockfileVersion", yaml.documents[0]?.line);
  }
  const projects = candidates.filter((document) => !isEnvDocument(document.value));
  const chosen = projects[0];
  if (chosen === undefined) return { document: first.value, line: first.line, envOnly: true, ignored: 0 };
  return { document: chosen.value, line: chosen.line, envOnly: false, ignored: projects.length - 1 };
}

function isEnvDocument(document: Record<string, unknown>): boolean {
  const importers = document.importers;
  if (!isRecord(importers)) return false;
  let envFields = 0;
  for (const path in importers) {
    const importer = importers[path];
    if (!isRecord(importer)) return false;
    for (const field in importer) {
      if (!ENV_IMPORTER_FIELDS.has(field)) return false;
      envFields++;
    }
  }
  return envFields > 0;
}

/**
 * `lockfileVersion` as written. 5.x files write it as a plain number (`5.4`), which YAML reads
 * as a float: the text on its line is the truth (`5.10` must not become "5.1").
 */
function readFormatVersion(value: unknown, content: string, line: number, file: string): string {
  if (typeof value === "string" && value.trim() !== "") return value.trim();
  if (typeof value !== "number") throw parseError(file, "lockfileVersion is not a version", line);
  const written = /^\s*lockfileVersion:\s*([0-9.]+)\s*(?:#.*)?$/.exec(lineAt(content, line));
  return written?.[1] ?? String(value);
}

function lineAt(content: string, line: number): string {
  let start = 0;
  for (let n = 1; n < line && start >= 0; n++) {
    start = content.indexOf("\n", start);
    if (start >= 0) start++;
  }
  if (start < 0) return "";
  const end = content.indexOf("\n", start);
  return content.slice(start, end < 0 ? undefined : end);
}

function styleOf(formatVersion: string, file: string, line: number): DepPathStyle {
  const major = Number.parseInt(formatVersion, 10);
  if (major === 5 || major === 6 || major === 9) return major;
  throw parseError(
    file,
    `pnpm lockfileVersion ${formatVersion} is not supported (supported: 5.x, 6.x and 9.x)`,
    line,
  );
}

/** A top-level mapping section; absent or empty (`packages:` with nothing under it) reads as undefined. */
function section(
  document: Record<string, unknown>,
  name: string,
  yaml: LockfileYaml,
  file: string,
): Record<string, unknown> | undefined {
  const value = document[name];
  if (value === undefined || value === null) return undefined;
  if (!isRecord(value)) throw parseError(file, `${name} is not a mapping`, yaml.lineOf(document, name));
  return value;
}

/** One root per importer, named from its package.json when that exists next to the lockfile. */
function addRoots(
  builder: SnapshotBuilder,
  importers: readonly Importer[],
  input: LockfileInput,
): Map<string, string> {
  const base = dirnameRelative(input.path);
  const rootIds = new Map<string, string>();
  let missing = 0;
  for (const importer of importers) {
    const manifestPath = joinRelative(base, importer.path, "package.json");
    const manifest = readWorkspaceManifest(input, manifestPath, builder, "pnpm install", false);
    if (manifest) builder.addManifest(manifestPath);
    else missing++;
    if (manifest?.declarations) compareWithManifest(builder, importer, manifest.declarations);
    rootIds.set(importer.path, builder.addRoot(importer.path, manifest?.name, manifest?.version));
  }
  if (missing > 0) {
    builder.warn(`package.json not found (or unreadable) for ${missing} of ${importers.length} importer(s)`);
  }
  return rootIds;
}

/** The importer's ranges from its package.json (pnpm installs from it), with one warning when they differ. */
function compareWithManifest(
  builder: SnapshotBuilder,
  importer: Importer,
  declarations: ManifestRanges,
): void {
  for (const dependency of importer.dependencies)
    if (dependency.range !== undefined)
      dependency.range = declarations.rangeOf(dependency.name, dependency.range, dependency.kind);
  const stale = declarations.staleness();
  if (stale) builder.warn(stale);
}
