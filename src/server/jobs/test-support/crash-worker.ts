/**
 * A worker process for crash.test.ts (bundled and started by it): works jobs of kind "effect", each
 * writing one row keyed by the job's id inside a transaction that, on the first attempt, stays open
 * for a minute — long enough for the test to kill the process with SIGKILL in the middle.
 */
import { sql } from "kysely";
import { openDatabase } from "../../db/connection.js";
import { bullmqQueue } from "../bullmq-queue.js";
import { storeQueue } from "../store-queue.js";

const env = process.env;
const db = await openDatabase({ kind: "postgres", url: env.DATABASE_URL as string });
const timing = { pollMs: 50, leaseMs: 1_500, retryBaseMs: 50, retryMaxMs: 200 };
const queue =
  env.CRASH_BACKEND === "bullmq"
    ? bullmqQueue(db, { ...timing, redisUrl: env.REDIS_URL as string, prefix: env.CRASH_PREFIX as string })
    : storeQueue(db, timing);
queue.work({
  effect: async ({ id, attempt }) => {
    await db.transaction().execute(async (trx) => {
      await sql`insert into crash_effects (job_id, attempt, pid) values (${id}, ${attempt}, ${process.pid})`.execute(
        trx,
      );
      process.stdout.write(`inside ${id} ${attempt}\n`);
      if (attempt === 1) await new Promise((resolve) => setTimeout(resolve, 60_000));
    });
    return { attempt, pid: process.pid };
  },
});
process.stdout.write("ready\n");
process.on("SIGTERM", () => {
  void queue
    .close()
    .then(() => db.destroy())
    .then(() => process.exit(0));
});
