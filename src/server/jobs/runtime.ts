import { Redis } from "ioredis";
import type { Kysely } from "kysely";
import { LockkeeperError } from "../../core/errors.js";
import type { JobsConfig } from "../config.js";
import type { Database } from "../db/schema.js";
import type { MailSender } from "../notifications/channels/mail-sender.js";
import { channelHttpClient } from "../notifications/channels/post-json.js";
import { builtInJobHandlers, ensureBuiltInSchedules } from "./built-in-jobs.js";
import { bullmqQueue } from "./bullmq-queue.js";
import { storeQueue } from "./store-queue.js";
import type { JobQueue, JobWorker } from "./types.js";

export interface JobRuntime {
  queue: JobQueue;
  /** Stops the scheduler and the workers (running jobs finish or are handed back), then the queue. */
  close(): Promise<void>;
}

/**
 * The queue the configuration names, with the scheduler and, when `work` is set, workers for the
 * built-in job kinds. `lk serve` runs the scheduler always (ticks are claimed once whoever runs
 * it) and works jobs unless configured not to; `lk worker` works jobs only.
 */
export async function startJobRuntime(
  config: JobsConfig,
  db: Kysely<Database>,
  options: { schedule: boolean; work: boolean; mail?: MailSender; onError(error: unknown): void },
): Promise<JobRuntime> {
  if (config.redis) await checkRedis(config.redis.url);
  const queue = config.redis
    ? bullmqQueue(db, { redisUrl: config.redis.url, prefix: config.redis.prefix, onError: options.onError })
    : storeQueue(db, { onError: options.onError });
  const loops: JobWorker[] = [];
  try {
    if (options.schedule) {
      await ensureBuiltInSchedules(db);
      loops.push(queue.runScheduler());
    }
    if (options.work)
      loops.push(
        queue.work(
          builtInJobHandlers({
            db,
            now: () => new Date(),
            notifications: { http: channelHttpClient(), ...(options.mail ? { mail: options.mail } : {}) },
          }),
          { concurrency: config.concurrency },
        ),
      );
  } catch (error: unknown) {
    await queue.close();
    throw error;
  }
  return {
    queue,
    async close() {
      await Promise.all(loops.map((loop) => loop.close()));
      await queue.close();
    },
  };
}

/**
 * Redis answers, or the start fails with a reason: the queue's client would otherwise retry in the
 * background for ever while every enqueue waits. The message never shows the URL (it may hold a
 * password).
 */
async function checkRedis(url: string): Promise<void> {
  const redis = new Redis(url, {
    lazyConnect: true,
    connectTimeout: 5_000,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  // The socket's own error says why (refused, unknown host); the failed command only "closed".
  let cause: unknown;
  redis.on("error", (error: unknown) => {
    cause ??= error;
  });
  try {
    await redis.connect();
    await redis.ping();
  } catch (error: unknown) {
    const reason = cause ?? error;
    throw new LockkeeperError(
      "NETWORK",
      `cannot reach Redis: ${reason instanceof Error ? reason.message : String(reason)}`,
      { hint: "check REDIS_URL and that Redis is running" },
    );
  } finally {
    redis.disconnect();
  }
}
