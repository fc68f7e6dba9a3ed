import { DelayedError, type Job, type JobType, Queue, Worker } from "bullmq";
import { Redis } from "ioredis";
import type { Kysely } from "kysely";
import type { Database } from "../db/schema.js";
import { uuidv7 } from "../ids.js";
import { decodeCursor, encodeCursor } from "../pagination.js";
import { DEFAULT_MAX_ATTEMPTS, type RetryTiming, retryDelayMs } from "./backoff.js";
import { fireDueSchedules, tickJobId } from "./schedule-store.js";
import type { JobProgress, JobQueue, JobState, JobStatus, WorkerOptions } from "./types.js";
import { errorText, type LoopTiming, pollingLoop } from "./worker-pool.js";

export interface BullmqQueueOptions extends RetryTiming, LoopTiming {
  redisUrl: string;
  /** Keys start with it (default "lk"): several installations can share one Redis. */
  prefix?: string;
  /** How long a worker holds a job without renewing its lock (default 30 s). */
  leaseMs?: number;
  onError?(error: unknown): void;
}

const QUEUE = "jobs";
/** Jobs the list reads per state: BullMQ lists by index, not by a key a cursor can resume from. */
const LIST_WINDOW = 1_000;

const STATUS_TYPES: Record<JobStatus, JobType[]> = {
  queued: ["waiting", "delayed", "prioritized", "waiting-children"],
  running: ["active"],
  done: ["completed"],
  failed: ["failed"],
};

/**
 * Jobs in BullMQ on Redis, for installations that scale workers out (`lk worker` on more
 * machines; the API instances only enqueue). Same contract as the store backend: retries with the
 * same backoff (a custom strategy), a lock renewed while a job runs and stalled jobs taken again,
 * schedules kept in the store and claimed tick by tick there (so each fires once, whichever backend).
 */
export function bullmqQueue(db: Kysely<Database>, options: BullmqQueueOptions): JobQueue {
  const onError = options.onError ?? (() => {});
  const connect = () => new Redis(options.redisUrl, { maxRetriesPerRequest: null, lazyConnect: false });
  const connection = connect();
  connection.on("error", onError);
  const prefix = options.prefix ?? "lk";
  const queue = new Queue(QUEUE, { connection, prefix });
  queue.on("error", onError);
  const workers = new Set<{ close(): Promise<void> }>();

  const add = async (kind: string, payload: unknown, id: string, maxAttempts: number, delayMs: number) => {
    await queue.add(kind, payload ?? null, {
      jobId: id,
      attempts: maxAttempts,
      backoff: { type: "lockkeeper" },
      delay: delayMs,
      removeOnComplete: { age: 7 * 86_400, count: 10_000 },
      removeOnFail: { age: 30 * 86_400 },
    });
  };

  const statusOf = async (id: string): Promise<JobStatus | undefined> => {
    const type = await queue.getJobState(id);
    return (Object.keys(STATUS_TYPES) as JobStatus[]).find((s) => STATUS_TYPES[s].includes(type as JobType));
  };

  // The state is read before the job's data, so the data is at least as new as the state (a job
  // read first could finish before its state is asked, and show "done" without its result); a
  // job that finished in between has its state read again.
  const get = async (id: string): Promise<JobState | undefined> => {
    let status = await statusOf(id);
    const job = await queue.getJob(id);
    if (!job || !status) return undefined;
    if (job.finishedOn && (status === "queued" || status === "running"))
      status = (await statusOf(id)) ?? status;
    return bullmqJobState(job, status);
  };

  return {
    backend: "bullmq",

    async enqueue(kind, payload, enqueue = {}) {
      const id = enqueue.id ?? uuidv7();
      await add(kind, payload, id, enqueue.maxAttempts ?? DEFAULT_MAX_ATTEMPTS, enqueue.delayMs ?? 0);
      // Read back: for an id that existed, add answers with the new data, not the job kept.
      return (await get(id)) as JobState;
    },

    get,

    async list(filter) {
      const statuses = filter.status ? [filter.status] : (Object.keys(STATUS_TYPES) as JobStatus[]);
      const found: JobState[] = [];
      for (const status of statuses) {
        const jobs = await queue.getJobs(STATUS_TYPES[status], 0, LIST_WINDOW - 1);
        for (const job of jobs)
          if (job && (!filter.kind || job.name === filter.kind)) found.push(bullmqJobState(job, status));
      }
      found.sort((a, b) =>
        a.createdAt === b.createdAt ? (a.id < b.id ? 1 : -1) : a.createdAt < b.createdAt ? 1 : -1,
      );
      const offset = filter.cursor ? Number(decodeCursor(filter.cursor, 1)[0]) : 0;
      const items = found.slice(offset, offset + filter.limit);
      const more = found.length > offset + filter.limit;
      return { items, nextCursor: more ? encodeCursor([offset + filter.limit]) : null };
    },

    work(handlers, workerOptions: WorkerOptions = {}) {
      const stopping = new AbortController();
      const leaseMs = options.leaseMs ?? 30_000;
      const worker = new Worker(
        QUEUE,
        async (job: Job, token?: string) => {
          const handler = handlers[job.name];
          if (!handler) throw new Error(`no handler for jobs of kind ${job.name} in this worker`);
          const attempt = new AbortController();
          const onStop = () => attempt.abort(new Error("the worker is stopping"));
          if (stopping.signal.aborted) onStop();
          stopping.signal.addEventListener("abort", onStop, { once: true });
          try {
            return (
              (await handler({
                id: job.id as string,
                payload: job.data,
                attempt: job.attemptsStarted,
                signal: attempt.signal,
                progress: (progress: JobProgress) => job.updateProgress(progress),
              })) ?? null
            );
          } catch (error: unknown) {
            if (!stopping.signal.aborted) throw new Error(errorText(error));
            // Stopped by this worker's close: due again at once, the attempt not counted as failed.
            await job.moveToDelayed(Date.now(), token);
            throw new DelayedError();
          } finally {
            stopping.signal.removeEventListener("abort", onStop);
          }
        },
        {
          connection: connect(),
          prefix,
          concurrency: workerOptions.concurrency ?? 1,
          lockDuration: leaseMs,
          stalledInterval: leaseMs,
          // A job whose worker died is taken again; the attempts limit still bounds failures.
          maxStalledCount: DEFAULT_MAX_ATTEMPTS,
          settings: { backoffStrategy: (attemptsMade: number) => retryDelayMs(attemptsMade, options) },
        },
      );
      worker.on("error", onError);
      const handle = {
        async close() {
          workers.delete(handle);
          stopping.abort();
          await worker.close();
          await worker.disconnect().catch(() => {});
        },
      };
      workers.add(handle);
      return handle;
    },

    runScheduler() {
      return pollingLoop(
        async () => {
          await fireDueSchedules(db, new Date(), async (_trx, schedule, tick) => {
            // Added before the tick's claim commits: a failed add rolls the claim back and the tick
            // fires again; an add whose claim then fails is deduplicated by the tick's job id.
            await add(
              schedule.kind,
              schedule.payload,
              tickJobId(schedule.name, tick),
              DEFAULT_MAX_ATTEMPTS,
              0,
            );
          });
        },
        { pollMs: options.pollMs, onError },
      );
    },

    async close() {
      await Promise.all([...workers].map((worker) => worker.close()));
      await queue.close();
      connection.disconnect();
    },
  };
}

function bullmqJobState(job: Job, status: JobStatus): JobState {
  const progress = typeof job.progress === "object" ? (job.progress as unknown as JobProgress) : null;
  return {
    id: job.id as string,
    kind: job.name,
    payload: job.data,
    status,
    attempts: job.attemptsStarted,
    maxAttempts: job.opts.attempts ?? 1,
    progress,
    result: job.returnvalue ?? null,
    error: job.failedReason ?? null,
    createdAt: new Date(job.timestamp).toISOString(),
    startedAt: job.processedOn ? new Date(job.processedOn).toISOString() : null,
    finishedAt: job.finishedOn ? new Date(job.finishedOn).toISOString() : null,
  };
}
