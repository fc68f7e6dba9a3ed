import { type RawBuilder, sql } from "kysely";

/**
 * A timestamptz column as the API prints times (`2026-12-08T01:02:03.456Z`, as Date#toISOString),
 * formatted by the database: for lists of many rows, cheaper than parsing each into a Date and
 * printing it again. Milliseconds, as JavaScript keeps them.
 */
export function isoTime(column: string): RawBuilder<string> {
  return sql<string>`to_char(${sql.ref(column)} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
}
