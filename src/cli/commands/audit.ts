import { resolve } from "node:path";
import { readRegularFile } from "../../core/files/read-regular-file.js";
import type { AuditVerification } from "../../server/audit/verify.js";
import { type ExportVerification, verifyAuditExport } from "../../server/audit/verify-export.js";
import { EXIT } from "../exit-codes.js";
import type { CliIo } from "../io.js";
import { plural } from "../output/plural.js";

/** Audit exports of a busy installation reach hundreds of megabytes; more is not an export. */
const EXPORT_LIMIT = 2 * 1024 * 1024 * 1024 - 1;

export interface AuditVerifyOptions {
  file?: string;
}

/**
 * `lk audit verify`: recomputes the audit log's hash chain, in the server's database (the same
 * environment as `lk serve`) or in an export file, so a change made behind the server's back is
 * found. Exit 0 when intact, 1 when broken.
 */
export async function auditVerifyCommand(io: CliIo, options: AuditVerifyOptions): Promise<number> {
  if (options.file !== undefined) {
    const text = readRegularFile(resolve(io.cwd, options.file), options.file, { maxFileSize: EXPORT_LIMIT });
    return report(io, verifyAuditExport(text), `the export ${options.file}`);
  }
  const [{ loadServerConfig }, { openDatabase }, { verifyAuditLog }, { databaseError }] = await Promise.all([
    import("../../server/config.js"),
    import("../../server/db/connection.js"),
    import("../../server/audit/verify.js"),
    import("../../server/start-errors.js"),
  ]);
  const config = loadServerConfig(io.env, io.cwd);
  const db = await openDatabase(config.database);
  try {
    const verification = await verifyAuditLog(db).catch((error: unknown) => {
      throw databaseError(error);
    });
    return report(io, verification, "the audit log");
  } finally {
    await db.destroy();
  }
}

function report(io: CliIo, verification: AuditVerification | ExportVerification, what: string): number {
  if (!verification.ok) {
    io.stderr(
      `lk: ${what} is broken at entry ${verification.brokenAt}: ${verification.reason} (${plural(verification.entries, "entry", "entries")} before it verified)\n`,
    );
    return EXIT.FINDINGS;
  }
  const partial =
    "complete" in verification && !verification.complete
      ? " (a filtered export: entries verified one by one, links where consecutive)"
      : "";
  io.stdout(
    `lk: ${what} is intact: ${plural(verification.entries, "entry", "entries")} verified${partial}\n` +
      (verification.head ? `head ${verification.head}\n` : ""),
  );
  return EXIT.OK;
}
