import { mkdirSync } from "node:fs";
import { Kysely, PostgresDialect } from "kysely";
import type { DatabaseConfig } from "../config.js";
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
  let db: InstanceType<typeof PGlite>;
  if (config.kind === "pglite") {
    mkdirSync(config.dataDir, { recursive: true });
    db = await PGlite.create(config.dataDir, options);
  } else {
    db = await PGlite.create(options);
  }
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool: new PGlitePool(db) }) });
}
