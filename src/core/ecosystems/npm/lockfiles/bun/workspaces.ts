/**
 * The `workspaces` of a bun.lock: one entry per project directory (`""` for the root) with the
 * name, version and declarations of its package.json as Bun last installed it. Each becomes a
 * root; its package.json, when beside the lockfile, names it and wins over the lock's copy of
 * its ranges (Bun installs from it), with one warning when they differ.
 */
import { dirnameRelative, joinRelative } from "../../../../files/project-files.js";
import type { SnapshotBuilder } from "../../../../model/snapshot-builder.js";
import type { LockfileInput } from "../../../types.js";
import { readWorkspaceManifest } from "../workspace-manifest.js";
import { type BunDependency, declaredDependencies, isRecord } from "./package-entry.js";

export interface BunWorkspace {
  /** Directory relative to the lockfile's (`.`, `packages/core`). */
  path: string;
  rootId: string;
  /** Its package name: packages nested under the workspace are keyed under it. */
  name?: string;
  dependencies: BunDependency[];
}

export function readWorkspaces(
  workspaces: Record<string, unknown>,
  input: LockfileInput,
  builder: SnapshotBuilder,
): BunWorkspace[] {
  const base = dirnameRelative(input.path);
  const result: BunWorkspace[] = [];
  let missing = 0;
  for (const key in workspaces) {
    const path = key === "" ? "." : key;
    const entry = workspaces[key];
    if (!isRecord(entry)) {
      builder.warn(`workspace ${path}: not an object; its dependencies are not read`);
      result.push({ path, rootId: builder.addRoot(path), dependencies: [] });
      continue;
    }
    const { dependencies, invalid } = declaredDependencies(entry, true);
    if (invalid.length > 0) builder.warn(`workspace ${path}: unreadable ${invalid.join(", ")}`);
    const manifestPath = joinRelative(base, path, "package.json");
    const manifest = readWorkspaceManifest(input, manifestPath, builder, "bun install", true);
    if (manifest) builder.addManifest(manifestPath);
    else missing++;
    if (manifest?.declarations) {
      for (const dependency of dependencies)
        dependency.range = manifest.declarations.rangeOf(dependency.name, dependency.range, dependency.kind);
      const stale = manifest.declarations.staleness();
      if (stale) builder.warn(stale);
    }
    const name = stringOf(entry.name) ?? manifest?.name;
    const version = stringOf(entry.version) ?? manifest?.version;
    const workspace: BunWorkspace = { path, rootId: builder.addRoot(path, name, version), dependencies };
    if (name !== undefined) workspace.name = name;
    result.push(workspace);
  }
  if (missing > 0)
    builder.warn(`package.json not found (or unreadable) for ${missing} of ${result.length} workspace(s)`);
  return result;
}

function stringOf(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" ? value : undefined;
}
