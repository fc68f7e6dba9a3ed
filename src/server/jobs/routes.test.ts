import { afterEach, describe, expect, it } from "vitest";
import { buildApp } from "../app.js";
import { migrate } from "../db/migrations.js";
import { channelHttpClient } from "../notifications/channels/post-json.js";
import { sharedAdvisories } from "../test-support/advisories.js";
import { createTestPrincipal } from "../test-support/principals.js";
import { pgliteStore, postgresStore, storeTracker } from "../test-support/stores.js";
import { builtInJobHandlers, ensureBuiltInSchedules } from "./built-in-jobs.js";
import { storeQueue } from "./store-queue.js";
import { waitForJob } from "./test-support/backends.js";
import type { JobHandler } from "./types.js";

describe.each([pgliteStore, postgresStore])("the jobs API on $name", (store) => {
  const stores = storeTracker(store);
  const closers: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const close of closers.splice(0).reverse()) await close();
    await stores.cleanUp();
  });

  it("starts a built-in job, shows it to the end, and changes a schedule with an audit entry", async () => {
    const db = await (await stores.fresh()).open();
    await migrate(db);
    const jobs = storeQueue(db, { pollMs: 50 });
    closers.push(() => jobs.close());
    await ensureBuiltInSchedules(db);
    jobs.work(
      builtInJobHandlers({ db, now: () => new Date(), notifications: { http: channelHttpClient() } }),
    );
    const { app } = await buildApp({ db, advisories: sharedAdvisories(), jobs });
    closers.push(() => app.close());
    const admin = await createTestPrincipal(db, { role: "admin" });
    const call = async (method: "GET" | "POST" | "PATCH", url: string, payload?: object) => {
      const response = await app.inject({
        method,
        url,
        headers: admin.headers,
        ...(payload ? { payload } : {}),
      });
      return { status: response.statusCode, body: response.json(), location: response.headers.location };
    };

    const started = await call("POST", "/api/v1/jobs", { kind: "audit.verify" });
    expect(started.status).toBe(202);
    expect(started.location).toBe(`/api/v1/jobs/${started.body.id}`);
    // The chain it checks holds the token's creation and this very request's entry.
    const done = await waitForJob(jobs, started.body.id, (job) => job.status === "done");
    expect(done.result).toMatchObject({ ok: true });
    expect((done.result as { entries: number }).entries).toBeGreaterThanOrEqual(1);
    expect((await call("GET", `/api/v1/jobs/${started.body.id}`)).body).toMatchObject({
      kind: "audit.verify",
      status: "done",
      attempts: 1,
    });
    expect((await call("GET", "/api/v1/jobs?status=done&kind=audit.verify")).body.items).toHaveLength(1);
    expect((await call("GET", "/api/v1/jobs/nope")).status).toBe(404);
    expect((await call("POST", "/api/v1/jobs", { kind: "rm -rf" })).status).toBe(400);

    const schedules = (await call("GET", "/api/v1/schedules")).body.items;
    expect(schedules.map((s: { name: string }) => s.name)).toEqual(["audit-verify", "prune"]);
    expect((await call("PATCH", "/api/v1/schedules/audit-verify", { cron: "0 25 * * *" })).status).toBe(400);
    expect((await call("PATCH", "/api/v1/schedules/audit-verify", { timeZone: "Nowhere/Town" })).status).toBe(
      400,
    );
    expect((await call("PATCH", "/api/v1/schedules/nothing", { enabled: false })).status).toBe(404);
    const changed = await call("PATCH", "/api/v1/schedules/audit-verify", {
      cron: "30 2 * * 1-5",
      timeZone: "Europe/Berlin",
    });
    expect(changed.body).toMatchObject({ cron: "30 2 * * 1-5", timeZone: "Europe/Berlin", enabled: true });
    // The next weekday at 02:30 in Berlin: 00:30 or 01:30 UTC.
    expect(changed.body.nextRunAt).toMatch(/T0[01]:30:00\.000Z$/);
    const disabled = await call("PATCH", "/api/v1/schedules/prune", { enabled: false });
    expect(disabled.body).toMatchObject({ enabled: false, nextRunAt: null });
    // A restart keeps the operator's changes.
    await ensureBuiltInSchedules(db);
    expect((await call("GET", "/api/v1/schedules")).body.items).toEqual([changed.body, disabled.body]);

    const audit = await db
      .selectFrom("audit_log")
      .select(["action", "subject_id"])
      .where("action", "in", ["job.enqueue", "schedule.update"])
      .orderBy("seq")
      .execute();
    expect(audit).toEqual([
      { action: "job.enqueue", subject_id: started.body.id },
      { action: "schedule.update", subject_id: "audit-verify" },
      { action: "schedule.update", subject_id: "prune" },
    ]);
  }, 60_000);

  it("prunes what has expired and keeps what has not", async () => {
    const db = await (await stores.fresh()).open();
    await migrate(db);
    const now = new Date("2026-12-08T12:00:00.000Z");
    const hour = 3_600_000;
    const admin = await createTestPrincipal(db, { role: "admin" });
    const at = (ms: number) => new Date(now.getTime() + ms);
    await db
      .insertInto("sessions")
      .values([
        {
          id: "old",
          user_id: admin.userId,
          created_at: at(-48 * hour),
          last_seen_at: at(-47 * hour),
          expires_at: at(-hour),
        },
        {
          id: "live",
          user_id: admin.userId,
          created_at: at(-hour),
          last_seen_at: at(-hour),
          expires_at: at(hour),
        },
      ])
      .execute();
    await db
      .insertInto("login_attempts")
      .values([
        { email: "a@example.test", ip: "127.0.0.1", at: at(-25 * hour), outcome: "failure" },
        { email: "a@example.test", ip: "127.0.0.1", at: at(-hour), outcome: "failure" },
      ])
      .execute();
    const prune = builtInJobHandlers({ db, now: () => now, notifications: { http: channelHttpClient() } })[
      "maintenance.prune"
    ] as JobHandler;
    const result = await prune({
      id: "prune-test",
      payload: null,
      attempt: 1,
      signal: new AbortController().signal,
      progress: async () => {},
    });
    expect(result).toMatchObject({ sessions: 1, loginAttempts: 1 });
    expect((await db.selectFrom("sessions").select("id").execute()).map((row) => row.id)).toEqual(["live"]);
    expect(await db.selectFrom("login_attempts").select("id").execute()).toHaveLength(1);
  });
});
