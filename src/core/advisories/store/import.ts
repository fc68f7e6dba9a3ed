import { readFileSync, statSync } from "node:fs";
import { resolve } from "node:path";
import { LockkeeperError } from "../../errors.js";
import { readOsvDirectory } from "../sources/directory-source.js";
import type { ReadOutcome, RejectedRecord, SkippedRecord } from "../sources/record-reader.js";
import { documentFormat, readOsvDocument } from "../sources/record-reader.js";
import { readOsvZip } from "../sources/zip-source.js";
import { openAdvisoryDb } from "./advisory-db.js";
import { DbDraft, type SourceCounts, SourceRun } from "./db-draft.js";
import type { AdvisoryDbMeta } from "./meta.js";
import { type ProgressCallback, READ_PROGRESS_EVERY } from "./progress.js";

export interface ImportOptions {
  /** The source's name in meta.json (default: the resolved path). Re-importing a name replaces its records. */
  label?: string;
  progress?: ProgressCallback;
  /** The time recorded as the update time (default: now). The snapshot build fixes it. */
  now?: Date;
  /** A database folder to start from when `dir` holds none (the shipped snapshot). */
  seed?: string;
}

export interface ImportSummary extends SourceCounts {
  source: string;
  /** Valid records not stored: other ecosystems, duplicates, older copies. */
  skipped: SkippedRecord[];
  /** Documents that are not valid OSV records, each with the reason. */
  rejected: RejectedRecord[];
  /** Meta of the database as written. */
  meta: AdvisoryDbMeta;
}

/**
 * Imports OSV records from a directory (recursive `.json`/`.yaml`/`.yml`), a zip archive (such as
 * OSV's `all.zip`) or a single record file into the database in `dir`, creating it if needed.
 * The import replaces what an earlier import under the same label brought (records no longer
 * in the source are removed) and keeps other sources' records; when two sources hold the same
 * id, the copy with the later `modified` wins. Nothing is dropped silently: the summary lists
 * every skipped and rejected document.
 */
export function importOsv(dir: string, source: string, options: ImportOptions = {}): ImportSummary {
  const label = options.label ?? resolve(source);
  const outcomes = readSource(source);
  const base = openAdvisoryDb(dir) ?? (options.seed ? openAdvisoryDb(options.seed) : undefined);
  try {
    const draft = DbDraft.from(base);
    const run = new SourceRun(draft, label);
    for (const outcome of outcomes) {
      run.accept(outcome);
      if (options.progress && run.counts.read % READ_PROGRESS_EVERY === 0) {
        options.progress({ phase: "read", source: label, records: run.counts.read });
      }
    }
    options.progress?.({ phase: "read", source: label, records: run.counts.read });
    run.removeUnseen();
    const updatedAt = (options.now ?? new Date()).toISOString();
    run.commit({ kind: "import", location: label, updatedAt, cursor: run.newest?.text });
    options.progress?.({ phase: "write", records: draft.entries.size });
    const meta = draft.write(dir, updatedAt);
    return { source: label, ...run.counts, skipped: run.skipped, rejected: run.rejected, meta };
  } finally {
    base?.close();
  }
}

function readSource(source: string): Iterable<ReadOutcome> {
  let isDirectory: boolean;
  try {
    isDirectory = statSync(source).isDirectory();
  } catch (error: unknown) {
    throw new LockkeeperError("NOT_FOUND", `advisory source ${source} does not exist`, {
      file: source,
      cause: error,
    });
  }
  if (isDirectory) return readOsvDirectory(source);
  const bytes = readFileSync(source);
  if (source.toLowerCase().endsWith(".zip") || isZip(bytes)) return readOsvZip(bytes, source);
  const format = documentFormat(source);
  if (format) return [readOsvDocument(bytes, source, format)];
  throw new LockkeeperError(
    "UNKNOWN_FORMAT",
    `${source} is not an advisory source: expected a directory, a .zip or a .json/.yaml OSV record`,
    { file: source },
  );
}

function isZip(bytes: Uint8Array): boolean {
  return bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
}
