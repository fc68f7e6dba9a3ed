import { mkdirSync } from "node:fs";
import { Kysely, PostgresDialect } from "kysely";
import type { DatabaseConfig } from "../config.js";
import { lockDataDir } from "./data-dir-lock.js";
import type { Database } from "./schema.js";

/** int8 / bigserial: as text, the way pg returns it (a JS number loses precision above 2^53). */
const INT8 = 20;

/**
 * One Kysely instance over the configured store: PGlite in a folder (one process only: PGlite is
 * not a server) or in memory, or a pg pool on PostgreSQL. The drivers load on use, so a PostgreSQL
 * deployment never loads PGlite's 10 MB of WebAssembly and the reverse. `db.destroy()` closes it.
 */
export async function openDatabase(config: DatabaseConfig): Promise<Kysely<Database>> {
  if (config.kind === "postgres") {
    const { default: pg } = await import("pg");
    // Errors of idle clients (the server restarted) would otherwise crash the process.
    const pool = new pg.Pool({ connectionString: config.url, max: 10 });
    pool.on("error", () => {});
    return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  }
  const [{ PGlite }, { PGlitePool }] = await Promise.all([
    import("@electric-sql/pglite"),
    import("./pglite-pool.js"),
  ]);
  const options = { parsers: { [INT8]: (value: string) => value } };
  if (config.kind !== "pglite") {
    const db = await PGlite.create(options);
    return new Kysely<Database>({ dialect: new PostgresDialect({ pool: new PGlitePool(db) }) });
  }
  mkdirSync(config.dataDir, { recursive: true });
  const release = lockDataDir(config.dataDir);
  try {
    const db = await PGlite.create(config.dataDir, options);
    return new Kysely<Database>({ dialect: new PostgresDialect({ pool: new PGlitePool(db, release) }) });
  } catch (error: unknown) {
    release();
    throw error;
  }
}
