import { existsSync, statSync } from "node:fs";
import { posix, resolve } from "node:path";
import { LockkeeperError } from "../errors.js";
import { GitBlobReader } from "./git-blob-reader.js";
import { type LoggedCommit, parseRawLog, RAW_LOG_FORMAT } from "./git-log.js";
import { type GitContext, gitBytes, runGitSync } from "./git-runner.js";

/** A regular file of a tree: its path (relative to the repository root) and blob id. */
export interface TreeEntry {
  path: string;
  oid: string;
}

/**
 * A small reader over the `git` command line: history with blob ids, trees, and blobs in bulk.
 * Paths are relative to the repository root; `prefix` is where the opened directory sits in it.
 */
export class GitRepo {
  private constructor(
    /** The directory the repository was opened from. */
    readonly cwd: string,
    /** Absolute path of the working tree's top. */
    readonly root: string,
    /** The opened directory relative to the root, with a trailing slash (`""` at the root). */
    readonly prefix: string,
    /** Environment and cancellation of every git process this repository object runs. */
    readonly git: GitContext,
  ) {}

  /**
   * Opens the repository that contains a directory. Throws GIT for a directory outside any
   * repository or without git. `git.signal` cancels every git call made through the result.
   */
  static async open(dir: string, git: GitContext): Promise<GitRepo> {
    const cwd = resolve(dir);
    if (!existsSync(cwd) || !statSync(cwd).isDirectory()) {
      throw new LockkeeperError("NOT_FOUND", `no such directory: ${dir}`);
    }
    const out = (await gitBytes(cwd, ["rev-parse", "--show-toplevel", "--show-prefix"], git))
      .toString("utf8")
      .split("\n");
    return new GitRepo(cwd, out[0] ?? cwd, out[1] ?? "", git);
  }

  /** The full commit id a revision names (branch, tag, `HEAD~3`, short hash). Throws GIT for an unknown one. */
  async revParse(revision: string): Promise<string> {
    if (revision.startsWith("-")) throw new LockkeeperError("GIT", `unknown revision ${revision}`);
    const out = await gitBytes(
      this.cwd,
      ["rev-parse", "--verify", "--end-of-options", `${revision}^{commit}`],
      {
        ...this.git,
        what: revision,
      },
    );
    return out.toString("utf8").trim();
  }

  /**
   * Every commit on the first-parent line of `revision` that changed a path matching `pathspecs`
   * (written from the root: use `:(top)` magic),
   * oldest first, with the blob id of each changed path (renames followed with -M), from one process.
   * First-parent keeps the walk linear: a merged branch shows up as its merge commit's changes.
   */
  async log(pathspecs: readonly string[], revision = "HEAD"): Promise<LoggedCommit[]> {
    const args = [
      "log",
      "--first-parent",
      "--reverse",
      "--root",
      "--raw",
      "--no-abbrev",
      "-M",
      "-z",
      "--no-show-signature",
      "--no-color",
      RAW_LOG_FORMAT,
      revision,
      "--",
      ...pathspecs,
    ];
    const out = await gitBytes(this.cwd, args, { ...this.git, what: revision });
    return parseRawLog(out.toString("utf8"));
  }

  /** Regular files of a commit's tree below the opened directory, with their blob ids (root-relative paths). */
  async listTree(commit: string): Promise<TreeEntry[]> {
    // ls-tree takes no glob pathspecs: list the directory, callers filter by name.
    const args = ["ls-tree", "-r", "-z", "--full-tree", commit, ...(this.prefix ? ["--", this.prefix] : [])];
    const out = (await gitBytes(this.cwd, args, { ...this.git, what: commit })).toString("utf8");
    const entries: TreeEntry[] = [];
    for (const line of out.split("\u0000")) {
      // `<mode> <type> <oid>\t<path>`
      const tab = line.indexOf("\t");
      if (tab < 0) continue;
      const [mode, type, oid] = line.slice(0, tab).split(" ");
      if (type !== "blob" || (mode !== "100644" && mode !== "100755") || !oid) continue;
      entries.push({ path: line.slice(tab + 1), oid });
    }
    return entries;
  }

  /** Text of a file at a revision, or undefined when the revision has no such file. Path relative to the root. */
  async showFile(revision: string, path: string): Promise<string | undefined> {
    const reader = this.blobReader();
    try {
      return (await reader.read(`${revision}:${path}`))?.toString("utf8");
    } finally {
      reader.close();
    }
  }

  /**
   * Blob id and text of a file at a revision, synchronously: for the rare file a parser reads that
   * is not among the watched ones (a `-r` include with an unusual name). Undefined when absent.
   */
  readAtSync(revision: string, path: string): { oid: string; text: string } | undefined {
    const out = runGitSync(this.cwd, ["cat-file", "--batch"], this.git.env, `${revision}:${path}\n`);
    const newline = out.indexOf(10);
    const header = out.toString("utf8", 0, newline);
    const [oid, type] = header.split(" ");
    if (header.endsWith(" missing") || type !== "blob" || !oid) return undefined;
    return { oid, text: out.toString("utf8", newline + 1, out.length - 1) };
  }

  /** A long-lived `git cat-file --batch` for reading many blobs; close it when done. */
  blobReader(): GitBlobReader {
    return new GitBlobReader(this.cwd, this.git);
  }

  /** A path relative to the opened directory, as a path relative to the root; undefined when it leaves the repository. */
  toRootPath(path: string): string | undefined {
    const joined = posix.normalize(`${this.prefix}${path}`);
    return joined.startsWith("../") || joined === ".." || posix.isAbsolute(joined) ? undefined : joined;
  }

  /** A root-relative path as relative to the opened directory; undefined when it lies outside it. */
  fromRootPath(path: string): string | undefined {
    if (this.prefix === "") return path;
    return path.startsWith(this.prefix) ? path.slice(this.prefix.length) : undefined;
  }
}
