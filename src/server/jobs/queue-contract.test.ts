import { afterEach, describe, expect, it } from "vitest";
import { listSchedules, saveSchedule } from "./schedule-store.js";
import { QUEUE_BACKENDS, waitForJob } from "./test-support/backends.js";

/**
 * The contract every job backend keeps, run on each: the store on PGlite and on PostgreSQL, and
 * BullMQ on this machine's Redis. A test gets a fresh store (and key prefix) of its own.
 */
describe.each(QUEUE_BACKENDS)("jobs on $name", (backend) => {
  let cleanUps: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanUp of cleanUps.reverse()) await cleanUp();
    cleanUps = [];
  });
  async function started() {
    const started = await backend.start();
    cleanUps.push(started.cleanUp);
    return started;
  }

  it("runs a job once, with the progress it reports and the result it returns", async () => {
    const { instance } = await started();
    const queue = await instance();
    const runs: unknown[] = [];
    queue.work({
      echo: async ({ payload, progress, attempt }) => {
        runs.push(payload);
        await progress({ done: 1, total: 2, step: "halfway" });
        return { echoed: payload, attempt };
      },
    });
    const queued = await queue.enqueue("echo", { n: 1 });
    expect(queued).toMatchObject({ kind: "echo", payload: { n: 1 }, maxAttempts: 5 });
    expect(["queued", "running", "done"]).toContain(queued.status);
    const done = await waitForJob(queue, queued.id, (job) => job.status === "done");
    expect(done).toMatchObject({
      status: "done",
      attempts: 1,
      result: { echoed: { n: 1 }, attempt: 1 },
      progress: { done: 1, total: 2, step: "halfway" },
    });
    expect(done.startedAt && done.finishedAt && done.startedAt <= done.finishedAt).toBe(true);
    expect(runs).toEqual([{ n: 1 }]);
  });

  it("retries a failing job after a growing delay, then records its success", async () => {
    const { instance } = await started();
    const queue = await instance();
    const startedAt: number[] = [];
    queue.work({
      flaky: async ({ attempt }) => {
        startedAt.push(Date.now());
        if (attempt < 3) throw new Error(`registry answered 503 (attempt ${attempt})`);
        return "ok";
      },
    });
    const { id } = await queue.enqueue("flaky", null);
    const done = await waitForJob(queue, id, (job) => job.status === "done");
    expect(done).toMatchObject({ status: "done", attempts: 3, result: "ok" });
    // Base 60 ms, doubling, with equal jitter: at least 30 ms, then at least 60 ms apart.
    const [first, second, third] = startedAt as [number, number, number];
    expect(second - first).toBeGreaterThanOrEqual(25);
    expect(third - second).toBeGreaterThanOrEqual(55);
  });

  it("gives a job up after its attempts, with the reason", async () => {
    const { instance } = await started();
    const queue = await instance();
    let runs = 0;
    queue.work({
      doomed: async () => {
        runs += 1;
        throw new Error("the advisory export is not a zip file");
      },
    });
    const { id } = await queue.enqueue("doomed", null, { maxAttempts: 2 });
    const failed = await waitForJob(queue, id, (job) => job.status === "failed");
    expect(failed).toMatchObject({ status: "failed", attempts: 2, maxAttempts: 2 });
    expect(failed.error).toContain("the advisory export is not a zip file");
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(runs).toBe(2);
  });

  it("adds a job with a known id once, however often it is enqueued", async () => {
    const { instance } = await started();
    const queue = await instance();
    let runs = 0;
    const first = await queue.enqueue("sync", { version: 7 }, { id: "sync-7", delayMs: 200 });
    const again = await queue.enqueue("sync", { version: 8 }, { id: "sync-7" });
    expect(again.id).toBe(first.id);
    expect(again.payload).toEqual({ version: 7 });
    queue.work({
      sync: async () => {
        runs += 1;
      },
    });
    await waitForJob(queue, "sync-7", (job) => job.status === "done");
    expect(runs).toBe(1);
  });

  it("shares jobs between instances' workers: every job runs exactly once", async () => {
    const { instance } = await started();
    const [a, b] = [await instance(), await instance()];
    const seen: string[] = [];
    const handler = async ({ id }: { id: string }) => {
      seen.push(id);
      await new Promise((resolve) => setTimeout(resolve, 5));
    };
    a.work({ count: handler }, { concurrency: 2 });
    b.work({ count: handler }, { concurrency: 2 });
    const ids: string[] = [];
    for (let i = 0; i < 30; i++) ids.push((await (i % 2 ? a : b).enqueue("count", { i })).id);
    for (const id of ids) await waitForJob(a, id, (job) => job.status === "done");
    expect([...seen].sort()).toEqual([...ids].sort());
  });

  it("lists jobs newest first, by status and kind, a page at a time", async () => {
    const { instance } = await started();
    const queue = await instance();
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      ids.push((await queue.enqueue(i < 3 ? "alpha" : "beta", { i })).id);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    const firstPage = await queue.list({ limit: 2 });
    expect(firstPage.items.map((job) => job.id)).toEqual([ids[4], ids[3]]);
    const secondPage = await queue.list({ limit: 2, cursor: firstPage.nextCursor as string });
    expect(secondPage.items.map((job) => job.id)).toEqual([ids[2], ids[1]]);
    const alpha = await queue.list({ limit: 10, kind: "alpha", status: "queued" });
    expect(alpha.items.map((job) => job.id)).toEqual([ids[2], ids[1], ids[0]]);
    expect((await queue.list({ limit: 10, status: "done" })).items).toEqual([]);
  });

  it("fires each tick of a schedule once, with two instances running the scheduler", async () => {
    const { db, instance } = await started();
    const [a, b] = [await instance(), await instance()];
    const schedule = await saveSchedule(
      db,
      {
        name: "every-second",
        cron: "* * * * * *",
        timeZone: "Europe/Berlin",
        kind: "tick",
        payload: { what: "rescan" },
        enabled: true,
      },
      new Date(),
    );
    expect(schedule.nextRunAt).not.toBeNull();
    const ticks: unknown[] = [];
    a.work({
      tick: async ({ payload }) => {
        ticks.push(payload);
      },
    });
    const schedulers = [a.runScheduler(), b.runScheduler()];
    await new Promise((resolve) => setTimeout(resolve, 3_300));
    await Promise.all(schedulers.map((scheduler) => scheduler.close()));
    await new Promise((resolve) => setTimeout(resolve, 300));
    const jobs = (await a.list({ limit: 100, kind: "tick" })).items;
    // One job per second that passed, whoever claimed it: never two for one tick.
    expect(jobs.length).toBeGreaterThanOrEqual(2);
    expect(jobs.length).toBeLessThanOrEqual(4);
    expect(new Set(jobs.map((job) => job.id)).size).toBe(jobs.length);
    expect(ticks.length).toBe(jobs.filter((job) => job.status === "done").length);
    expect(ticks.every((payload) => JSON.stringify(payload) === '{"what":"rescan"}')).toBe(true);

    const { nextRunAt: _next, ...fields } = schedule;
    const disabled = await saveSchedule(db, { ...fields, enabled: false }, new Date());
    expect(disabled.nextRunAt).toBeNull();
    expect(await listSchedules(db)).toEqual([disabled]);
  });

  it("hands a running job back when its worker closes; another worker finishes it", async () => {
    const { instance } = await started();
    const [a, b] = [await instance(), await instance()];
    let firstStarted: () => void = () => {};
    const running = new Promise<void>((resolve) => {
      firstStarted = resolve;
    });
    const closing = a.work({
      long: ({ signal }) =>
        new Promise((_resolve, reject) => {
          firstStarted();
          signal.addEventListener("abort", () => reject(signal.reason));
        }),
    });
    const { id } = await a.enqueue("long", null);
    await running;
    await closing.close();
    b.work({ long: async () => "finished elsewhere" });
    const done = await waitForJob(b, id, (job) => job.status === "done");
    expect(done.result).toBe("finished elsewhere");
  });
});
