import { joinRelative, type ProjectFiles } from "../../../../files/project-files.js";
import type { DependencyKind } from "../../../../model/types.js";
import type { LockEntry } from "./lock-entry.js";
import { type Manifest, readManifest } from "./manifest.js";

/** A project or workspace member: a root of the graph. */
export interface Workspace {
  /** Directory relative to the lockfile's directory (`.` for the project). */
  path: string;
  name?: string;
  version?: string;
  manifest?: Manifest;
  /** Berry's `name@workspace:path` entry, whose dependencies stand in for a missing manifest. */
  lockEntry?: LockEntry;
}

export interface WorkspaceContext {
  files: ProjectFiles;
  /** The lockfile's directory, relative to the ProjectFiles base. */
  lockDir: string;
  rootManifest: Manifest | undefined;
  /** Berry's workspace entries (classic has none). */
  lockWorkspaces: readonly LockEntry[];
  /**
   * Names of dependencies no lock entry resolves. Classic lockfiles do not list workspaces, and
   * ProjectFiles cannot list directories, so these names are the only hint of what `packages/*`
   * holds: a workspace is a package the lockfile does not contain.
   */
  unresolvedNames: ReadonlySet<string>;
  warn(message: string): void;
  addManifest(path: string): void;
}

const GLOB_CHARS = /[*?[\]{}!]/;
/** `dir/*`: the one glob form we can expand from names (`dir/<name without scope>`). */
const ONE_LEVEL_GLOB = /^((?:[^*?[\]{}!/]+\/)*[^*?[\]{}!/]+)\/\*$/;
const MAX_LISTED = 10;

/**
 * The roots of a yarn project: the root manifest and every workspace with its manifest when
 * one can be read. Berry lockfiles list every workspace (`name@workspace:path`); classic ones do
 * not, so for classic only literal `workspaces` paths and `dir/*` members whose name the
 * lockfile or a manifest mentions can be found, with a warning that others may exist.
 */
export function collectWorkspaces(ctx: WorkspaceContext): Workspace[] {
  const byPath = new Map<string, Workspace>();
  const root: Workspace = { path: "." };
  if (ctx.rootManifest) attachManifest(root, ctx.rootManifest, ctx);
  byPath.set(".", root);

  if (ctx.lockWorkspaces.length > 0) {
    const missing: string[] = [];
    for (const entry of ctx.lockWorkspaces) {
      const path = joinRelative(entry.workspacePath ?? ".");
      const workspace = byPath.get(path) ?? { path };
      byPath.set(path, workspace);
      workspace.lockEntry = entry;
      workspace.name ??= entry.name;
      if (entry.version !== undefined) workspace.version ??= entry.version;
      if (workspace.manifest || (path === "." && !ctx.rootManifest)) continue;
      const manifestPath = joinRelative(ctx.lockDir, path, "package.json");
      const manifest = readManifest(ctx.files, manifestPath, ctx.warn);
      if (manifest) attachManifest(workspace, manifest, ctx);
      else missing.push(manifestPath);
    }
    if (missing.length > 0) {
      ctx.warn(
        `${missing.length} workspace manifest(s) not found (${listSome(missing)}): their dependencies ` +
          "were read from yarn.lock, which does not tell dev from prod, so they count as prod",
      );
    }
  } else if (ctx.rootManifest) {
    expandClassicWorkspaces(ctx.rootManifest.workspaces, byPath, ctx);
  }
  return [...byPath.values()];
}

function expandClassicWorkspaces(
  patterns: string[],
  byPath: Map<string, Workspace>,
  ctx: WorkspaceContext,
): void {
  const globs: string[] = [];
  for (const pattern of patterns) {
    const clean = pattern.replace(/^\.\//, "").replace(/\/$/, "");
    if (!GLOB_CHARS.test(clean)) {
      const found = tryWorkspace(clean, undefined, byPath, ctx);
      if (!found)
        ctx.warn(`workspace "${pattern}" has no readable package.json; its dependencies are not roots`);
    } else if (ONE_LEVEL_GLOB.test(clean)) {
      globs.push(clean.slice(0, -2));
    } else {
      ctx.warn(`workspace pattern "${pattern}" could not be listed (directories cannot be read here)`);
    }
  }
  if (globs.length === 0) return;
  // Names found in new manifests can lead to further workspaces, so iterate to a fixpoint.
  const tried = new Set<string>();
  let candidates = [...ctx.unresolvedNames];
  while (candidates.length > 0) {
    const next: string[] = [];
    for (const name of candidates) {
      if (tried.has(name)) continue;
      tried.add(name);
      const base = name.slice(name.lastIndexOf("/") + 1);
      for (const dir of globs) {
        const workspace = tryWorkspace(`${dir}/${base}`, name, byPath, ctx);
        if (workspace) for (const dep of workspace.manifest?.dependencies ?? []) next.push(dep.name);
      }
    }
    candidates = next;
  }
  ctx.warn(
    `workspace pattern(s) ${globs.map((g) => `"${g}/*"`).join(", ")} could not be listed: yarn.lock v1 ` +
      "does not record workspaces, so only members whose names other manifests or entries mention were found",
  );
}

/** Reads `<path>/package.json` as a workspace; with `expectedName`, only if the manifest has that name. */
function tryWorkspace(
  path: string,
  expectedName: string | undefined,
  byPath: Map<string, Workspace>,
  ctx: WorkspaceContext,
): Workspace | undefined {
  const normalised = joinRelative(path);
  if (byPath.has(normalised)) return undefined;
  const manifestPath = joinRelative(ctx.lockDir, normalised, "package.json");
  // A guessed path must prove itself: a missing file or another name is not this workspace.
  const manifest = readManifest(ctx.files, manifestPath, expectedName === undefined ? ctx.warn : () => {});
  if (!manifest || (expectedName !== undefined && manifest.name !== expectedName)) return undefined;
  const workspace: Workspace = { path: normalised };
  attachManifest(workspace, manifest, ctx);
  byPath.set(normalised, workspace);
  return workspace;
}

function attachManifest(workspace: Workspace, manifest: Manifest, ctx: WorkspaceContext): void {
  workspace.manifest = manifest;
  if (manifest.name !== undefined) workspace.name = manifest.name;
  if (manifest.version !== undefined) workspace.version = manifest.version;
  ctx.addManifest(manifest.path);
}

/** What a root declares: its manifest's groups, or its berry lock entry's dependencies. */
export function declaredDependencies(
  workspace: Workspace,
): ReadonlyArray<{ name: string; range: string; kind: DependencyKind }> {
  return workspace.manifest?.dependencies ?? workspace.lockEntry?.dependencies ?? [];
}

/** The first few items of a long list, for messages. */
export function listSome(items: readonly string[]): string {
  const shown = items.slice(0, MAX_LISTED).join(", ");
  return items.length > MAX_LISTED ? `${shown}, … ${items.length - MAX_LISTED} more` : shown;
}
