import {
  closeSync,
  existsSync,
  fstatSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  statSync,
} from "node:fs";
import { join } from "node:path";
import { LockkeeperError } from "../../errors.js";
import type { Ecosystem } from "../../model/types.js";
import type { OsvRecord } from "../schema/osv.js";
import { packageKey } from "../sources/osv-ecosystems.js";
import type { AdvisoryPackage, AdvisoryStore } from "./advisory-store.js";
import { decodeIndex, FLAG_WITHDRAWN, type IndexContents } from "./index-file.js";
import { KeyTable } from "./key-table.js";
import {
  type AdvisoryDbMeta,
  advisoryDbMetaSchema,
  DB_FORMAT,
  INDEX_FILE,
  META_FILE,
  RECORDS_FILE,
} from "./meta.js";

/** Parsed records kept per open database; beyond this the oldest are dropped (and re-read if asked). */
const RECORD_CACHE_LIMIT = 20_000;

/** A stored record as the writer needs it again: raw bytes and index entries, never parsed. */
export interface StoredEntry {
  id: string;
  /** The record's minified JSON (UTF-8). */
  json: Uint8Array;
  /** `ecosystem:normalised-name` keys (see `packageKey`). */
  packageKeys: readonly string[];
  /** Upper-cased id and aliases. */
  lookupKeys: readonly string[];
  /** Name of the source (meta.json `sources[].name`) the record came from. */
  source: string;
  modifiedMs: number;
  withdrawn: boolean;
}

/**
 * An open advisory database (read-only). Opening reads `meta.json` and `index.bin` only;
 * records are read from `records.bin` with positioned reads when asked for, parsed once and
 * cached. Records were validated when they were imported and are returned as stored —
 * withdrawn ones included (the matcher excludes them; `lk explain` shows them). Treat the
 * returned objects as read-only: they are shared between calls.
 */
export class AdvisoryDb implements AdvisoryStore {
  private fd: number | undefined;
  private readonly packages: KeyTable;
  private readonly idTable: KeyTable;
  private readonly lookupTable: KeyTable;
  private readonly cache = new Map<number, OsvRecord>();
  private scratch = Buffer.alloc(64 * 1024);
  private newest: Map<Ecosystem, string> | undefined;

  constructor(
    readonly dir: string,
    readonly meta: AdvisoryDbMeta,
    private readonly index: IndexContents,
    fd: number,
  ) {
    this.fd = fd;
    this.packages = new KeyTable(index.tables.package);
    this.idTable = new KeyTable(index.tables.id);
    this.lookupTable = new KeyTable(index.tables.lookup);
  }

  /** Number of records. */
  get size(): number {
    return this.index.recordCount;
  }

  /** Records with an affected package of that name (PyPI names PEP 503-normalised), in id order. */
  recordsOf(ecosystem: Ecosystem, name: string): OsvRecord[] {
    return Array.from(this.packages.find(packageKey(ecosystem, name)), (n) => this.recordAt(n));
  }

  async query(packages: readonly AdvisoryPackage[]): Promise<Map<string, readonly OsvRecord[]>> {
    const found = new Map<string, readonly OsvRecord[]>();
    for (const { ecosystem, name } of packages) {
      const key = packageKey(ecosystem, name);
      if (found.has(key)) continue;
      const records = this.recordsOf(ecosystem, name);
      if (records.length > 0) found.set(key, records);
    }
    return found;
  }

  async lookup(idOrAlias: string): Promise<OsvRecord[]> {
    return this.recordsNamed(idOrAlias);
  }

  /** Whether any record affects that package (no record is read). */
  hasPackage(ecosystem: Ecosystem, name: string): boolean {
    return this.packages.indexOf(packageKey(ecosystem, name)) >= 0;
  }

  /** The record with exactly this id. */
  get(id: string): OsvRecord | undefined {
    const index = this.idTable.indexOf(id);
    return index < 0 ? undefined : this.recordAt(index);
  }

  /**
   * Records named by an id or alias, case-insensitively (`cve-2021-23337` finds the GHSA and
   * PYSEC records that alias it, and the record whose id it is), in id order.
   */
  recordsNamed(idOrAlias: string): OsvRecord[] {
    return Array.from(this.lookupTable.find(idOrAlias.trim().toUpperCase()), (n) => this.recordAt(n));
  }

  /** Every record id, sorted. */
  ids(): string[] {
    const out = new Array<string>(this.size);
    for (let i = 0; i < this.size; i++) out[i] = this.idTable.key(i);
    return out;
  }

  /** Every `ecosystem:name` key that has records, sorted (for diagnostics and tests). */
  packageKeys(): string[] {
    const out = new Array<string>(this.packages.size);
    for (let i = 0; i < this.packages.size; i++) out[i] = this.packages.key(i);
    return out;
  }

  /**
   * Per ecosystem with records, the newest `modified` among them (ISO 8601), from the index (no
   * record is read): how far each ecosystem's data reaches, which can differ by years (the shipped
   * npm advisories end in 2020, the PyPI ones in 2024). Ecosystems in id order.
   */
  newestModified(): Map<Ecosystem, string> {
    if (this.newest) return this.newest;
    const newestMs = new Map<string, number>();
    const { modifiedMs } = this.index.columns;
    for (let i = 0; i < this.packages.size; i++) {
      const key = this.packages.key(i);
      const ecosystem = key.slice(0, key.indexOf(":"));
      let newest = newestMs.get(ecosystem) ?? Number.NEGATIVE_INFINITY;
      for (const n of this.packages.postingsAt(i)) {
        const ms = modifiedMs[n] as number;
        if (ms > newest) newest = ms;
      }
      newestMs.set(ecosystem, newest);
    }
    this.newest = new Map(
      [...newestMs]
        .filter(([, ms]) => Number.isFinite(ms))
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([ecosystem, ms]) => [ecosystem as Ecosystem, new Date(ms).toISOString()]),
    );
    return this.newest;
  }

  /** Whether the record is withdrawn, from the index (no record is read). */
  isWithdrawn(id: string): boolean {
    const index = this.idTable.indexOf(id);
    return index >= 0 && ((this.index.columns.flags[index] as number) & FLAG_WITHDRAWN) !== 0;
  }

  /** Releases the file descriptor. Further queries throw. */
  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
    this.cache.clear();
  }

  /** Every stored record as raw bytes plus index entries, in id order (for rewriting the database). */
  *storedEntries(): Generator<StoredEntry> {
    if (this.fd === undefined) throw new Error(`advisory database ${this.dir} is closed`);
    const packageKeys = invert(this.packages, this.size);
    const lookupKeys = invert(this.lookupTable, this.size);
    const { columns } = this.index;
    // One read of the whole file beats a positioned read per record when every record is wanted.
    const all = readFileSync(join(this.dir, RECORDS_FILE));
    for (let n = 0; n < this.size; n++) {
      const offset = columns.offsets[n] as number;
      yield {
        id: this.idTable.key(n),
        json: all.subarray(offset, offset + (columns.lengths[n] as number)),
        packageKeys: packageKeys[n] ?? [],
        lookupKeys: lookupKeys[n] ?? [],
        source: this.meta.sources[columns.sources[n] as number]?.name ?? "unknown",
        modifiedMs: columns.modifiedMs[n] as number,
        withdrawn: ((columns.flags[n] as number) & FLAG_WITHDRAWN) !== 0,
      };
    }
  }

  private recordAt(n: number): OsvRecord {
    const cached = this.cache.get(n);
    if (cached) return cached;
    const bytes = this.readBytes(n);
    let record: OsvRecord;
    try {
      record = JSON.parse(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("utf8"));
    } catch (error: unknown) {
      throw this.corrupt(`record ${n} is not valid JSON`, RECORDS_FILE, error);
    }
    const expected = this.idTable.key(n);
    if (record === null || typeof record !== "object" || record.id !== expected) {
      throw this.corrupt(`record ${n} should be ${expected} but is not`, RECORDS_FILE);
    }
    if (this.cache.size >= RECORD_CACHE_LIMIT) {
      const oldest = this.cache.keys().next().value;
      if (oldest !== undefined) this.cache.delete(oldest);
    }
    this.cache.set(n, record);
    return record;
  }

  /** Bytes of record n, in a scratch buffer that the next call reuses. */
  private readBytes(n: number): Uint8Array {
    if (this.fd === undefined) throw new Error(`advisory database ${this.dir} is closed`);
    const length = this.index.columns.lengths[n] as number;
    const offset = this.index.columns.offsets[n] as number;
    if (this.scratch.length < length) this.scratch = Buffer.alloc(length * 2);
    const target = this.scratch;
    const read = readSync(this.fd, target, 0, length, offset);
    if (read !== length) throw this.corrupt(`record ${n} is cut short`, RECORDS_FILE);
    return target.subarray(0, length);
  }

  private corrupt(problem: string, file: string, cause?: unknown): LockkeeperError {
    return corruptError(this.dir, file, problem, cause);
  }
}

function invert(table: KeyTable, recordCount: number): string[][] {
  const out: string[][] = new Array(recordCount);
  for (let i = 0; i < table.size; i++) {
    const key = table.key(i);
    for (const n of table.postingsAt(i)) {
      const keys = out[n];
      if (keys) keys.push(key);
      else out[n] = [key];
    }
  }
  return out;
}

function corruptError(dir: string, file: string, problem: string, cause?: unknown): LockkeeperError {
  return new LockkeeperError("PARSE", `advisory database is damaged: ${problem}`, {
    file: join(dir, file),
    hint: `delete ${dir} and run "lk db update" to rebuild it`,
    cause,
  });
}

/**
 * Opens the database in `dir`, or returns undefined when there is none (no folder, or an empty
 * one). A folder that holds a database but cannot be read as one throws a PARSE LockkeeperError
 * naming the damaged file. Opening reads two small files and needs no write access, so the
 * snapshot shipped in the package opens in place.
 */
export function openAdvisoryDb(dir: string): AdvisoryDb | undefined {
  if (!existsSync(dir)) return undefined;
  if (!statSync(dir).isDirectory()) {
    throw new LockkeeperError("USAGE", `${dir} is not an advisory database: it is not a folder`, {
      file: dir,
    });
  }
  const metaPath = join(dir, META_FILE);
  if (!existsSync(metaPath)) {
    const files = readdirSync(dir);
    if (files.length === 0) return undefined;
    if (files.includes(RECORDS_FILE) || files.includes(INDEX_FILE)) {
      throw corruptError(dir, META_FILE, `${META_FILE} is missing`);
    }
    // Not ours at all: most likely a mistyped --db path; never treat it as a database to replace.
    throw new LockkeeperError(
      "USAGE",
      `${dir} is not an advisory database: it holds other files and no ${META_FILE}`,
      {
        file: dir,
      },
    );
  }
  let meta: AdvisoryDbMeta;
  try {
    const parsed = advisoryDbMetaSchema.safeParse(JSON.parse(readFileSync(metaPath, "utf8")));
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new Error(`${issue?.path.join(".") || "(root)"}: ${issue?.message}`);
    }
    meta = parsed.data;
  } catch (error: unknown) {
    throw corruptError(dir, META_FILE, `${META_FILE} is unreadable: ${(error as Error).message}`, error);
  }
  if (meta.format !== DB_FORMAT) {
    throw new LockkeeperError(
      "PARSE",
      `advisory database format ${meta.format} is not supported (this Lockkeeper reads format ${DB_FORMAT})`,
      { file: metaPath, hint: `delete ${dir} and run "lk db update"` },
    );
  }
  const index = readIndex(dir, meta);
  const recordsPath = join(dir, RECORDS_FILE);
  let fd: number;
  try {
    fd = openSync(recordsPath, "r");
  } catch (error: unknown) {
    throw corruptError(dir, RECORDS_FILE, `${RECORDS_FILE} cannot be opened`, error);
  }
  try {
    const size = fstatSync(fd).size;
    if (size !== meta.files.records) {
      throw corruptError(
        dir,
        RECORDS_FILE,
        `${RECORDS_FILE} is ${size} bytes, ${META_FILE} says ${meta.files.records}`,
      );
    }
    const { offsets, lengths, sources } = index.columns;
    for (let n = 0; n < index.recordCount; n++) {
      if ((offsets[n] as number) + (lengths[n] as number) > size) {
        throw corruptError(dir, INDEX_FILE, `record ${n} lies past the end of ${RECORDS_FILE}`);
      }
      if ((sources[n] as number) >= meta.sources.length) {
        throw corruptError(
          dir,
          INDEX_FILE,
          `record ${n} names source ${sources[n]}, ${META_FILE} lists ${meta.sources.length}`,
        );
      }
    }
    if (index.recordCount !== meta.records.total) {
      throw corruptError(
        dir,
        INDEX_FILE,
        `index lists ${index.recordCount} records, ${META_FILE} says ${meta.records.total}`,
      );
    }
  } catch (error: unknown) {
    closeSync(fd);
    throw error;
  }
  return new AdvisoryDb(dir, meta, index, fd);
}

function readIndex(dir: string, meta: AdvisoryDbMeta): IndexContents {
  const path = join(dir, INDEX_FILE);
  let bytes: Uint8Array;
  try {
    // Read into a fresh ArrayBuffer: the typed-array views need 8-byte alignment, which a pooled
    // Buffer from readFileSync does not promise.
    const fd = openSync(path, "r");
    try {
      const size = fstatSync(fd).size;
      bytes = new Uint8Array(new ArrayBuffer(size));
      let done = 0;
      while (done < size) {
        const read = readSync(fd, bytes, done, size - done, done);
        if (read === 0) break;
        done += read;
      }
    } finally {
      closeSync(fd);
    }
  } catch (error: unknown) {
    throw corruptError(dir, INDEX_FILE, `${INDEX_FILE} cannot be read`, error);
  }
  if (bytes.length !== meta.files.index) {
    throw corruptError(
      dir,
      INDEX_FILE,
      `${INDEX_FILE} is ${bytes.length} bytes, ${META_FILE} says ${meta.files.index}`,
    );
  }
  try {
    return decodeIndex(bytes);
  } catch (error: unknown) {
    throw corruptError(dir, INDEX_FILE, (error as Error).message, error);
  }
}
