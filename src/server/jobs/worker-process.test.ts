import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { afterEach, describe, expect, it } from "vitest";
import { openDatabase } from "../db/connection.js";
import { uuidv7 } from "../ids.js";
import { createTestPrincipal } from "../test-support/principals.js";
import { BIN, serveProcesses } from "../test-support/serve-process.js";
import { deleteKeys, REDIS_URL } from "./test-support/backends.js";

/** `lk worker` and `lk serve` as an operator runs them: jobs worked where the configuration says. */
describe("background jobs across processes", () => {
  const processes = serveProcesses();
  const workers: ChildProcess[] = [];
  const prefixes: string[] = [];
  afterEach(async () => {
    for (const worker of workers.splice(0))
      if (worker.exitCode === null && worker.signalCode === null) worker.kill("SIGKILL");
    await processes.cleanUp();
    for (const prefix of prefixes.splice(0)) await deleteKeys(prefix);
  });

  async function startedJob(url: URL, authorization: string) {
    const response = await fetch(new URL("/api/v1/jobs", url), {
      method: "POST",
      headers: { authorization, "content-type": "application/json" },
      body: JSON.stringify({ kind: "audit.verify" }),
    });
    expect(response.status).toBe(202);
    const { id } = (await response.json()) as { id: string };
    const deadline = Date.now() + 20_000;
    for (;;) {
      const job = (await (
        await fetch(new URL(`/api/v1/jobs/${id}`, url), { headers: { authorization } })
      ).json()) as {
        status: string;
        result: unknown;
      };
      if (job.status === "done" || Date.now() > deadline) return job;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  it("with Redis and PostgreSQL, lk serve only enqueues and an lk worker process works the job, then stops on SIGTERM", async () => {
    const database = await processes.database();
    const prefix = `lk-test-${uuidv7()}`;
    prefixes.push(prefix);
    const env = { DATABASE_URL: database.url, REDIS_URL, LK_REDIS_PREFIX: prefix };
    const server = await processes.startServer(env);
    const db = await openDatabase({ kind: "postgres", url: database.url });
    const admin = await createTestPrincipal(db, { role: "admin" }).finally(() => db.destroy());

    const worker = spawn(process.execPath, [BIN, "worker"], {
      env: { PATH: process.env.PATH ?? "", LK_WORKER_CONCURRENCY: "1", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    workers.push(worker);
    let stdout = "";
    worker.stdout?.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    const job = await startedJob(server.url, admin.authorization);
    expect(job).toMatchObject({ status: "done", result: { ok: true } });
    expect(stdout).toContain("lk: worker started: 1 at once from BullMQ on Redis\n");

    const exited = new Promise((resolve) => worker.once("exit", (code) => resolve(code)));
    worker.kill("SIGTERM");
    expect(await exited).toBe(0);
    expect(stdout).toContain("lk: worker stopped\n");
  });

  it("without Redis, lk serve works the jobs itself from the database", async () => {
    const database = await processes.database();
    const server = await processes.startServer({ DATABASE_URL: database.url });
    const db = await openDatabase({ kind: "postgres", url: database.url });
    const admin = await createTestPrincipal(db, { role: "admin" }).finally(() => db.destroy());
    expect(await startedJob(server.url, admin.authorization)).toMatchObject({
      status: "done",
      result: { ok: true },
    });
  });

  it("refuses to start a worker without PostgreSQL, or with a Redis that does not answer (exit 2)", async () => {
    const run = (env: Record<string, string>) =>
      spawnSync(process.execPath, [BIN, "worker"], {
        cwd: processes.tempDir(),
        env: { PATH: process.env.PATH ?? "", ...env },
        encoding: "utf8",
        timeout: 30_000,
      });
    const embedded = run({});
    expect({ status: embedded.status, stderr: embedded.stderr }).toEqual({
      status: 2,
      stderr:
        "lk: error: lk worker needs DATABASE_URL (PostgreSQL)\n  hint: the embedded database belongs to the lk serve process, which works the jobs itself\n",
    });
    const database = await processes.database();
    const noRedis = run({ DATABASE_URL: database.url, REDIS_URL: "redis://127.0.0.1:1" });
    expect(noRedis.status).toBe(2);
    expect(noRedis.stderr).toContain("lk: error: cannot reach Redis: connect ECONNREFUSED 127.0.0.1:1");
    expect(noRedis.stderr).toContain("hint: check REDIS_URL and that Redis is running");
  });
});
