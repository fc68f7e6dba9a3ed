import { adapterFor, ECOSYSTEMS } from "../../ecosystems/index.js";
import { LockkeeperError } from "../../errors.js";
import { HttpClient, type HttpClientOptions, type HttpResponse } from "../../http/http-client.js";
import { HttpError } from "../../http/http-error.js";
import { redactUrl } from "../../http/urls.js";
import type { Ecosystem } from "../../model/types.js";
import { parseModifiedIdCsv, timestampMs } from "../sources/modified-id-csv.js";
import {
  type ReadOutcome,
  type RejectedRecord,
  readOsvDocument,
  type SkippedRecord,
} from "../sources/record-reader.js";
import { readOsvZip } from "../sources/zip-source.js";
import { openAdvisoryDb } from "./advisory-db.js";
import { DbDraft, type SourceCounts, SourceRun } from "./db-draft.js";
import type { AdvisoryDbMeta } from "./meta.js";
import type { ProgressCallback } from "./progress.js";

/** OSV's public export bucket: `<Ecosystem>/all.zip`, `<Ecosystem>/modified_id.csv`, `<Ecosystem>/<ID>.json`. */
export const DEFAULT_OSV_BASE_URL = "https://osv-vulnerabilities.storage.googleapis.com";

/**
 * An incremental update also re-checks records stamped up to this long before the cursor: a
 * record can reach the export after newer ones (its `modified` is the upstream time, not the
 * export's), and such a record would otherwise be missed until the next full download. Records
 * already stored with that `modified` are not fetched again.
 */
const CURSOR_LOOKBACK_MS = 24 * 60 * 60 * 1000;

export interface UpdateOptions extends HttpClientOptions {
  /** Default DEFAULT_OSV_BASE_URL; a mirror with the same layout works. */
  baseUrl?: string;
  /** Default both. */
  ecosystems?: readonly Ecosystem[];
  /** Download every ecosystem's all.zip even when an incremental update is possible. */
  full?: boolean;
  /** A database folder to start from when `dir` holds none (the shipped snapshot). */
  seed?: string;
  progress?: ProgressCallback;
  /** Parallel record downloads in an incremental update. Default 8. */
  concurrency?: number;
  /** The time recorded as the update time (default: now). */
  now?: Date;
  /** Cancels the downloads (CANCELLED); nothing is written. */
  signal?: AbortSignal;
}

export interface EcosystemUpdate extends SourceCounts {
  ecosystem: Ecosystem;
  /** The source name in meta.json: `osv:npm`, `osv:PyPI`. */
  source: string;
  /** Full: all.zip was downloaded. Incremental: modified_id.csv, then changed records only. */
  mode: "full" | "incremental";
  /** The export folder, `<baseUrl>/<Ecosystem>`. */
  url: string;
  /** Records downloaded one by one (incremental mode). */
  fetched: number;
  /** Newest `modified` known from this source after the update. */
  cursor: string | undefined;
}

export interface UpdateSummary {
  ecosystems: EcosystemUpdate[];
  added: number;
  updated: number;
  unchanged: number;
  removed: number;
  skipped: SkippedRecord[];
  rejected: RejectedRecord[];
  meta: AdvisoryDbMeta;
}

/**
 * Brings the database in `dir` up to date with the OSV export (`lk db update`). For each
 * ecosystem: the first time (or with `full`, or after the base URL changed) it downloads
 * `all.zip` and replaces that source's records; afterwards it reads `modified_id.csv` and fetches
 * only the records modified since the last update, removing records the export no longer lists.
 * Nothing is written unless every download succeeds; network failures throw NETWORK errors
 * naming the URL.
 */
export async function updateFromOsvExport(dir: string, options: UpdateOptions = {}): Promise<UpdateSummary> {
  const baseUrl = (options.baseUrl ?? DEFAULT_OSV_BASE_URL).replace(/\/+$/, "");
  const ecosystems = options.ecosystems ?? ECOSYSTEMS.map((adapter) => adapter.ecosystem);
  for (const ecosystem of ecosystems) {
    if (!ECOSYSTEMS.some((adapter) => adapter.ecosystem === ecosystem))
      throw new LockkeeperError("USAGE", `unknown ecosystem ${ecosystem}`);
  }
  const base = openAdvisoryDb(dir) ?? (options.seed ? openAdvisoryDb(options.seed) : undefined);
  try {
    const draft = DbDraft.from(base);
    const updatedAt = (options.now ?? new Date()).toISOString();
    const results: { update: EcosystemUpdate; run: SourceRun }[] = [];
    for (const ecosystem of ecosystems) {
      results.push(await updateEcosystem(draft, ecosystem, baseUrl, updatedAt, options));
    }
    options.progress?.({ phase: "write", records: draft.entries.size });
    const meta = draft.write(dir, updatedAt);
    const sum = (key: keyof SourceCounts): number => results.reduce((n, { update }) => n + update[key], 0);
    return {
      ecosystems: results.map((r) => r.update),
      added: sum("added"),
      updated: sum("updated"),
      unchanged: sum("unchanged"),
      removed: sum("removed"),
      skipped: results.flatMap((r) => r.run.skipped),
      rejected: results.flatMap((r) => r.run.rejected),
      meta,
    };
  } finally {
    base?.close();
  }
}

async function updateEcosystem(
  draft: DbDraft,
  ecosystem: Ecosystem,
  baseUrl: string,
  updatedAt: string,
  options: UpdateOptions,
): Promise<{ update: EcosystemUpdate; run: SourceRun }> {
  const { osvName } = adapterFor(ecosystem);
  const source = `osv:${osvName}`;
  const folder = `${baseUrl}/${encodeURIComponent(osvName)}`;
  const previous = draft.sources.get(source);
  const run = new SourceRun(draft, source);
  const since = !options.full && previous?.location === folder ? previous.cursor : undefined;
  let cursor = previous?.cursor;
  let fetched = 0;
  if (since !== undefined) {
    const result = await readChangedRecords(draft, run, ecosystem, folder, since, options);
    fetched = result.fetched;
    if (result.newest && (cursor === undefined || timestampMs(result.newest) > timestampMs(cursor))) {
      cursor = result.newest;
    }
  } else {
    const url = `${folder}/all.zip`;
    const archive = await downloadOk(url, options, (bytes, totalBytes) =>
      options.progress?.({ phase: "download", url, bytes, totalBytes }),
    );
    for (const outcome of readOsvZip(archive, url)) run.accept(outcome);
    options.progress?.({ phase: "read", source, records: run.counts.read });
    run.removeUnseen();
    cursor = run.newest?.text ?? cursor;
  }
  run.commit({ kind: "osv-export", location: folder, updatedAt, cursor });
  return {
    update: {
      ecosystem,
      source,
      mode: since !== undefined ? "incremental" : "full",
      url: folder,
      fetched,
      cursor,
      ...run.counts,
    },
    run,
  };
}

/** The incremental path: modified_id.csv, then only what changed since `cursor`. */
async function readChangedRecords(
  draft: DbDraft,
  run: SourceRun,
  ecosystem: Ecosystem,
  folder: string,
  cursor: string,
  options: UpdateOptions,
): Promise<{ fetched: number; newest: string | undefined }> {
  const csvUrl = `${folder}/modified_id.csv`;
  const csvBytes = await downloadOk(csvUrl, options, (bytes, totalBytes) =>
    options.progress?.({ phase: "download", url: csvUrl, bytes, totalBytes }),
  );
  const listing = parseModifiedIdCsv(Buffer.from(csvBytes).toString("utf8"));
  for (const bad of listing.malformed) {
    run.rejected.push({
      kind: "rejected",
      origin: `${csvUrl}:${bad.line}`,
      error: `${csvUrl}:${bad.line}: expected "<modified>,<id>", found "${bad.text}"`,
    });
  }
  const since = timestampMs(cursor) - CURSOR_LOOKBACK_MS;
  const wanted = new Set<string>();
  const listed = new Set<string>();
  let newest: { text: string; ms: number } | undefined;
  for (const entry of listing.entries) {
    listed.add(entry.id);
    if (!newest || entry.modifiedMs > newest.ms) newest = { text: entry.modified, ms: entry.modifiedMs };
    if (!(entry.modifiedMs > since)) continue;
    const stored = draft.entries.get(entry.id);
    if (stored && stored.modifiedMs >= entry.modifiedMs) continue;
    wanted.add(entry.id);
  }
  let done = 0;
  const outcomes = await mapConcurrent(
    [...wanted],
    options.concurrency ?? 8,
    async (id): Promise<ReadOutcome> => {
      const url = `${folder}/${encodeURIComponent(id)}.json`;
      const response = await download(url, options);
      done++;
      options.progress?.({ phase: "fetch", ecosystem, records: done, totalRecords: wanted.size });
      if (response.status === 404) {
        return {
          kind: "rejected",
          origin: url,
          error: `${url}: listed in modified_id.csv but not found (HTTP 404)`,
        };
      }
      if (response.status < 200 || response.status > 299) throw notDownloaded(url, response.status);
      return readOsvDocument(response.body, url, "json");
    },
  );
  // Accepted in listing order whatever order the downloads finished in: the result is reproducible.
  for (const outcome of outcomes) run.accept(outcome);
  // A clean, non-empty listing is the export's full list: what it no longer names was withdrawn
  // from the export altogether. A damaged listing must not delete anything.
  if (listing.malformed.length === 0 && listing.entries.length > 0) {
    for (const id of draft.idsOf(run.source)) {
      if (!listed.has(id) && draft.remove(id)) run.counts.removed++;
    }
  }
  return { fetched: wanted.size, newest: newest?.text };
}

/**
 * GET with the retries of the HTTP client; any answer it does not retry is returned (a 404 is the
 * caller's to judge). A failure names the URL and suggests a mirror.
 */
async function download(
  url: string,
  options: UpdateOptions,
  onBytes?: (bytes: number, totalBytes: number | undefined) => void,
): Promise<HttpResponse> {
  try {
    return await new HttpClient(options).request(url, {
      ...(options.signal ? { signal: options.signal } : {}),
      ...(onBytes ? { onBytes } : {}),
    });
  } catch (error: unknown) {
    if (!(error instanceof HttpError)) throw error;
    throw new LockkeeperError("NETWORK", error.message, {
      hint: "check the network connection, or point the OSV base URL at a reachable mirror",
      cause: error.cause,
    });
  }
}

/** Like `download`, but any status other than 2xx is a NETWORK error naming the URL. */
async function downloadOk(
  url: string,
  options: UpdateOptions,
  onBytes: (bytes: number, totalBytes: number | undefined) => void,
): Promise<Uint8Array> {
  const response = await download(url, options, onBytes);
  if (response.status < 200 || response.status > 299) throw notDownloaded(url, response.status);
  return response.body;
}

function notDownloaded(url: string, status: number): LockkeeperError {
  return new LockkeeperError("NETWORK", `cannot download ${redactUrl(url)}: HTTP ${status}`);
}

/** Maps with at most `limit` calls in flight; results in input order; the first failure rejects. */
async function mapConcurrent<T, R>(
  items: readonly T[],
  limit: number,
  map: (item: T) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await map(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(Math.max(1, limit), items.length) }, worker));
  return results;
}
