import { type Kysely, sql } from "kysely";
import type { Database } from "../db/schema.js";

/**
 * Columns that change as a side effect of authenticating, not of what a request asks for: a
 * token's last use, a session's last activity and the expiry it slides.
 */
const BOOKKEEPING_COLUMNS: Record<string, readonly string[]> = {
  api_tokens: ["last_used_at"],
  sessions: ["last_seen_at", "expires_at"],
};

/** Every table of the store's schema, found in the catalogue: a table added later is covered too. */
export async function storeTables(db: Kysely<Database>): Promise<string[]> {
  const { rows } = await sql<{ name: string }>`
    select table_name as name from information_schema.tables
    where table_schema = current_schema() and table_type = 'BASE TABLE'
    order by table_name`.execute(db);
  return rows.map((row) => row.name);
}

/**
 * Row count and a digest of the contents of every table in `tables` (one round trip): equal before
 * and after a request that changed nothing, whether it would have inserted, updated or deleted.
 */
export async function storeState(
  db: Kysely<Database>,
  tables: readonly string[],
): Promise<Record<string, { rows: number; digest: string }>> {
  const parts = tables.map((table) => {
    const row = (BOOKKEEPING_COLUMNS[table] ?? []).reduce(
      (json, column) => sql`(${json} - ${column})`,
      sql`to_jsonb(t)`,
    );
    return sql`select ${table}::text as name, count(*)::int as rows,
      md5(coalesce(string_agg(${row}::text, ',' order by ${row}::text), '')) as digest
      from ${sql.table(table)} t`;
  });
  const { rows } = await sql<{ name: string; rows: number; digest: string }>`${sql.join(
    parts,
    sql` union all `,
  )}`.execute(db);
  return Object.fromEntries(rows.map((row) => [row.name, { rows: row.rows, digest: row.digest }]));
}
