import { timestampMs } from "../sources/modified-id-csv.js";
import type { ReadOutcome, RejectedRecord, SkippedRecord, SourceRecord } from "../sources/record-reader.js";
import type { AdvisoryDb, StoredEntry } from "./advisory-db.js";
import { type SourceState, writeAdvisoryDb, writeAdvisoryDbMeta } from "./db-writer.js";
import { type AdvisoryDbMeta, MAX_REJECTED_EXAMPLES } from "./meta.js";

export type PutResult = "added" | "updated" | "unchanged" | "superseded";

/** The stored form of a record read from a source. */
export function entryFromRecord(read: SourceRecord, source: string): StoredEntry {
  const { record } = read;
  const lookup = new Set([record.id, ...(record.aliases ?? [])].map((key) => key.toUpperCase()));
  return {
    id: record.id,
    json: Buffer.from(read.json, "utf8"),
    packageKeys: read.keys,
    lookupKeys: [...lookup].sort(),
    source,
    modifiedMs: timestampMs(record.modified),
    withdrawn: record.withdrawn !== undefined,
  };
}

/**
 * The database being rebuilt by an import or an update: every record (raw, unparsed) and every
 * source, in memory, written out in one go at the end. Starting from the records already stored
 * keeps updates cheap: only new or changed records are ever parsed.
 */
export class DbDraft {
  readonly entries = new Map<string, StoredEntry>();
  readonly sources = new Map<string, SourceState>();
  /** Whether any record was added, replaced, removed or moved to another source. */
  recordsChanged = false;

  private constructor(private readonly base: AdvisoryDb | undefined) {}

  /** A draft holding what `db` holds (or nothing). `db` must stay open until `write`. */
  static from(db: AdvisoryDb | undefined): DbDraft {
    const draft = new DbDraft(db);
    if (db) {
      for (const entry of db.storedEntries()) draft.entries.set(entry.id, entry);
      for (const { records: _records, ...source } of db.meta.sources) draft.sources.set(source.name, source);
    }
    return draft;
  }

  /** Adds or replaces a record; the copy with the later `modified` wins (ties: the incoming one). */
  put(entry: StoredEntry): PutResult {
    const existing = this.entries.get(entry.id);
    if (!existing) {
      this.entries.set(entry.id, entry);
      this.recordsChanged = true;
      return "added";
    }
    if (entry.modifiedMs < existing.modifiedMs) return "superseded";
    if (Buffer.compare(existing.json, entry.json) === 0) {
      if (existing.source !== entry.source) {
        this.entries.set(entry.id, entry);
        this.recordsChanged = true;
      }
      return "unchanged";
    }
    this.entries.set(entry.id, entry);
    this.recordsChanged = true;
    return "updated";
  }

  remove(id: string): boolean {
    const removed = this.entries.delete(id);
    if (removed) this.recordsChanged = true;
    return removed;
  }

  /** Ids of the records that came from a source. */
  idsOf(source: string): Set<string> {
    const ids = new Set<string>();
    for (const entry of this.entries.values()) if (entry.source === source) ids.add(entry.id);
    return ids;
  }

  /**
   * Writes the draft to `dir`: the whole folder when records changed (or `dir` is not where the
   * draft came from), otherwise just meta.json. Returns the new meta.
   */
  write(dir: string, updatedAt: string): AdvisoryDbMeta {
    // index.bin numbers sources by their position in meta.json, so a new or dropped source
    // needs the whole folder rewritten even when no record changed.
    const names = [...this.sources.keys()].sort();
    const sameSources =
      this.base !== undefined &&
      names.join("\n") === this.base.meta.sources.map((source) => source.name).join("\n");
    if (!this.recordsChanged && this.base && this.base.dir === dir && sameSources) {
      const meta: AdvisoryDbMeta = {
        ...this.base.meta,
        updatedAt,
        sources: [...this.sources.values()]
          .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
          .map((source) => ({
            ...source,
            records: this.base?.meta.sources.find((s) => s.name === source.name)?.records ?? 0,
          })),
      };
      writeAdvisoryDbMeta(dir, meta);
      return meta;
    }
    return writeAdvisoryDb(dir, this.entries.values(), [...this.sources.values()], updatedAt);
  }
}

/** Counts of one read of a source. */
export interface SourceCounts {
  /** Documents read (records, skipped and rejected). */
  read: number;
  added: number;
  updated: number;
  unchanged: number;
  removed: number;
}

/**
 * One read of one source into a draft: classifies every outcome, keeps the counts and the
 * skipped/rejected lists for the summary, and records the source in the draft's meta.
 */
export class SourceRun {
  readonly counts: SourceCounts = { read: 0, added: 0, updated: 0, unchanged: 0, removed: 0 };
  readonly skipped: SkippedRecord[] = [];
  readonly rejected: RejectedRecord[] = [];
  /** Newest `modified` among the records read. */
  newest: { text: string; ms: number } | undefined;
  private readonly seen = new Map<string, string>();

  constructor(
    private readonly draft: DbDraft,
    readonly source: string,
  ) {}

  accept(outcome: ReadOutcome): void {
    this.counts.read++;
    if (outcome.kind === "rejected") {
      this.rejected.push(outcome);
      return;
    }
    if (outcome.kind === "skipped") {
      this.skipped.push(outcome);
      return;
    }
    const entry = entryFromRecord(outcome, this.source);
    if (!this.newest || entry.modifiedMs > this.newest.ms) {
      this.newest = { text: outcome.record.modified, ms: entry.modifiedMs };
    }
    const earlier = this.seen.get(entry.id);
    this.seen.set(entry.id, outcome.origin);
    const result = this.draft.put(entry);
    if (earlier !== undefined) {
      // Two documents with one id in the same source: the later `modified` is kept, the other reported.
      const lost = result === "superseded" ? outcome.origin : earlier;
      this.skipped.push({
        kind: "skipped",
        origin: lost,
        id: entry.id,
        reason: "duplicate id in the same source",
      });
      if (result === "superseded") this.seen.set(entry.id, earlier);
      return;
    }
    if (result === "superseded") {
      const holder = this.draft.entries.get(entry.id)?.source ?? "another source";
      this.skipped.push({
        kind: "skipped",
        origin: outcome.origin,
        id: entry.id,
        reason: `older than the stored copy from ${holder}`,
      });
      return;
    }
    this.counts[result]++;
  }

  /** Ids accepted in this run. */
  get seenIds(): ReadonlySet<string> {
    return new Set(this.seen.keys());
  }

  /** Removes the source's records that this run did not see (a full read replaces the source). */
  removeUnseen(): void {
    for (const id of this.draft.idsOf(this.source)) {
      if (!this.seen.has(id) && this.draft.remove(id)) this.counts.removed++;
    }
  }

  /** Records this run's source in the draft's meta. */
  commit(state: Pick<SourceState, "kind" | "location" | "updatedAt" | "cursor">): void {
    const skipped: Record<string, number> = {};
    for (const { reason } of this.skipped) skipped[reason] = (skipped[reason] ?? 0) + 1;
    this.draft.sources.set(this.source, {
      name: this.source,
      ...state,
      skipped,
      rejected: this.rejected.length,
      rejectedExamples: this.rejected.slice(0, MAX_REJECTED_EXAMPLES).map((r) => r.error),
    });
  }
}
