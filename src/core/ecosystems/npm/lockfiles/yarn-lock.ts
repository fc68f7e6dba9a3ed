import { parseError } from "../../../errors.js";
import { dirnameRelative, joinRelative } from "../../../files/project-files.js";
import { rootId, SnapshotBuilder } from "../../../model/snapshot-builder.js";
import type { LockfileInfo, Snapshot } from "../../../model/types.js";
import type { LockfileInput, LockfileParser } from "../../types.js";
import { npmNaming } from "../naming.js";
import { berryEntry } from "./yarn/berry-entry.js";
import { classicEntry } from "./yarn/classic-entry.js";
import { DescriptorIndex, type LockTarget, parseResolutions } from "./yarn/descriptor-index.js";
import { canonicalRange, splitDescriptor } from "./yarn/descriptors.js";
import type { LockEntry } from "./yarn/lock-entry.js";
import {
  detectDialect,
  type RawEntry,
  readYarnLock,
  scalarField,
  type YarnDialect,
} from "./yarn/lock-syntax.js";
import { readManifest } from "./yarn/manifest.js";
import { collectWorkspaces, declaredDependencies, listSome, type Workspace } from "./yarn/workspaces.js";

/** yarn.lock, classic (v1) and berry (yarn ≥ 2, recognised by its `__metadata` block). */
export const yarnLockParser: LockfileParser = {
  format: "yarn-lock",
  ecosystem: "npm",
  description: "yarn.lock (yarn classic v1 and berry v2+)",
  matchesFileName: (fileName) => fileName === "yarn.lock",
  fileNamePatterns: ["yarn.lock"],
  parse: parseYarnLock,
};

interface Unresolved {
  from: string;
  name: string;
  range: string;
  line?: number;
}

function parseYarnLock(input: LockfileInput): Snapshot {
  const dialect = detectDialect(input.content);
  const raws = readYarnLock(input.content, input.path, dialect);
  const builder = new SnapshotBuilder(lockfileInfo(input.path, dialect, raws), npmNaming);
  const warn = (message: string) => builder.warn(message);

  const lockDir = dirnameRelative(input.path);
  const rootManifest = readManifest(input.files, joinRelative(lockDir, "package.json"), warn);
  const { rules, invalid } = parseResolutions(rootManifest?.resolutions ?? {});
  if (invalid.length > 0) warn(`resolutions not understood, ignored: ${listSome(invalid)}`);
  const index = new DescriptorIndex(rules);

  const { packages, lockWorkspaces } = readEntries(raws, dialect, builder, index);
  if (index.duplicates.length > 0) {
    warn(`descriptors listed by more than one entry (the first one is used): ${listSome(index.duplicates)}`);
  }
  const { unresolved, hasIncoming } = linkPackages(packages, index, builder);

  const unresolvedNames = new Set(unresolved.map((u) => u.name));
  for (const dep of rootManifest?.dependencies ?? []) {
    if (!index.resolve(dep.name, dep.range)) unresolvedNames.add(dep.name);
  }
  const workspaces = collectWorkspaces({
    files: input.files,
    lockDir,
    rootManifest,
    lockWorkspaces,
    unresolvedNames,
    warn,
    addManifest: (path) => builder.addManifest(path),
  });
  const workspaceNames = new Set(workspaces.map((w) => w.name).filter((n) => n !== undefined));
  const missingPeers = linkRoots(workspaces, workspaceNames, index, builder, unresolved);

  reportUnresolved(unresolved, workspaceNames, warn);
  if (missingPeers.length > 0) {
    warn(`peer dependencies of workspaces not installed by yarn.lock: ${listSome(missingPeers)}`);
  }
  if (!rootManifest) {
    warn(
      `${joinRelative(lockDir, "package.json")} is missing or unreadable: scopes could ` +
        "not be derived (yarn.lock has no dev flags), every package is marked prod",
    );
    // Every classic entry exists because something asked for it: one no entry depends on was
    // asked for by a manifest, so it is direct. (Berry roots come from its workspace entries.)
    if (lockWorkspaces.length === 0) {
      for (const { entry, id } of packages) {
        if (hasIncoming.has(id)) continue;
        builder.addPackage({
          name: entry.name,
          version: entry.version,
          source: entry.source,
          directHint: true,
        });
      }
    }
  }
  return builder.build();
}

interface ReadPackage {
  entry: LockEntry;
  id: string;
}

/** Turns entries into packages (or workspaces) and indexes every descriptor. */
function readEntries(
  raws: readonly RawEntry[],
  dialect: YarnDialect,
  builder: SnapshotBuilder,
  index: DescriptorIndex,
): { packages: ReadPackage[]; lockWorkspaces: LockEntry[] } {
  const packages: ReadPackage[] = [];
  const lockWorkspaces: LockEntry[] = [];
  for (const raw of raws) {
    if (dialect === "berry" && raw.keyText === "__metadata") continue;
    const result = dialect === "berry" ? berryEntry(raw) : classicEntry(raw);
    if ("error" in result) {
      builder.countEntry();
      builder.skip(raw.keyText, result.error, raw.line);
      // Dependencies on a skipped entry are already accounted for by the skip: no second warning.
      for (const key of raw.keys) {
        const d = splitDescriptor(key);
        if (d) index.add(d, { kind: "skipped", id: raw.keyText });
      }
      continue;
    }
    const { entry } = result;
    if (entry.workspacePath !== undefined) {
      lockWorkspaces.push(entry);
      const target: LockTarget = { kind: "root", id: rootId(joinRelative(entry.workspacePath)) };
      for (const d of entry.descriptors) index.add(d, target);
      continue;
    }
    builder.countEntry();
    const id = addPackage(builder, entry);
    packages.push({ entry, id });
    for (const d of entry.descriptors) index.add(d, { kind: "package", id });
  }
  return { packages, lockWorkspaces };
}

/** Edges between packages; a dependency on a workspace gets none (workspaces are roots). */
function linkPackages(
  packages: readonly ReadPackage[],
  index: DescriptorIndex,
  builder: SnapshotBuilder,
): { unresolved: Unresolved[]; hasIncoming: Set<string> } {
  const unresolved: Unresolved[] = [];
  const hasIncoming = new Set<string>();
  for (const { entry, id } of packages) {
    for (const dep of entry.dependencies) {
      const target = index.resolve(dep.name, dep.range, entry.name);
      if (target === undefined) {
        const from = `${entry.name}@${entry.version ?? ""}`;
        unresolved.push({ from, name: dep.name, range: dep.range, line: dep.line });
      } else if (target.kind === "package") {
        builder.addEdge(id, target.id, dep.kind, canonicalRange(dep.range));
        hasIncoming.add(target.id);
      }
    }
  }
  return { unresolved, hasIncoming };
}

/**
 * Adds each root and its edges, collecting unresolvable declarations into `unresolved`.
 * @returns peers of workspaces that nothing installs.
 */
function linkRoots(
  workspaces: readonly Workspace[],
  workspaceNames: ReadonlySet<string>,
  index: DescriptorIndex,
  builder: SnapshotBuilder,
  unresolved: Unresolved[],
): string[] {
  const missingPeers: string[] = [];
  for (const workspace of workspaces) {
    const from = builder.addRoot(workspace.path, workspace.name, workspace.version);
    const declared = declaredDependencies(workspace);
    for (const dep of declared) {
      const target = index.resolve(dep.name, dep.range);
      if (target?.kind === "package") {
        builder.addEdge(from, target.id, dep.kind, canonicalRange(dep.range));
      } else if (target === undefined && !workspaceNames.has(dep.name)) {
        if (dep.kind !== "peer") {
          unresolved.push({ from: `workspace ${workspace.path}`, name: dep.name, range: dep.range });
        } else if (!declared.some((d) => d.kind !== "peer" && d.name === dep.name)) {
          // Yarn does not install a workspace's peers; the usual dev dependency of the same name
          // provides them, so only a peer nothing else provides is worth mentioning.
          missingPeers.push(`${dep.name}@${dep.range} (${workspace.path})`);
        }
      }
    }
  }
  return missingPeers;
}

function lockfileInfo(path: string, dialect: YarnDialect, raws: readonly RawEntry[]): LockfileInfo {
  let formatVersion = "1";
  if (dialect === "berry") {
    const metadata = raws.find((r) => r.keyText === "__metadata");
    const version = metadata && scalarField(metadata.body, "version");
    if (!version) throw parseError(path, "__metadata has no version", metadata?.line);
    // Berry's lockfile versions (4 … 8 …) restart a count unrelated to classic's "1": the prefix
    // keeps `berry-8` from reading as a successor of classic v1 in reports and diffs.
    formatVersion = `berry-${version}`;
  }
  return { path, format: "yarn-lock", ecosystem: "npm", formatVersion, manifests: [] };
}

function addPackage(builder: SnapshotBuilder, entry: LockEntry): string {
  const id = builder.addPackage({
    name: entry.name,
    version: entry.version,
    source: entry.source,
    hashes: entry.hashes,
    alias: entry.aliases[0],
    location: { key: entry.key, line: entry.line },
  });
  // The builder takes one alias per call; an entry can carry several (`a-cjs@npm:a@^1, a2@npm:a@^1`).
  for (const alias of entry.aliases.slice(1)) {
    builder.addPackage({ name: entry.name, version: entry.version, source: entry.source, alias });
  }
  return id;
}

function reportUnresolved(
  unresolved: Unresolved[],
  workspaceNames: Set<string>,
  warn: (m: string) => void,
): void {
  const real = unresolved.filter((u) => !workspaceNames.has(u.name));
  if (real.length === 0) return;
  const described = real.map(
    (u) => `${u.name}@${u.range} (from ${u.from}${u.line ? `, line ${u.line}` : ""})`,
  );
  warn(`${real.length} dependencies match no yarn.lock entry and have no edge: ${listSome(described)}`);
}
