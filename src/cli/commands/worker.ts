import { LockkeeperError } from "../../core/errors.js";
import { loadServerConfig } from "../../server/config.js";
import { openDatabase } from "../../server/db/connection.js";
import { migrate } from "../../server/db/migrations.js";
import { startJobRuntime } from "../../server/jobs/runtime.js";
import { smtpMailSender } from "../../server/notifications/channels/mail-sender.js";
import { databaseError } from "../../server/start-errors.js";
import { EXIT } from "../exit-codes.js";
import type { CliIo } from "../io.js";

/**
 * `lk worker`: works the server's background jobs until SIGTERM/SIGINT, then hands running jobs back
 * (they run again at once elsewhere) and exits 0. Needs the server's PostgreSQL; the queue is BullMQ
 * with REDIS_URL, else the jobs table.
 */
export async function workerCommand(io: CliIo): Promise<number> {
  const config = loadServerConfig(io.env, io.cwd);
  if (!io.signal) throw new Error("lk worker needs the command's stop signal");
  if (config.database.kind !== "postgres") {
    throw new LockkeeperError("CONFIG", "lk worker needs DATABASE_URL (PostgreSQL)", {
      hint: "the embedded database belongs to the lk serve process, which works the jobs itself",
    });
  }
  const db = await openDatabase(config.database);
  try {
    await migrate(db).catch((error: unknown) => {
      throw databaseError(error);
    });
    const mail = config.smtp ? smtpMailSender(config.smtp) : undefined;
    const runtime = await startJobRuntime(config.jobs, db, {
      schedule: false,
      work: true,
      ...(mail ? { mail } : {}),
      onError: (error) => io.stderr(`lk worker: ${error instanceof Error ? error.message : String(error)}\n`),
    }).catch((error: unknown) => {
      throw databaseError(error);
    });
    const queue = config.jobs.redis ? "BullMQ on Redis" : "the database's jobs table";
    io.stdout(`lk: worker started: ${config.jobs.concurrency} at once from ${queue}\n`);
    const signal = io.signal;
    await new Promise<void>((resolve) => {
      if (signal.aborted) resolve();
      else signal.addEventListener("abort", () => resolve(), { once: true });
    });
    await runtime.close();
    mail?.close();
    io.stdout("lk: worker stopped\n");
    return EXIT.OK;
  } finally {
    await db.destroy();
  }
}
