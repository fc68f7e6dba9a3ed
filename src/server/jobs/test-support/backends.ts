import { Redis } from "ioredis";
import type { Kysely } from "kysely";
import { migrate } from "../../db/migrations.js";
import type { Database } from "../../db/schema.js";
import { uuidv7 } from "../../ids.js";
import { pgliteStore, postgresStore, storeTracker, type TestStore } from "../../test-support/stores.js";
import { bullmqQueue } from "../bullmq-queue.js";
import { storeQueue } from "../store-queue.js";
import type { JobQueue, JobState } from "../types.js";

export const REDIS_URL = "redis://127.0.0.1:6379";

/** Short timings, so retries, leases and schedules play out in a test's seconds. */
export const FAST = { pollMs: 50, retryBaseMs: 60, retryMaxMs: 400, leaseMs: 1_500 } as const;

export interface QueueBackend {
  name: string;
  /**
   * A fresh store (and for BullMQ a fresh key prefix) and a function giving queue instances over it,
   * as separate server instances would have them (own connections where the store allows).
   */
  start(): Promise<{ db: Kysely<Database>; instance(): Promise<JobQueue>; cleanUp(): Promise<void> }>;
}

function storeBackend(store: TestStore): QueueBackend {
  return {
    name: `the store on ${store.name}`,
    async start() {
      const stores = storeTracker(store);
      const fresh = await stores.fresh();
      const db = await fresh.open();
      await migrate(db);
      const queues: JobQueue[] = [];
      return {
        db,
        // PGlite belongs to one process: its "instances" share the connection.
        instance: async () => {
          const queue = storeQueue(store.shared ? await fresh.open() : db, { ...FAST, onError: report });
          queues.push(queue);
          return queue;
        },
        async cleanUp() {
          await Promise.allSettled(queues.map((queue) => queue.close()));
          await stores.cleanUp();
        },
      };
    },
  };
}

export const bullmqBackend: QueueBackend = {
  name: "BullMQ on Redis",
  async start() {
    const stores = storeTracker(postgresStore);
    const fresh = await stores.fresh();
    const db = await fresh.open();
    await migrate(db);
    const prefix = `lk-test-${uuidv7()}`;
    const queues: JobQueue[] = [];
    return {
      db,
      instance: async () => {
        const queue = bullmqQueue(await fresh.open(), {
          ...FAST,
          redisUrl: REDIS_URL,
          prefix,
          onError: report,
        });
        queues.push(queue);
        return queue;
      },
      async cleanUp() {
        await Promise.allSettled(queues.map((queue) => queue.close()));
        await deleteKeys(prefix);
        await stores.cleanUp();
      },
    };
  },
};

export const QUEUE_BACKENDS: QueueBackend[] = [
  storeBackend(pgliteStore),
  storeBackend(postgresStore),
  bullmqBackend,
];

/** Every key under a test's prefix, so a test leaves Redis as it found it. */
export async function deleteKeys(prefix: string): Promise<void> {
  const redis = new Redis(REDIS_URL);
  try {
    let cursor = "0";
    do {
      const [next, keys] = await redis.scan(cursor, "MATCH", `${prefix}:*`, "COUNT", 500);
      if (keys.length > 0) await redis.del(...keys);
      cursor = next;
    } while (cursor !== "0");
  } finally {
    redis.disconnect();
  }
}

/** Loop errors would otherwise vanish into the queue's logger: a test should see them. */
function report(error: unknown): void {
  console.error("job loop error:", error);
}

/** Polls `queue.get(id)` until `until` holds (or throws after `timeoutMs`). */
export async function waitForJob(
  queue: JobQueue,
  id: string,
  until: (job: JobState) => boolean,
  timeoutMs = 15_000,
): Promise<JobState> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const job = await queue.get(id);
    if (job && until(job)) return job;
    if (Date.now() > deadline) throw new Error(`job ${id} did not get there in time: ${JSON.stringify(job)}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
