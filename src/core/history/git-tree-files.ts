import { joinRelative, type ProjectFiles } from "../files/project-files.js";
import { isWatchedPath } from "./watched-paths.js";

/** A file outside the watched set, read from git on demand: blob id and text, or undefined when absent. */
export type OutsideReader = (path: string) => { oid: string; text: string } | undefined;

/**
 * A ProjectFiles over one commit's tree: watched paths (lockfiles, manifests, `.txt`/`.in`) come
 * from the tree and the blob texts already loaded; anything else a parser asks for is read from git
 * directly. Every read is recorded with the blob id it saw (null for "absent") because a parser's
 * output depends on those files too: the parse cache is keyed on them.
 */
export class GitTreeFiles implements ProjectFiles {
  /** Path (relative to the opened directory) → blob id read, or null when the file did not exist. */
  readonly reads = new Map<string, string | null>();

  constructor(
    private readonly tree: ReadonlyMap<string, string>,
    private readonly texts: ReadonlyMap<string, string>,
    private readonly outside: OutsideReader,
    /** Shown before paths in messages: the revision (`3f2a1b0`). */
    private readonly label: string,
  ) {}

  readText(path: string): string | undefined {
    const key = joinRelative(path);
    const oid = this.tree.get(key);
    if (oid !== undefined) {
      this.reads.set(key, oid);
      const text = this.texts.get(oid);
      // The walk loads every blob of the tree before parsing; a gap is a bug, not a missing file.
      if (text === undefined) throw new Error(`blob ${oid} of ${key} was not loaded`);
      return text;
    }
    if (isInside(key) && isWatchedPath(key)) {
      this.reads.set(key, null);
      return undefined;
    }
    const found = this.outside(key);
    this.reads.set(key, found?.oid ?? null);
    return found?.text;
  }

  display(path: string): string {
    return `${this.label}:${joinRelative(path)}`;
  }
}

/** Blob id a path has in a tree, by the same rules as GitTreeFiles.readText, without reading it. */
export function currentOid(
  tree: ReadonlyMap<string, string>,
  outside: OutsideReader,
  path: string,
): string | null {
  const oid = tree.get(path);
  if (oid !== undefined) return oid;
  if (isInside(path) && isWatchedPath(path)) return null;
  return outside(path)?.oid ?? null;
}

function isInside(path: string): boolean {
  return !path.startsWith("../") && path !== ".." && !path.startsWith("/");
}
