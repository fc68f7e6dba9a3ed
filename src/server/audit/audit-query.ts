import type { Kysely, Selectable } from "kysely";
import type { AuditLogTable, Database } from "../db/schema.js";

/** Filters of the audit list and export; every one optional, all must hold. */
export interface AuditFilter {
  actor?: string;
  action?: string;
  subjectType?: string;
  subjectId?: string;
  /** RFC 3339; inclusive. */
  since?: string;
  /** RFC 3339; exclusive. */
  until?: string;
}

export const AUDIT_FILTER_PROPERTIES = {
  actor: { type: "string", maxLength: 320 },
  action: { type: "string", maxLength: 100 },
  subjectType: { type: "string", maxLength: 100 },
  subjectId: { type: "string", maxLength: 200 },
  since: { type: "string", format: "date-time" },
  until: { type: "string", format: "date-time" },
} as const;

type AuditRow = Selectable<AuditLogTable>;

/** The audit entries matching `filter`, as a query to order and limit. */
export function auditQuery(db: Kysely<Database>, filter: AuditFilter) {
  let query = db.selectFrom("audit_log").selectAll();
  if (filter.actor) query = query.where("actor", "=", filter.actor);
  if (filter.action) query = query.where("action", "=", filter.action);
  if (filter.subjectType) query = query.where("subject_type", "=", filter.subjectType);
  if (filter.subjectId) query = query.where("subject_id", "=", filter.subjectId);
  if (filter.since) query = query.where("at", ">=", new Date(filter.since));
  if (filter.until) query = query.where("at", "<", new Date(filter.until));
  return query;
}

/** An entry as the API and the JSON export show it: everything `lk audit verify --file` needs. */
export function auditEntryView(row: AuditRow) {
  return {
    seq: Number(row.seq),
    at: new Date(row.at).toISOString(),
    actor: row.actor,
    action: row.action,
    subjectType: row.subject_type,
    subjectId: row.subject_id,
    before: row.before,
    after: row.after,
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}

export type AuditEntryView = ReturnType<typeof auditEntryView>;
