import { type ChildProcess, spawn } from "node:child_process";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { sql } from "kysely";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { migrate } from "../db/migrations.js";
import { uuidv7 } from "../ids.js";
import { postgresStore, storeTracker } from "../test-support/stores.js";
import { bullmqQueue } from "./bullmq-queue.js";
import { storeQueue } from "./store-queue.js";
import { deleteKeys, REDIS_URL, waitForJob } from "./test-support/backends.js";

const REPO = fileURLToPath(new URL("../../../", import.meta.url));
// Inside node_modules, so the bundle's bare imports (kysely, bullmq, pg) resolve from there.
const WORKER = join(REPO, "node_modules/.cache/lockkeeper-tests/crash-worker.mjs");

beforeAll(async () => {
  mkdirSync(join(WORKER, ".."), { recursive: true });
  await build({
    entryPoints: [join(REPO, "src/server/jobs/test-support/crash-worker.ts")],
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    packages: "external",
    outfile: WORKER,
    logLevel: "error",
  });
}, 60_000);

/**
 * A worker killed with SIGKILL in the middle of a job, on real processes: the job's lease (the
 * store) or lock (BullMQ) lapses, another worker process takes it, and its effect — written in a
 * transaction the dead worker never committed — happens exactly once.
 */
describe.each(["store", "bullmq"] as const)("a worker process killed mid-job (%s backend)", (backend) => {
  const stores = storeTracker(postgresStore);
  const children: ChildProcess[] = [];
  const cleanUps: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const child of children.splice(0))
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    for (const cleanUp of cleanUps.splice(0).reverse()) await cleanUp();
    await stores.cleanUp();
  });

  it("is retried by another worker, and its effect happens once", async () => {
    const fresh = await stores.fresh();
    const db = await fresh.open();
    await migrate(db);
    await sql`create table crash_effects (job_id text primary key, attempt integer not null, pid integer not null)`.execute(
      db,
    );
    const prefix = `lk-test-${uuidv7()}`;
    const timing = { pollMs: 50, leaseMs: 1_500 };
    const queue =
      backend === "bullmq"
        ? bullmqQueue(db, { ...timing, redisUrl: REDIS_URL, prefix })
        : storeQueue(db, timing);
    cleanUps.push(
      () => deleteKeys(prefix),
      () => queue.close(),
    );
    const config = fresh.config as { url: string };
    const startWorker = async () => {
      const child = spawn(process.execPath, [WORKER], {
        env: {
          PATH: process.env.PATH ?? "",
          DATABASE_URL: config.url,
          REDIS_URL,
          CRASH_BACKEND: backend,
          CRASH_PREFIX: prefix,
        },
        stdio: ["ignore", "pipe", "pipe"],
      });
      children.push(child);
      const lines = outputLines(child);
      await lines.waitFor((line) => line === "ready");
      return { child, lines };
    };

    const first = await startWorker();
    const { id } = await queue.enqueue("effect", null);
    await first.lines.waitFor((line) => line === `inside ${id} 1`);
    first.child.kill("SIGKILL");
    await new Promise((resolve) => first.child.once("close", resolve));

    const second = await startWorker();
    const done = await waitForJob(queue, id, (job) => job.status === "done", 30_000);
    expect(done.attempts).toBe(2);
    expect(done.result).toEqual({ attempt: 2, pid: second.child.pid });
    const effects = await sql<{
      job_id: string;
      attempt: number;
      pid: number;
    }>`select * from crash_effects`.execute(db);
    expect(effects.rows).toEqual([{ job_id: id, attempt: 2, pid: second.child.pid }]);

    second.child.kill("SIGTERM");
    const code = await new Promise((resolve) => second.child.once("exit", (exitCode) => resolve(exitCode)));
    expect(code).toBe(0);
  }, 60_000);
});

/** A child's stdout as lines, with a wait for the first line that matches. */
function outputLines(child: ChildProcess) {
  const lines: string[] = [];
  const waiters: { match(line: string): boolean; resolve(): void }[] = [];
  let buffer = "";
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  child.stdout?.on("data", (chunk: Buffer) => {
    buffer += chunk.toString();
    for (let end = buffer.indexOf("\n"); end >= 0; end = buffer.indexOf("\n")) {
      const line = buffer.slice(0, end);
      buffer = buffer.slice(end + 1);
      lines.push(line);
      for (const waiter of [...waiters])
        if (waiter.match(line)) {
          waiters.splice(waiters.indexOf(waiter), 1);
          waiter.resolve();
        }
    }
  });
  return {
    waitFor(match: (line: string) => boolean, timeoutMs = 20_000): Promise<void> {
      if (lines.some(match)) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () =>
            reject(
              new Error(`no such line from the worker; stdout: ${lines.join(" | ")}; stderr: ${stderr}`),
            ),
          timeoutMs,
        );
        waiters.push({
          match,
          resolve: () => {
            clearTimeout(timer);
            resolve();
          },
        });
      });
    },
  };
}
