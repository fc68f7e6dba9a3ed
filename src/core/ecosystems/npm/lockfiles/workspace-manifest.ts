import type { SnapshotBuilder } from "../../../model/snapshot-builder.js";
import type { LockfileInput } from "../../types.js";
import { ManifestRanges } from "./manifest-ranges.js";

/** What a workspace project's package.json says: its name and version, and the ranges it declares. */
export interface WorkspaceManifest {
  name?: string;
  version?: string;
  declarations?: ManifestRanges;
}

/**
 * A workspace project's package.json next to a lockfile that records its declarations (a pnpm
 * importer, a bun.lock workspace); undefined when it does not exist. Unreadable or invalid files
 * are one warning each and read as empty.
 * @param install the command that brings the lockfile up to date, for staleness warnings.
 * @param withPeers false for lockfiles that do not record the project's peer dependencies.
 */
export function readWorkspaceManifest(
  input: LockfileInput,
  path: string,
  builder: SnapshotBuilder,
  install: string,
  withPeers: boolean,
): WorkspaceManifest | undefined {
  let text: string | undefined;
  try {
    text = input.files.readText(path);
  } catch (error: unknown) {
    builder.warn(`${input.files.display(path)}: ${error instanceof Error ? error.message : String(error)}`);
    return undefined;
  }
  if (text === undefined) return undefined;
  let manifest: unknown;
  try {
    manifest = JSON.parse(text);
  } catch {
    builder.warn(`${input.files.display(path)}: not valid JSON; the project is not named from it`);
    return {};
  }
  if (typeof manifest !== "object" || manifest === null || Array.isArray(manifest)) return {};
  const fields = manifest as Record<string, unknown>;
  const result: WorkspaceManifest = {
    declarations: ManifestRanges.of(path, fields, install, withPeers),
  };
  if (typeof fields.name === "string") result.name = fields.name;
  if (typeof fields.version === "string") result.version = fields.version;
  return result;
}
