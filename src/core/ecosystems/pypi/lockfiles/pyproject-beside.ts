import { isLockkeeperError } from "../../../errors.js";
import { dirnameRelative, joinRelative } from "../../../files/project-files.js";
import type { SnapshotBuilder } from "../../../model/snapshot-builder.js";
import type { LockfileInput } from "../../types.js";
import { type PyprojectManifest, type PyprojectTool, readPyproject } from "../toml/pyproject.js";
import type { PythonDependency, PythonLockGraph } from "./python-lock-graph.js";

/**
 * The pyproject.toml beside a Python lock, read for `tool` and recorded as a manifest of the
 * snapshot, its problems as warnings. Absent: `missing` is warned when given. Unreadable: warned
 * (with `unreadableNote` after the reason), and the lock is read without it.
 */
export function readPyprojectBeside(
  input: LockfileInput,
  builder: SnapshotBuilder,
  tool: PyprojectTool,
  messages: { missing?: string; unreadableNote?: string } = {},
): PyprojectManifest | undefined {
  const path = joinRelative(dirnameRelative(input.path), "pyproject.toml");
  const content = input.files.readText(path);
  if (content === undefined) {
    if (messages.missing) builder.warn(messages.missing);
    return undefined;
  }
  builder.addManifest(path);
  try {
    const manifest = readPyproject(path, content, tool);
    for (const problem of manifest.problems) builder.warn(`${path}: ${problem}`);
    return manifest;
  } catch (error: unknown) {
    if (!isLockkeeperError(error)) throw error;
    builder.warn(
      messages.unreadableNote ? `${error.describe()}; ${messages.unreadableNote}` : error.describe(),
    );
    return undefined;
  }
}

/** The dependencies pyproject.toml declares, as edges from the project's root. */
export function addManifestDependencies(
  manifest: PyprojectManifest,
  rootId: string,
  graph: PythonLockGraph,
): void {
  for (const declared of manifest.dependencies) {
    const dependency: PythonDependency = {
      from: rootId,
      name: declared.name,
      kind: declared.kind,
      extras: declared.extras,
    };
    if (declared.range) dependency.range = declared.range;
    if (declared.markers) dependency.markers = declared.markers;
    graph.addDependency(dependency);
  }
}
