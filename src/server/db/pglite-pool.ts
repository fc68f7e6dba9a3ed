import type { PGlite, Results } from "@electric-sql/pglite";
import type { PostgresPool, PostgresPoolClient, PostgresQueryResult } from "kysely";

/**
 * PGlite behind the small pool interface Kysely's own PostgreSQL dialect drives, so both stores
 * share one dialect, query compiler and transaction code. (kysely-pglite-dialect does this too but
 * pins PGlite below 0.5.)
 *
 * PGlite is one session: a transaction's statements must not interleave with another request's, so
 * the pool hands out its single connection to one holder at a time and queues the rest.
 */
export class PGlitePool implements PostgresPool {
  readonly #db: PGlite;
  readonly #waiting: Array<() => void> = [];
  #held = false;

  readonly #onEnd: (() => void) | undefined;

  /** @param onEnd runs once the database is closed (releases the data folder's lock). */
  constructor(db: PGlite, onEnd?: () => void) {
    this.#db = db;
    this.#onEnd = onEnd;
  }

  async connect(): Promise<PostgresPoolClient> {
    if (this.#held) await new Promise<void>((resolve) => this.#waiting.push(resolve));
    this.#held = true;
    let released = false;
    const db = this.#db;
    const client = {
      query: async (sql: string, parameters: ReadonlyArray<unknown>) => {
        // Without parameters, the simple protocol (several statements, as a migration file has),
        // which is what pg does too.
        const result =
          parameters.length === 0 ? (await db.exec(sql)).at(-1) : await db.query(sql, [...parameters]);
        return toPgResult(result);
      },
      release: () => {
        if (released) return;
        released = true;
        const next = this.#waiting.shift();
        if (next) next();
        else this.#held = false;
      },
    };
    return client as PostgresPoolClient;
  }

  async end(): Promise<void> {
    try {
      await this.#db.close();
    } finally {
      this.#onEnd?.();
    }
  }
}

function toPgResult(result: Results<unknown> | undefined): PostgresQueryResult<unknown> {
  if (!result) return { command: "SELECT", rowCount: 0, rows: [] };
  // PGlite reports the command tag like pg does (SELECT, INSERT, COMMIT …); affectedRows is the count.
  const command = (result as Results<unknown> & { command?: string }).command ?? "SELECT";
  return {
    command: command as PostgresQueryResult<unknown>["command"],
    rowCount: result.affectedRows ?? result.rows.length,
    rows: result.rows,
  };
}
