/**
 * Advisory database benchmark: how fast the store opens and answers, and what it costs in memory.
 *
 * - the shipped snapshot (data/advisories, 3,128 records): open time (target < 50 ms);
 * - a synthetic database of 200,000 records cloned from the real ones (new ids, aliases and
 *   package names), imported with `importOsv` from zips of OSV JSON files: open time (target < 300 ms),
 *   then RSS and heap after open + 3,000 queries (target < 300 MB).
 *
 * Open and query figures come from a fresh Node process per database (this file run with
 * `--measure`), so that neither the import's garbage nor a warm cache flatters them.
 * Run: `npm run build && node dist/bench/advisory-db.js`.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { strToU8, zipSync } from "fflate";
import { openAdvisoryDb } from "../src/core/advisories/store/advisory-db.js";
import { type ImportSummary, importOsv } from "../src/core/advisories/store/import.js";
import { shippedAdvisoryDbDir } from "../src/core/advisories/store/paths.js";
import type { Ecosystem } from "../src/core/model/types.js";

export interface BenchResult {
  name: string;
  value: number;
  unit: string;
  /** The figure to stay under, when there is one. */
  target?: number;
}

const SYNTHETIC_RECORDS = 200_000;
const RECORDS_PER_ZIP = 50_000;
const QUERIES = 3_000;

interface Measurement {
  openMs: number;
  queryMs: number;
  recordsReturned: number;
  rssMb: number;
  heapMb: number;
}

/** Runs every measurement and returns the figures (also printed). */
export async function benchAdvisoryDb(): Promise<BenchResult[]> {
  const work = mkdtempSync(join(tmpdir(), "lk-bench-advisories-"));
  try {
    const shippedDir = shippedAdvisoryDbDir();
    const realPackages = readPackages(shippedDir);
    const shipped = measureInChild(shippedDir, writeQueries(work, "shipped", realPackages, 0));

    const synthetic = join(work, "synthetic-db");
    const started = performance.now();
    const zips = writeSyntheticZips(work, shippedDir);
    const sourceMs = performance.now() - started;
    const importStarted = performance.now();
    let summary: ImportSummary | undefined;
    for (const [i, zip] of zips.entries()) {
      summary = importOsv(synthetic, zip, { label: `synthetic-${i + 1}` });
      rmSync(zip);
    }
    const importMs = performance.now() - importStarted;
    if (!summary) throw new Error("nothing imported");
    const clones = Math.ceil(SYNTHETIC_RECORDS / realPackages.records);
    const large = measureInChild(synthetic, writeQueries(work, "synthetic", realPackages, clones));

    const results: BenchResult[] = [
      { name: "shipped snapshot: open", value: shipped.openMs, unit: "ms", target: 50 },
      { name: "shipped snapshot: 3,000 queries", value: shipped.queryMs, unit: "ms" },
      { name: "shipped snapshot: RSS after open + queries", value: shipped.rssMb, unit: "MB" },
      {
        name: "shipped snapshot: records returned by the queries",
        value: shipped.recordsReturned,
        unit: "records",
      },
      {
        name: `synthetic ${summary.meta.records.total} records: write source zips`,
        value: sourceMs,
        unit: "ms",
      },
      { name: `synthetic: importOsv of ${RECORDS_PER_ZIP}-record zips`, value: importMs, unit: "ms" },
      { name: "synthetic: records.bin size", value: summary.meta.files.records / 2 ** 20, unit: "MB" },
      { name: "synthetic: index.bin size", value: summary.meta.files.index / 2 ** 20, unit: "MB" },
      { name: "synthetic: open", value: large.openMs, unit: "ms", target: 300 },
      { name: "synthetic: 3,000 queries", value: large.queryMs, unit: "ms" },
      { name: "synthetic: records returned by the queries", value: large.recordsReturned, unit: "records" },
      { name: "synthetic: RSS after open + 3,000 queries", value: large.rssMb, unit: "MB", target: 300 },
      {
        name: "synthetic: heap used after open + 3,000 queries",
        value: large.heapMb,
        unit: "MB",
        target: 300,
      },
    ];
    for (const r of results) {
      const target =
        r.target === undefined
          ? ""
          : `  (target < ${r.target} ${r.unit}${r.value < r.target ? ", ok" : ", MISSED"})`;
      console.log(
        `${r.name.padEnd(52)} ${r.value.toFixed(r.unit === "records" ? 0 : 1).padStart(10)} ${r.unit}${target}`,
      );
    }
    return results;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

interface PackageList {
  records: number;
  packages: [Ecosystem, string][];
}

function readPackages(dir: string): PackageList {
  const db = openAdvisoryDb(dir);
  if (!db) throw new Error(`no advisory database in ${dir}`);
  const packages = db.packageKeys().map((key): [Ecosystem, string] => {
    const colon = key.indexOf(":");
    return [key.slice(0, colon) as Ecosystem, key.slice(colon + 1)];
  });
  const records = db.size;
  db.close();
  return { records, packages };
}

/**
 * 3,000 queries: two in three name a package that has records (spread over the clones), one in
 * three a package that has none. Deterministic, so runs compare.
 */
function writeQueries(work: string, name: string, list: PackageList, clones: number): string {
  const queries: [Ecosystem, string][] = [];
  for (let i = 0; i < QUERIES; i++) {
    const [ecosystem, pkg] = list.packages[(i * 7919) % list.packages.length] as [Ecosystem, string];
    const clone = clones === 0 ? "" : `-s${(i * 31) % clones}`;
    queries.push(i % 3 === 2 ? [ecosystem, `${pkg}-missing-${i}`] : [ecosystem, `${pkg}${clone}`]);
  }
  const path = join(work, `${name}-queries.json`);
  writeFileSync(path, JSON.stringify(queries));
  return path;
}

/**
 * The real records cloned to SYNTHETIC_RECORDS, as OSV-style zips of `<ID>.json` (stored, not
 * deflated). Several zips because fflate writes no ZIP64, so one holds at most 65,535 entries
 * (it reads ZIP64 archives such as OSV's larger all.zip files); and zips rather than a folder of
 * 200,000 files, which costs minutes of file-system time on some machines.
 */
function writeSyntheticZips(work: string, shippedDir: string): string[] {
  const real = readFileSync(join(shippedDir, "records.bin"), "utf8")
    .split("\n")
    .filter((line) => line !== "");
  const paths: string[] = [];
  let files: Record<string, Uint8Array> = {};
  const flush = (): void => {
    const path = join(work, `synthetic-${paths.length + 1}.zip`);
    writeFileSync(path, zipSync(files, { level: 0 }));
    paths.push(path);
    files = {};
  };
  for (let n = 0; n < SYNTHETIC_RECORDS; n++) {
    const clone = Math.floor(n / real.length);
    const record = JSON.parse(real[n % real.length] as string) as {
      id: string;
      aliases?: string[];
      affected?: { package?: { name: string } }[];
    };
    record.id = `${record.id}-S${clone}`;
    if (record.aliases) record.aliases = record.aliases.map((alias) => `${alias}-S${clone}`);
    for (const affected of record.affected ?? []) {
      if (affected.package) affected.package.name = `${affected.package.name}-s${clone}`;
    }
    files[`${record.id}.json`] = strToU8(JSON.stringify(record));
    if ((n + 1) % RECORDS_PER_ZIP === 0) flush();
  }
  if (Object.keys(files).length > 0) flush();
  return paths;
}

function measureInChild(dir: string, queriesPath: string): Measurement {
  const output = execFileSync(
    process.execPath,
    [fileURLToPath(import.meta.url), "--measure", dir, queriesPath],
    {
      encoding: "utf8",
      maxBuffer: 1024 * 1024,
    },
  );
  return JSON.parse(output) as Measurement;
}

/** The child's side: open, query, report. */
function measure(dir: string, queriesPath: string): Measurement {
  const queries = JSON.parse(readFileSync(queriesPath, "utf8")) as [Ecosystem, string][];
  const openStarted = performance.now();
  const db = openAdvisoryDb(dir);
  const openMs = performance.now() - openStarted;
  if (!db) throw new Error(`no advisory database in ${dir}`);
  let recordsReturned = 0;
  const queryStarted = performance.now();
  for (const [ecosystem, name] of queries) recordsReturned += db.recordsOf(ecosystem, name).length;
  const queryMs = performance.now() - queryStarted;
  const memory = process.memoryUsage();
  db.close();
  return { openMs, queryMs, recordsReturned, rssMb: memory.rss / 2 ** 20, heapMb: memory.heapUsed / 2 ** 20 };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [, , flag, dir, queries] = process.argv;
  if (flag === "--measure" && dir && queries) {
    process.stdout.write(JSON.stringify(measure(dir, queries)));
  } else {
    await benchAdvisoryDb();
  }
}
