import { advisoryDataStatus, importAdvisories, updateAdvisories } from "../../core/app/advisory-data.js";
import { dbStatusDocument } from "../../core/app/documents/db-status-document.js";
import { adapterFor } from "../../core/ecosystems/index.js";
import type { Ecosystem } from "../../core/model/types.js";
import { cliContext } from "../context.js";
import { EXIT } from "../exit-codes.js";
import type { CliIo } from "../io.js";
import { renderJson } from "../output/json.js";
import { plural } from "../output/plural.js";
import { renderTable } from "../output/table.js";

export async function dbStatusCommand(io: CliIo, options: { db?: string; format: string }): Promise<number> {
  const context = cliContext(io);
  const status = advisoryDataStatus(context, options.db);
  if (options.format === "json") {
    io.stdout(renderJson(dbStatusDocument(status, context.toolVersion)));
    return EXIT.OK;
  }
  const age = status.ageDays;
  io.stdout(
    `database: ${status.location}${status.shipped ? " (the snapshot shipped with Lockkeeper)" : ""}\n`,
  );
  io.stdout(`updated:  ${status.updatedAt} (${plural(age, "day")} ago)\n`);
  io.stdout(
    `records:  ${status.records.total} (npm ${status.records.npm}, PyPI ${status.records.pypi}, withdrawn ${status.records.withdrawn})\n`,
  );
  // Each ecosystem's data reaches as far as its newest record: one date would hide years of gap.
  const newest = status.ecosystems.map(
    (e) =>
      `${adapterFor(e.ecosystem).displayName} ${e.newestRecord.slice(0, 10)} (${plural(e.ageDays, "day")} ago)`,
  );
  io.stdout(`newest:   ${newest.length > 0 ? newest.join(", ") : "no records"}\n\n`);
  io.stdout(
    renderTable(
      [
        { header: "SOURCE", value: (s: (typeof status.sources)[number]) => s.name },
        { header: "KIND", value: (s) => s.kind },
        { header: "RECORDS", value: (s) => String(s.records), align: "right" },
        { header: "REJECTED", value: (s) => String(s.rejected), align: "right" },
        { header: "UPDATED", value: (s) => s.updatedAt },
        { header: "LOCATION", value: (s) => s.location },
      ],
      status.sources,
    ),
  );
  return EXIT.OK;
}

export async function dbImportCommand(
  io: CliIo,
  path: string,
  options: { db?: string; label?: string },
): Promise<number> {
  const summary = importAdvisories(cliContext(io), path, options);
  io.stdout(
    `imported ${summary.source} into ${summary.dir}: ${summary.added} added, ${summary.updated} updated, ${summary.unchanged} unchanged, ${summary.removed} removed; ${plural(summary.meta.records.total, "record")} in all\n`,
  );
  reportSkipped(io, summary.skipped.length, summary.rejected);
  return EXIT.OK;
}

export async function dbUpdateCommand(
  io: CliIo,
  options: { db?: string; baseUrl: string; ecosystem: string[]; full?: boolean },
): Promise<number> {
  const summary = await updateAdvisories(cliContext(io), {
    ...(options.db ? { db: options.db } : {}),
    baseUrl: options.baseUrl,
    ecosystems: options.ecosystem as Ecosystem[],
    full: options.full === true,
  });
  for (const update of summary.ecosystems) {
    io.stdout(
      `${update.source}: ${update.mode === "full" ? "downloaded all.zip" : `fetched ${update.fetched} changed records`} — ${update.added} added, ${update.updated} updated, ${update.removed} removed\n`,
    );
  }
  io.stdout(
    `${summary.dir}: ${plural(summary.meta.records.total, "record")}, updated ${summary.meta.updatedAt}\n`,
  );
  reportSkipped(io, summary.skipped.length, summary.rejected);
  return EXIT.OK;
}

function reportSkipped(
  io: CliIo,
  skipped: number,
  rejected: readonly { origin?: string; error?: string }[],
): void {
  if (skipped > 0)
    io.stderr(
      `lk: note: ${plural(skipped, "record")} skipped (other ecosystems, duplicates or older copies)\n`,
    );
  if (rejected.length > 0) {
    io.stderr(`lk: warning: ${rejected.length} documents are not valid OSV records and were not imported:\n`);
    for (const r of rejected.slice(0, 10)) io.stderr(`  ${r.error ?? r.origin}\n`);
    if (rejected.length > 10) io.stderr(`  … and ${rejected.length - 10} more\n`);
  }
}
