import { createHash } from "node:crypto";
import { type Kysely, sql, type Transaction } from "kysely";
import type { Database } from "../db/schema.js";
import { canonicalJson } from "./canonical-json.js";

/** One change, as the code that makes it describes it. */
export interface AuditEntry {
  /** Who: a user's email, `token:<name>`, or `system` for the server's own work (seeding). */
  actor: string;
  /** What, as `<subject>.<verb>`: `project.create`, `snapshot.push`, `token.revoke`. */
  action: string;
  subjectType: string;
  subjectId?: string;
  /** The state before and after, without secrets (a token's hash is never logged). */
  before?: unknown;
  after?: unknown;
}

/**
 * The one key every appender takes for the length of its transaction: entries are chained, so two
 * transactions must not both read the same head. ("LKAUDIT" in ASCII.)
 */
const AUDIT_LOCK_KEY = 0x4c4b4155444954n;

/** The hash of an entry: sha256 over the previous hash and the entry's canonical JSON. */
export function entryHash(prevHash: string | null, entry: HashedFields): string {
  return createHash("sha256")
    .update(prevHash ?? "")
    .update("\n")
    .update(canonicalJson(entry))
    .digest("hex");
}

/** What the hash covers: every column but `seq` (assigned by the database) and the hashes. */
export interface HashedFields {
  at: string;
  actor: string;
  action: string;
  subject_type: string;
  subject_id: string | null;
  before: unknown;
  after: unknown;
}

/**
 * Appends an entry in `trx`, the transaction of the change it records: both are written or
 * neither. Takes a transaction-scoped lock so appenders queue (the chain has one head); the lock
 * is released at commit. `now` is the entry's time (the caller's clock, so tests can fix it).
 */
export async function appendAudit(
  trx: Transaction<Database>,
  entry: AuditEntry,
  now: Date = new Date(),
): Promise<void> {
  await sql`select pg_advisory_xact_lock(${AUDIT_LOCK_KEY})`.execute(trx);
  const head = await trx
    .selectFrom("audit_log")
    .select("hash")
    .orderBy("seq", "desc")
    .limit(1)
    .executeTakeFirst();
  const fields: HashedFields = {
    at: now.toISOString(),
    actor: entry.actor,
    action: entry.action,
    subject_type: entry.subjectType,
    subject_id: entry.subjectId ?? null,
    // jsonb keeps JSON values only: a round-trip makes what is hashed what is stored.
    before: entry.before === undefined ? null : JSON.parse(JSON.stringify(entry.before)),
    after: entry.after === undefined ? null : JSON.parse(JSON.stringify(entry.after)),
  };
  const prevHash = head?.hash ?? null;
  await trx
    .insertInto("audit_log")
    .values({
      ...fields,
      before: fields.before === null ? null : JSON.stringify(fields.before),
      after: fields.after === null ? null : JSON.stringify(fields.after),
      prev_hash: prevHash,
      hash: entryHash(prevHash, fields),
    })
    .execute();
}

/** Runs `change` and its audit entry in one transaction. */
export function withAudit<T>(
  db: Kysely<Database>,
  change: (trx: Transaction<Database>, audit: (entry: AuditEntry) => Promise<void>) => Promise<T>,
): Promise<T> {
  return db.transaction().execute((trx) => change(trx, (entry) => appendAudit(trx, entry)));
}
