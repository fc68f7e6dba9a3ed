import { loadServerConfig } from "../../server/config.js";
import { openDatabase } from "../../server/db/connection.js";
import { migrate } from "../../server/db/migrations.js";
import { databaseError } from "../../server/start-errors.js";
import { EXIT } from "../exit-codes.js";
import type { CliIo } from "../io.js";

/** `lk migrate`: applies pending migrations (as `lk serve` does at start) and says what it did. */
export async function migrateCommand(io: CliIo): Promise<number> {
  const config = loadServerConfig(io.env, io.cwd);
  const db = await openDatabase(config.database);
  try {
    const { applied, version } = await migrate(db).catch((error: unknown) => {
      throw databaseError(error);
    });
    const where = config.database.kind === "postgres" ? "PostgreSQL" : "the embedded database";
    io.stdout(
      applied.length === 0
        ? `lk: ${where} is up to date (migration ${version})\n`
        : `lk: applied migration${applied.length === 1 ? "" : "s"} ${applied.join(", ")} to ${where} (now at ${version})\n`,
    );
    return EXIT.OK;
  } finally {
    await db.destroy();
  }
}
