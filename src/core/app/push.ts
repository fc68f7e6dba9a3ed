import { relative, sep } from "node:path";
import { type PushMetadata, pushMetadata } from "../git/push-metadata.js";
import type { Inventory } from "../model/types.js";
import { type AppContext, gitContext } from "./context.js";
import { projectConfig, readInventory } from "./project.js";

/** What `lk push` sends: lockfiles with the files their parsers read, or one SBOM. */
export type SnapshotUpload =
  | { kind: "lockfiles"; files: { path: string; content: string }[]; inventory: Inventory; git: PushMetadata }
  | { kind: "sbom"; mediaType: string; content: string; inventory: Inventory; git: PushMetadata };

const SBOM_MEDIA_TYPES: Record<string, string> = {
  cyclonedx: "application/vnd.cyclonedx+json",
  spdx: "application/spdx+json",
};

/**
 * The snapshot of a target to push. The inventory is read here first, so a push fails on the
 * developer's machine with the same message `lk inventory` gives, and the upload holds exactly the
 * files the parsers read (lockfiles, and the manifests and includes beside them that decide
 * scopes and declared ranges) — the server reads the same files the same way.
 */
export async function prepareSnapshotUpload(
  context: AppContext,
  request: { target: string; configFile?: string },
): Promise<SnapshotUpload> {
  const found = projectConfig(
    context,
    request.target,
    request.configFile ? { configFile: request.configFile } : {},
  );
  const read = new Map<string, string>();
  const inventory = readInventory(context, request.target, found.config, (path, text) =>
    read.set(path, text),
  );
  const git = await pushMetadata(found.projectDir, gitContext(context));
  const [only] = inventory.snapshots;
  const mediaType =
    only && inventory.snapshots.length === 1 ? SBOM_MEDIA_TYPES[only.lockfile.format] : undefined;
  const contents: { path: string; content: string }[] = [];
  for (const [absolute, content] of [...read].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const path = relative(found.projectDir, absolute).split(sep).join("/");
    if (path.startsWith("../")) {
      // An include outside the pushed folder (`-r ../common.txt`): the server takes files of the
      // project only, and will report the include as missing.
      context.onEvent({ kind: "warning", message: `${path} lies outside ${request.target} and is not sent` });
      continue;
    }
    contents.push({ path, content });
  }
  if (mediaType && contents.length === 1) {
    return { kind: "sbom", mediaType, content: (contents[0] as { content: string }).content, inventory, git };
  }
  return { kind: "lockfiles", files: contents, inventory, git };
}
