import type { Kysely } from "kysely";
import type { Database } from "../db/schema.js";
import { entryHash } from "./audit-log.js";

export type AuditVerification =
  | { ok: true; entries: number; head: string | null }
  | { ok: false; entries: number; brokenAt: string; reason: string };

const BATCH = 5_000;

/**
 * Walks the audit log in order and recomputes every hash: an entry changed, removed or inserted
 * out of order (by someone with direct database access, since the database itself refuses UPDATE
 * and DELETE) breaks the chain at that entry. Cutting entries off the end leaves a valid shorter
 * chain: compare `head` with one recorded elsewhere (an export, a previous verify) to notice that.
 */
export async function verifyAuditLog(db: Kysely<Database>): Promise<AuditVerification> {
  let prevHash: string | null = null;
  let entries = 0;
  let after = "0";
  for (;;) {
    const rows = await db
      .selectFrom("audit_log")
      .selectAll()
      .where("seq", ">", after)
      .orderBy("seq")
      .limit(BATCH)
      .execute();
    for (const row of rows) {
      if (row.prev_hash !== prevHash) {
        return { ok: false, entries, brokenAt: row.seq, reason: "does not follow the entry before it" };
      }
      const expected = entryHash(prevHash, {
        at: new Date(row.at).toISOString(),
        actor: row.actor,
        action: row.action,
        subject_type: row.subject_type,
        subject_id: row.subject_id,
        before: row.before,
        after: row.after,
      });
      if (expected !== row.hash) {
        return { ok: false, entries, brokenAt: row.seq, reason: "its content does not match its hash" };
      }
      prevHash = row.hash;
      entries += 1;
    }
    if (rows.length < BATCH) return { ok: true, entries, head: prevHash };
    after = (rows[rows.length - 1] as { seq: string }).seq;
  }
}
