import { randomUUID } from "node:crypto";
import {
  closeSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readdirSync,
  renameSync,
  rmSync,
  writeFileSync,
  writeSync,
} from "node:fs";
import { dirname, join } from "node:path";
import { LockkeeperError } from "../../errors.js";
import type { StoredEntry } from "./advisory-db.js";
import { encodeIndex, FLAG_WITHDRAWN, type RecordColumns } from "./index-file.js";
import { buildKeyTable } from "./key-table.js";
import {
  type AdvisoryDbMeta,
  type AdvisorySourceMeta,
  DB_FORMAT,
  INDEX_FILE,
  META_FILE,
  RECORDS_FILE,
  serialiseMeta,
} from "./meta.js";

/** A source as the writer is given it; its record count is derived from the entries. */
export type SourceState = Omit<AdvisorySourceMeta, "records">;

/** Records are written in batches of about this many bytes. */
const WRITE_BATCH_BYTES = 4 * 1024 * 1024;

/**
 * Writes a complete database folder: `records.bin` (each record's minified JSON followed by a
 * newline, in id order), `index.bin` and `meta.json`. Everything is written to a sibling temporary
 * folder and renamed over `dir`, so readers see the old database or the new one, never half of
 * one. Deterministic: the same entries, sources and time give the same bytes.
 */
export function writeAdvisoryDb(
  dir: string,
  entries: Iterable<StoredEntry>,
  sources: readonly SourceState[],
  updatedAt: string,
): AdvisoryDbMeta {
  const sorted = [...entries].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const orderedSources = [...sources].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const sourceNumber = new Map(orderedSources.map((source, i) => [source.name, i]));
  if (orderedSources.length > 0xffff) throw new Error("too many advisory sources");
  const sourceCounts = new Array<number>(orderedSources.length).fill(0);

  const count = sorted.length;
  const columns: RecordColumns = {
    offsets: new Float64Array(count),
    lengths: new Uint32Array(count),
    modifiedMs: new Float64Array(count),
    sources: new Uint16Array(count),
    flags: new Uint8Array(count),
  };
  const packageKeys = new Map<string, number[]>();
  const idKeys = new Map<string, number[]>();
  const lookupKeys = new Map<string, number[]>();
  const add = (map: Map<string, number[]>, key: string, n: number): void => {
    const list = map.get(key);
    if (list) list.push(n);
    else map.set(key, [n]);
  };
  const totals = { withdrawn: 0, npm: 0, pypi: 0 };

  return withTempDir(dir, (tmp) => {
    const fd = openSync(join(tmp, RECORDS_FILE), "w");
    let offset = 0;
    try {
      let batch: Uint8Array[] = [];
      let batchBytes = 0;
      const flush = (): void => {
        if (batchBytes === 0) return;
        writeSync(fd, Buffer.concat(batch, batchBytes));
        batch = [];
        batchBytes = 0;
      };
      for (let n = 0; n < count; n++) {
        const entry = sorted[n] as StoredEntry;
        if (n > 0 && (sorted[n - 1] as StoredEntry).id === entry.id)
          throw new Error(`duplicate record id ${entry.id}`);
        const source = sourceNumber.get(entry.source);
        if (source === undefined) throw new Error(`record ${entry.id} names unknown source ${entry.source}`);
        sourceCounts[source] = (sourceCounts[source] as number) + 1;
        columns.offsets[n] = offset;
        columns.lengths[n] = entry.json.byteLength;
        columns.modifiedMs[n] = entry.modifiedMs;
        columns.sources[n] = source;
        columns.flags[n] = entry.withdrawn ? FLAG_WITHDRAWN : 0;
        if (entry.withdrawn) totals.withdrawn++;
        batch.push(entry.json, NEWLINE);
        batchBytes += entry.json.byteLength + 1;
        offset += entry.json.byteLength + 1;
        if (batchBytes >= WRITE_BATCH_BYTES) flush();
        add(idKeys, entry.id, n);
        for (const key of entry.lookupKeys) add(lookupKeys, key, n);
        let npm = false;
        let pypi = false;
        for (const key of entry.packageKeys) {
          add(packageKeys, key, n);
          if (key.startsWith("npm:")) npm = true;
          else if (key.startsWith("pypi:")) pypi = true;
        }
        if (npm) totals.npm++;
        if (pypi) totals.pypi++;
      }
      flush();
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    const index = encodeIndex({
      recordCount: count,
      columns,
      tables: {
        package: buildKeyTable(packageKeys),
        id: buildKeyTable(idKeys),
        lookup: buildKeyTable(lookupKeys),
      },
    });
    writeFileSync(join(tmp, INDEX_FILE), index);
    const meta: AdvisoryDbMeta = {
      format: DB_FORMAT,
      updatedAt,
      records: { total: count, ...totals },
      sources: orderedSources.map((source, i) => ({ ...source, records: sourceCounts[i] as number })),
      files: { records: offset, index: index.length },
    };
    writeFileSync(join(tmp, META_FILE), serialiseMeta(meta));
    return meta;
  });
}

/** Rewrites only `meta.json` (atomically), for updates that changed no record. */
export function writeAdvisoryDbMeta(dir: string, meta: AdvisoryDbMeta): void {
  const tmp = join(dir, `${META_FILE}.${process.pid}.${randomUUID().slice(0, 8)}.tmp`);
  try {
    writeFileSync(tmp, serialiseMeta(meta));
    renameSync(tmp, join(dir, META_FILE));
  } catch (error: unknown) {
    rmSync(tmp, { force: true });
    throw writeError(dir, error);
  }
}

const NEWLINE = new Uint8Array([0x0a]);

function withTempDir<T>(dir: string, write: (tmp: string) => T): T {
  if (existsSync(dir) && !existsSync(join(dir, META_FILE)) && readdirSync(dir).length > 0) {
    throw new LockkeeperError(
      "USAGE",
      `refusing to replace ${dir}: it is not empty and holds no advisory database`,
      {
        file: dir,
      },
    );
  }
  const suffix = `${process.pid}-${randomUUID().slice(0, 8)}`;
  const tmp = `${dir}.tmp-${suffix}`;
  try {
    mkdirSync(dirname(dir), { recursive: true });
    mkdirSync(tmp);
  } catch (error: unknown) {
    throw writeError(dir, error);
  }
  try {
    const result = write(tmp);
    swapIn(tmp, dir, `${dir}.old-${suffix}`);
    return result;
  } catch (error: unknown) {
    rmSync(tmp, { recursive: true, force: true });
    if (error instanceof LockkeeperError) throw error;
    throw writeError(dir, error);
  }
}

/** Moves the finished folder into place; the previous database is renamed aside, then deleted. */
function swapIn(tmp: string, dir: string, old: string): void {
  if (!existsSync(dir)) {
    renameSync(tmp, dir);
    return;
  }
  renameSync(dir, old);
  try {
    renameSync(tmp, dir);
  } catch (error: unknown) {
    renameSync(old, dir);
    throw error;
  }
  rmSync(old, { recursive: true, force: true });
}

function writeError(dir: string, error: unknown): LockkeeperError {
  const message = error instanceof Error ? error.message : String(error);
  return new LockkeeperError("USAGE", `cannot write the advisory database to ${dir}: ${message}`, {
    file: dir,
    cause: error,
  });
}
