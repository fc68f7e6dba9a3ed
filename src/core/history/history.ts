import type { LockfileParser } from "../ecosystems/types.js";
import { isLockkeeperError } from "../errors.js";
import type { CommitInfo } from "../git/commit-info.js";
import type { GitBlobReader } from "../git/git-blob-reader.js";
import { GitRepo } from "../git/git-repo.js";
import type { GitContext } from "../git/git-runner.js";
import { throwIfCancelled } from "../process/cancellation.js";
import { diffPackages, type PackageChange, type PackageState, packageStates } from "./dependency-changes.js";
import { currentOid, GitTreeFiles, type OutsideReader } from "./git-tree-files.js";
import { ParseCache, type ParseOutcome } from "./parse-cache.js";
import { type AppliedChanges, TreeState } from "./tree-state.js";
import { lockfileParserAt, watchedPathspecs } from "./watched-paths.js";

/** What one commit did to one lockfile. */
export interface LockfileChanges {
  /** Path at this commit, relative to the directory the history was taken in. */
  lockfile: string;
  /** What happened to the lockfile itself, when something did. */
  event?: "added" | "removed" | "renamed";
  /** The path before a rename. */
  previousPath?: string;
  /** Package changes against the last version of this lockfile that could be read. */
  changes: PackageChange[];
}

/** One commit of the audit trail and what it changed. */
export interface CommitChanges {
  commit: CommitInfo;
  /** Sorted by path. */
  lockfiles: LockfileChanges[];
}

/** A lockfile that could not be read at a commit: reported, skipped, and the walk goes on. */
export interface HistoryError {
  commit: CommitInfo;
  lockfile: string;
  message: string;
  line?: number;
}

export interface HistoryStats {
  /** Commits that touched a watched file (the progress total). */
  commits: number;
  /** Lockfile versions looked at (a lockfile, or a file it reads, changed). */
  evaluations: number;
  /** Parser runs: evaluations the cache could not answer. */
  parses: number;
  cacheHits: number;
  /** Distinct blobs read from git. */
  blobsRead: number;
}

export interface HistoryResult {
  /** The directory whose lockfiles were followed, as given. */
  directory: string;
  /** The revision walked back from, as given, and the commit it named. */
  revision: string;
  head: string;
  /** Commits that changed a package or a lockfile, oldest first. */
  entries: CommitChanges[];
  errors: HistoryError[];
  stats: HistoryStats;
}

export interface HistoryOptions {
  /** Where the walk starts (default HEAD); its first-parent line is followed back to the root. */
  revision?: string;
  /** Paths (relative to the directory) whose lockfiles are left out. */
  exclude?: (path: string) => boolean;
  /** Called after each commit, for a progress line. */
  onProgress?: (done: number, total: number) => void;
}

interface LockfileRecord {
  /** Undefined until a version of the lockfile could be parsed. */
  packages: PackageState[] | undefined;
  reads: ReadonlyMap<string, string | null>;
}

/**
 * The dependency history of every lockfile below a directory of a git repository: for each commit
 * (first-parent line, oldest first) that changed a lockfile or a file its parser reads, the package
 * changes it made, attributed to the commit. One `git log` gives every changed path with its blob
 * id; one `git cat-file --batch` reads the blobs; each lockfile version is parsed once (ParseCache).
 */
export async function dependencyHistory(
  directory: string,
  git: GitContext,
  options: HistoryOptions = {},
): Promise<HistoryResult> {
  const repo = await GitRepo.open(directory, git);
  const revision = options.revision ?? "HEAD";
  const head = await repo.revParse(revision);
  const commits = await repo.log(watchedPathspecs(repo.prefix), head);
  const walk = new HistoryWalk(repo, options.exclude ?? (() => false));
  const reader = repo.blobReader();
  try {
    for (const [index, commit] of commits.entries()) {
      throwIfCancelled(git.signal, "the history walk");
      await walk.step(commit.info, walk.state.apply(commit.changes), reader);
      options.onProgress?.(index + 1, commits.length);
    }
  } finally {
    reader.close();
  }
  return {
    directory,
    revision,
    head,
    entries: walk.entries,
    errors: walk.errors,
    stats: {
      commits: commits.length,
      evaluations: walk.evaluations,
      parses: walk.cache.misses,
      cacheHits: walk.cache.hits,
      blobsRead: walk.state.blobsRead,
    },
  };
}

class HistoryWalk {
  readonly state: TreeState;
  readonly cache = new ParseCache();
  readonly entries: CommitChanges[] = [];
  readonly errors: HistoryError[] = [];
  evaluations = 0;
  /** Lockfiles of the current tree and their parsers. */
  private readonly parsers = new Map<string, LockfileParser>();
  private readonly records = new Map<string, LockfileRecord>();

  constructor(
    private readonly repo: GitRepo,
    private readonly exclude: (path: string) => boolean,
  ) {
    this.state = new TreeState((rootPath) => repo.fromRootPath(rootPath));
  }

  async step(commit: CommitInfo, applied: AppliedChanges, reader: GitBlobReader): Promise<void> {
    if (applied.paths.size === 0) return;
    await this.state.load(reader);
    for (const path of applied.paths) {
      this.detect(path);
      if (path.endsWith(".txt")) this.detect(`${path.slice(0, -4)}.in`);
    }
    const lockfiles: LockfileChanges[] = [];
    const events = new Map<string, LockfileChanges>();
    for (const { from, to } of applied.renames) {
      const record = this.records.get(from);
      if (!record || this.parsers.has(from) || !this.parsers.has(to) || this.records.has(to)) continue;
      this.records.delete(from);
      this.records.set(to, record);
      events.set(to, { lockfile: to, event: "renamed", previousPath: from, changes: [] });
    }
    for (const [path, record] of this.records) {
      if (this.parsers.has(path)) continue;
      this.records.delete(path);
      lockfiles.push({ lockfile: path, event: "removed", changes: diffPackages(record.packages ?? [], []) });
    }
    const outside = this.outsideReader(commit.hash);
    for (const [path, parser] of this.parsers) {
      const record = this.records.get(path);
      if (record && !touches(record.reads, applied.paths)) continue;
      const entry =
        events.get(path) ??
        (record ? { lockfile: path, changes: [] } : { lockfile: path, event: "added" as const, changes: [] });
      const outcome = this.evaluate(path, parser, record, commit, outside);
      if (outcome.ok) entry.changes = diffPackages(record?.packages ?? [], outcome.packages);
      else
        this.errors.push({
          commit,
          lockfile: path,
          message: outcome.message,
          ...(outcome.line === undefined ? {} : { line: outcome.line }),
        });
      if (entry.event || entry.changes.length > 0) lockfiles.push(entry);
    }
    if (lockfiles.length > 0) {
      lockfiles.sort((a, b) => (a.lockfile < b.lockfile ? -1 : a.lockfile > b.lockfile ? 1 : 0));
      this.entries.push({ commit, lockfiles });
    }
  }

  /** Parses (or takes from the cache) one lockfile at the current commit and updates its record. */
  private evaluate(
    path: string,
    parser: LockfileParser,
    record: LockfileRecord | undefined,
    commit: CommitInfo,
    outside: OutsideReader,
  ): ParseOutcome {
    this.evaluations++;
    const { tree, texts } = this.state;
    const oid = tree.get(path);
    // Only paths of the current tree are evaluated.
    if (oid === undefined) throw new Error(`history walk: ${path} is not in the tree`);
    let cached = this.cache.lookup(path, oid, (read) => currentOid(tree, outside, read));
    if (!cached) {
      const files = new GitTreeFiles(tree, texts, outside, commit.hash.slice(0, 10));
      const outcome = parseOutcome(parser, path, texts.get(oid) ?? "", files);
      files.reads.set(path, oid);
      cached = { reads: files.reads, outcome };
      this.cache.store(path, oid, files.reads, outcome);
    }
    const outcome = cached.outcome;
    // A version that cannot be read leaves the last readable one as the base of the next diff.
    this.records.set(path, {
      packages: outcome.ok ? outcome.packages : record?.packages,
      reads: cached.reads,
    });
    return outcome;
  }

  private detect(path: string): void {
    const { tree, texts } = this.state;
    const oid = tree.get(path);
    const parser =
      oid === undefined || this.exclude(path)
        ? undefined
        : lockfileParserAt(
            path,
            (other) => tree.has(other),
            () => texts.get(oid),
          );
    if (parser) this.parsers.set(path, parser);
    else this.parsers.delete(path);
  }

  /** Reads of files outside the watched set, from git, remembered for the commit. */
  private outsideReader(hash: string): OutsideReader {
    const seen = new Map<string, { oid: string; text: string } | undefined>();
    return (path) => {
      if (!seen.has(path)) {
        const rootPath = this.repo.toRootPath(path);
        seen.set(path, rootPath === undefined ? undefined : this.repo.readAtSync(hash, rootPath));
      }
      return seen.get(path);
    };
  }
}

function touches(reads: ReadonlyMap<string, string | null>, changed: ReadonlySet<string>): boolean {
  for (const path of changed) if (reads.has(path)) return true;
  return false;
}

/** Runs a parser; a lockfile that does not parse is an outcome to report, never an exception. */
function parseOutcome(
  parser: LockfileParser,
  path: string,
  content: string,
  files: GitTreeFiles,
): ParseOutcome {
  try {
    return { ok: true, packages: packageStates(parser.parse({ path, content, files })) };
  } catch (error: unknown) {
    if (isLockkeeperError(error))
      return { ok: false, message: error.message, ...(error.line === undefined ? {} : { line: error.line }) };
    return {
      ok: false,
      message: `the ${parser.format} parser failed: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
}
