import { hostname } from "node:os";
import { type Kysely, type Selectable, sql, type UpdateObject } from "kysely";
import type { Database, JobsTable } from "../db/schema.js";
import { uuidv7 } from "../ids.js";
import { decodeCursor, page } from "../pagination.js";
import { DEFAULT_MAX_ATTEMPTS, type RetryTiming, retryDelayMs } from "./backoff.js";
import { fireDueSchedules, tickJobId } from "./schedule-store.js";
import type { EnqueueOptions, JobFilter, JobHandler, JobQueue, JobState, WorkerOptions } from "./types.js";
import { type LoopTiming, pollingLoop, runAttempt, type WorkerPool, workerPool } from "./worker-pool.js";

export interface StoreQueueOptions extends RetryTiming, LoopTiming {
  /** How long a claimed job stays a worker's without a renewal (default 30 s; renewed every third). */
  leaseMs?: number;
  /** Problems of the loops themselves (the database unreachable): logged, then retried. */
  onError?(error: unknown): void;
}

type JobRow = Selectable<JobsTable>;

/**
 * Jobs in the server's own database. A worker claims the oldest due job with FOR UPDATE SKIP
 * LOCKED (workers never wait on each other), on a lease it renews while the job runs; a job whose
 * lease lapsed (its worker died) is due again. Finishing checks the lease is still this worker's,
 * so a worker that lost a job cannot overwrite what the new owner did.
 */
export function storeQueue(db: Kysely<Database>, options: StoreQueueOptions = {}): JobQueue {
  const leaseMs = options.leaseMs ?? 30_000;
  const onError = options.onError ?? (() => {});
  const pools = new Set<WorkerPool>();

  const insert = async (
    executor: Kysely<Database>,
    kind: string,
    payload: unknown,
    enqueue: EnqueueOptions,
  ) => {
    const id = enqueue.id ?? uuidv7();
    await executor
      .insertInto("jobs")
      .values({
        id,
        kind,
        payload: JSON.stringify(payload ?? null),
        status: "queued",
        max_attempts: enqueue.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
        run_after: sql`now() + ${enqueue.delayMs ?? 0} * interval '1 millisecond'`,
        created_at: sql`now()`,
      })
      .onConflict((conflict) => conflict.column("id").doNothing())
      .execute();
    return id;
  };

  const get = async (id: string) => {
    const row = await db.selectFrom("jobs").selectAll().where("id", "=", id).executeTakeFirst();
    return row ? jobState(row) : undefined;
  };

  return {
    backend: "store",

    async enqueue(kind, payload, enqueue = {}) {
      const id = await insert(db, kind, payload, enqueue);
      for (const pool of pools) pool.wake();
      return (await get(id)) as JobState;
    },

    get,

    async list(filter: JobFilter) {
      let query = db.selectFrom("jobs").selectAll().orderBy("created_at", "desc").orderBy("id", "desc");
      if (filter.status) query = query.where("status", "=", filter.status);
      if (filter.kind) query = query.where("kind", "=", filter.kind);
      if (filter.cursor) {
        const [createdAt, id] = decodeCursor(filter.cursor, 2);
        query = query.where(
          sql<boolean>`(created_at, id) < (${String(createdAt)}::timestamptz, ${String(id)})`,
        );
      }
      const rows = await query.limit(filter.limit + 1).execute();
      const result = page(rows, filter.limit, (row) => [row.created_at.toISOString(), row.id]);
      return { items: result.items.map(jobState), nextCursor: result.nextCursor };
    },

    work(handlers: Readonly<Record<string, JobHandler>>, workerOptions: WorkerOptions = {}) {
      const workerId = `${hostname()}:${process.pid}:${uuidv7().slice(-8)}`;
      const kinds = Object.keys(handlers);
      const lease = sql<Date>`now() + ${leaseMs} * interval '1 millisecond'`;
      // Writes to a job this worker still holds: one that lost it cannot overwrite the new owner.
      const update = (id: string, values: UpdateObject<Database, "jobs">) =>
        db
          .updateTable("jobs")
          .set(values)
          .where("id", "=", id)
          .where("locked_by", "=", workerId)
          .executeTakeFirst();

      const claim = async (): Promise<JobRow | undefined> => {
        const result = await sql<JobRow>`
          update jobs set status = 'running', attempts = attempts + 1, locked_by = ${workerId},
            locked_until = ${lease}, started_at = coalesce(started_at, now())
          where id = (
            select id from jobs
            where kind in (${sql.join(kinds)})
              and ((status = 'queued' and run_after <= now()) or (status = 'running' and locked_until < now()))
            order by run_after, id
            limit 1
            for update skip locked)
          returning *`.execute(db);
        return result.rows[0];
      };

      const pool = workerPool({
        concurrency: workerOptions.concurrency ?? 1,
        pollMs: options.pollMs,
        onError,
        claim,
        run: async (row, signal) => {
          const handler = handlers[row.kind] as JobHandler;
          if (row.attempts > row.max_attempts) {
            // Its last attempt's worker stopped without a word (the lease lapsed).
            await update(row.id, {
              status: "failed",
              attempts: row.max_attempts,
              error: "the worker running its last attempt stopped (its lease lapsed)",
              finished_at: sql`now()`,
              locked_by: null,
              locked_until: null,
            });
            return;
          }
          const outcome = await runAttempt({
            handler,
            context: { id: row.id, payload: row.payload, attempt: row.attempts },
            signal,
            renewEveryMs: leaseMs / 3,
            renew: async () => {
              const renewed = await update(row.id, { locked_until: lease });
              return renewed.numUpdatedRows === 1n;
            },
            progress: async (progress) => {
              await update(row.id, { progress: JSON.stringify(progress) });
            },
          });
          if (outcome.kind === "done") {
            await update(row.id, {
              status: "done",
              result: JSON.stringify(outcome.result ?? null),
              error: null,
              finished_at: sql`now()`,
              locked_by: null,
              locked_until: null,
            });
          } else if (outcome.kind === "released") {
            // Stopped by this worker's close: the attempt does not count, and the job is due now.
            await update(row.id, {
              status: "queued",
              attempts: sql`attempts - 1`,
              run_after: sql`now()`,
              locked_by: null,
              locked_until: null,
            });
          } else if (outcome.kind === "failed") {
            const final = row.attempts >= row.max_attempts;
            const delay = retryDelayMs(row.attempts, options);
            await update(row.id, {
              status: final ? "failed" : "queued",
              error: outcome.error,
              run_after: sql`now() + ${delay} * interval '1 millisecond'`,
              ...(final ? { finished_at: sql`now()` } : {}),
              locked_by: null,
              locked_until: null,
            });
          }
          // "lost": another worker owns the job now; nothing of ours to write.
        },
      });
      pools.add(pool);
      return {
        close: async () => {
          pools.delete(pool);
          await pool.close();
        },
      };
    },

    runScheduler() {
      return pollingLoop(
        async () => {
          const fired = await fireDueSchedules(db, new Date(), async (trx, schedule, tick) => {
            await insert(trx, schedule.kind, schedule.payload, { id: tickJobId(schedule.name, tick) });
          });
          if (fired > 0) for (const pool of pools) pool.wake();
        },
        { pollMs: options.pollMs, onError },
      );
    },

    async close() {
      await Promise.all([...pools].map((pool) => pool.close()));
      pools.clear();
    },
  };
}

export function jobState(row: JobRow): JobState {
  return {
    id: row.id,
    kind: row.kind,
    payload: row.payload,
    status: row.status,
    attempts: row.attempts,
    maxAttempts: row.max_attempts,
    progress: (row.progress as JobState["progress"]) ?? null,
    result: row.result ?? null,
    error: row.error,
    createdAt: new Date(row.created_at).toISOString(),
    startedAt: row.started_at ? new Date(row.started_at).toISOString() : null,
    finishedAt: row.finished_at ? new Date(row.finished_at).toISOString() : null,
  };
}
