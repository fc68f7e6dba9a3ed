import type { Kysely, Transaction } from "kysely";
import { type AuditEntry, appendAudit } from "../audit/audit-log.js";
import type { Database } from "../db/schema.js";

/** What the authentication code needs: the store, and a clock tests can move. */
export interface AuthDependencies {
  db: Kysely<Database>;
  now(): Date;
}

/** `withAudit` on the injected clock: a change and its audit entry in one transaction. */
export function audited<T>(
  deps: AuthDependencies,
  change: (trx: Transaction<Database>, audit: (entry: AuditEntry) => Promise<void>) => Promise<T>,
): Promise<T> {
  return deps.db.transaction().execute((trx) => change(trx, (entry) => appendAudit(trx, entry, deps.now())));
}
