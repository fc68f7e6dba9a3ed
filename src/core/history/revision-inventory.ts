import { isLockkeeperError, LockkeeperError } from "../errors.js";
import type { GitRepo } from "../git/git-repo.js";
import { parseLockfile } from "../inventory/parse-lockfile.js";
import type { Inventory, Snapshot } from "../model/types.js";
import { GitTreeFiles, type OutsideReader } from "./git-tree-files.js";
import { isWatchedPath, lockfileParserAt } from "./watched-paths.js";

export interface RevisionInventory {
  inventory: Inventory;
  /** The full commit id the revision named. */
  commit: string;
}

/**
 * The inventory of the opened directory as it was at a revision: lockfiles detected in the commit's
 * tree by the same rules as on disk, parsed with manifests read from the same commit. A revision
 * without lockfiles gives an empty inventory (a diff then shows everything as added). Parse errors
 * are thrown as on disk.
 */
export async function inventoryAtRevision(
  repo: GitRepo,
  revision: string,
  exclude: (path: string) => boolean = () => false,
): Promise<RevisionInventory> {
  const commit = await repo.revParse(revision);
  const tree = new Map<string, string>();
  for (const entry of await repo.listTree(commit)) {
    const path = repo.fromRootPath(entry.path);
    if (path !== undefined && isWatchedPath(path)) tree.set(path, entry.oid);
  }
  const texts = new Map<string, string>();
  const oids = [...new Set(tree.values())];
  const reader = repo.blobReader();
  try {
    const contents = await reader.readMany(oids);
    oids.forEach((oid, i) => {
      texts.set(oid, contents[i]?.toString("utf8") ?? "");
    });
  } finally {
    reader.close();
  }
  const outside: OutsideReader = (path) => {
    const rootPath = repo.toRootPath(path);
    return rootPath === undefined ? undefined : repo.readAtSync(commit, rootPath);
  };
  const snapshots: Snapshot[] = [];
  for (const [path, oid] of [...tree].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (exclude(path)) continue;
    const parser = lockfileParserAt(
      path,
      (other) => tree.has(other),
      () => texts.get(oid),
    );
    if (!parser) continue;
    const files = new GitTreeFiles(tree, texts, outside, revision);
    try {
      snapshots.push(parseLockfile(parser, { path, content: texts.get(oid) ?? "", files }));
    } catch (error: unknown) {
      // Name the revision too: the same path usually parses in the working tree.
      if (isLockkeeperError(error))
        throw new LockkeeperError(error.code, error.message, {
          file: `${revision}:${error.file ?? path}`,
          line: error.line,
          cause: error,
        });
      throw error;
    }
  }
  return { inventory: { target: revision, snapshots }, commit };
}
