import type { GitBlobReader } from "../git/git-blob-reader.js";
import type { FileChange } from "../git/git-log.js";

/** What one commit did to the watched files, in paths relative to the opened directory. */
export interface AppliedChanges {
  /** Every path touched: both sides of a rename. */
  paths: Set<string>;
  renames: { from: string; to: string }[];
}

/**
 * The watched files of the commit being walked (path → blob id) and the texts of exactly those
 * blobs: memory follows the size of one tree, not of the history, however long it is.
 */
export class TreeState {
  readonly tree = new Map<string, string>();
  readonly texts = new Map<string, string>();
  private readonly references = new Map<string, number>();
  /** Blob ids added to the tree since the last load. */
  private pending = new Set<string>();
  blobsRead = 0;

  /** `toLocal` maps a root-relative path to the opened directory, undefined when outside it. */
  constructor(private readonly toLocal: (rootPath: string) => string | undefined) {}

  /** Applies a commit's changes to the tree; texts of new blobs are loaded by `load`. */
  apply(changes: readonly FileChange[]): AppliedChanges {
    const applied: AppliedChanges = { paths: new Set(), renames: [] };
    for (const change of changes) {
      const path = this.toLocal(change.path);
      const oldPath = change.oldPath === undefined ? undefined : this.toLocal(change.oldPath);
      if (oldPath !== undefined && change.status === "R") {
        this.remove(oldPath);
        applied.paths.add(oldPath);
        if (path !== undefined) applied.renames.push({ from: oldPath, to: path });
      }
      if (path === undefined) continue;
      applied.paths.add(path);
      if (change.oid === undefined) this.remove(path);
      else this.set(path, change.oid);
    }
    return applied;
  }

  /** Reads every blob of the tree whose text is not loaded yet, in one batch. */
  async load(reader: GitBlobReader): Promise<void> {
    const missing = [...this.pending].filter((oid) => this.references.has(oid) && !this.texts.has(oid));
    this.pending = new Set();
    if (missing.length === 0) return;
    const contents = await reader.readMany(missing);
    missing.forEach((oid, i) => {
      this.texts.set(oid, contents[i]?.toString("utf8") ?? "");
    });
    this.blobsRead += missing.length;
  }

  private set(path: string, oid: string): void {
    const previous = this.tree.get(path);
    if (previous === oid) return;
    if (previous !== undefined) this.release(previous);
    this.tree.set(path, oid);
    this.references.set(oid, (this.references.get(oid) ?? 0) + 1);
    if (!this.texts.has(oid)) this.pending.add(oid);
  }

  private remove(path: string): void {
    const previous = this.tree.get(path);
    if (previous === undefined) return;
    this.tree.delete(path);
    this.release(previous);
  }

  private release(oid: string): void {
    const count = (this.references.get(oid) ?? 1) - 1;
    if (count > 0) {
      this.references.set(oid, count);
      return;
    }
    this.references.delete(oid);
    this.texts.delete(oid);
  }
}
