import { resolve } from "node:path";
import { importOsv } from "../../core/advisories/store/import.js";
import { defaultAdvisoryDbDir, shippedAdvisoryDbDir } from "../../core/advisories/store/paths.js";
import { updateFromOsvExport } from "../../core/advisories/store/update.js";
import { LockkeeperError } from "../../core/errors.js";
import type { Ecosystem } from "../../core/model/types.js";
import { EXIT } from "../exit-codes.js";
import type { CliIo } from "../io.js";
import { advisoryProgressLine } from "../output/progress-line.js";
import { renderTable } from "../output/table.js";
import { ageInDays, openDatabase } from "./advisory-database.js";

export async function dbStatusCommand(io: CliIo, options: { db?: string; format: string }): Promise<number> {
  const { db, location, shipped } = openDatabase(io, options.db);
  const meta = db.meta;
  const age = ageInDays(meta.updatedAt, new Date());
  db.close();
  if (options.format === "json") {
    io.stdout(`${JSON.stringify({ location, shipped, ageDays: age, ...meta }, null, 2)}\n`);
    return EXIT.OK;
  }
  io.stdout(`database: ${location}${shipped ? " (the snapshot shipped with Lockkeeper)" : ""}\n`);
  io.stdout(`updated:  ${meta.updatedAt} (${age} day${age === 1 ? "" : "s"} ago)\n`);
  io.stdout(
    `records:  ${meta.records.total} (npm ${meta.records.npm}, PyPI ${meta.records.pypi}, withdrawn ${meta.records.withdrawn})\n\n`,
  );
  io.stdout(
    renderTable(
      [
        { header: "SOURCE", value: (s: (typeof meta.sources)[number]) => s.name },
        { header: "KIND", value: (s) => s.kind },
        { header: "RECORDS", value: (s) => String(s.records), align: "right" },
        { header: "REJECTED", value: (s) => String(s.rejected), align: "right" },
        { header: "UPDATED", value: (s) => s.updatedAt },
        { header: "LOCATION", value: (s) => s.location },
      ],
      meta.sources,
    ),
  );
  return EXIT.OK;
}

export async function dbImportCommand(
  io: CliIo,
  path: string,
  options: { db?: string; label?: string },
): Promise<number> {
  const dir = options.db ? resolve(io.cwd, options.db) : defaultAdvisoryDbDir(io.env);
  const progress = advisoryProgressLine(io);
  const importOptions: Parameters<typeof importOsv>[2] = {
    progress: progress.update,
    seed: shippedAdvisoryDbDir(),
  };
  if (options.label) importOptions.label = options.label;
  const summary = importOsv(dir, resolve(io.cwd, path), importOptions);
  progress.done();
  io.stdout(
    `imported ${summary.source} into ${dir}: ${summary.added} added, ${summary.updated} updated, ${summary.unchanged} unchanged, ${summary.removed} removed; ${summary.meta.records.total} records in all\n`,
  );
  reportSkipped(io, summary.skipped.length, summary.rejected);
  return EXIT.OK;
}

export async function dbUpdateCommand(
  io: CliIo,
  options: { db?: string; baseUrl: string; ecosystem: string[]; full?: boolean },
): Promise<number> {
  const dir = options.db ? resolve(io.cwd, options.db) : defaultAdvisoryDbDir(io.env);
  let baseUrl: URL;
  try {
    baseUrl = new URL(options.baseUrl);
  } catch {
    throw new LockkeeperError("USAGE", `--base-url is not a URL: ${options.baseUrl}`);
  }
  const progress = advisoryProgressLine(io);
  const summary = await updateFromOsvExport(dir, {
    baseUrl: baseUrl.toString(),
    ecosystems: options.ecosystem as Ecosystem[],
    full: options.full === true,
    seed: shippedAdvisoryDbDir(),
    progress: progress.update,
  });
  progress.done();
  for (const update of summary.ecosystems) {
    io.stdout(
      `${update.source}: ${update.mode === "full" ? "downloaded all.zip" : `fetched ${update.fetched} changed records`} — ${update.added} added, ${update.updated} updated, ${update.removed} removed\n`,
    );
  }
  io.stdout(`${dir}: ${summary.meta.records.total} records, updated ${summary.meta.updatedAt}\n`);
  reportSkipped(io, summary.skipped.length, summary.rejected);
  return EXIT.OK;
}

function reportSkipped(
  io: CliIo,
  skipped: number,
  rejected: readonly { origin?: string; error?: string }[],
): void {
  if (skipped > 0)
    io.stderr(`lk: note: ${skipped} records skipped (other ecosystems, duplicates or older copies)\n`);
  if (rejected.length > 0) {
    io.stderr(`lk: warning: ${rejected.length} documents are not valid OSV records and were not imported:\n`);
    for (const r of rejected.slice(0, 10)) io.stderr(`  ${r.error ?? r.origin}\n`);
    if (rejected.length > 10) io.stderr(`  … and ${rejected.length - 10} more\n`);
  }
}
