import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../app.js";
import { migrate } from "../db/migrations.js";
import { builtInJobHandlers } from "../jobs/built-in-jobs.js";
import { storeQueue } from "../jobs/store-queue.js";
import { waitForJob } from "../jobs/test-support/backends.js";
import { sharedAdvisories } from "../test-support/advisories.js";
import { documentedNodeVerifier, type SignatureVerifier } from "../test-support/documented-verifiers.js";
import { createTestPrincipal } from "../test-support/principals.js";
import { lockfileUpload } from "../test-support/snapshot-fixtures.js";
import { pgliteStore, postgresStore, storeTracker } from "../test-support/stores.js";
import { startWebhookReceiver, type WebhookReceiver } from "../test-support/webhook-receiver.js";
import { channelHttpClient } from "./channels/post-json.js";
import { dispatchHandler } from "./dispatch.js";

let verify: SignatureVerifier;
beforeAll(async () => {
  verify = await documentedNodeVerifier();
});

/**
 * From a push to a signed webhook: a rule for a team's projects sends the problems a push brings
 * for the first time and a failed verdict, through a job, once.
 */
describe.each([pgliteStore, postgresStore])("notifications of a push on $name", (store) => {
  const stores = storeTracker(store);
  const closers: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const close of closers.splice(0).reverse()) await close();
    await stores.cleanUp();
  });

  it("sends what a team's rule asks for, grouped, signed, and not again when the job runs again", async () => {
    const db = await (await stores.fresh()).open();
    await migrate(db);
    let secret = "";
    const receiver: WebhookReceiver = await startWebhookReceiver({
      verify: (header, body) => verify(secret, header, body),
    });
    closers.push(() => receiver.close());
    const jobs = storeQueue(db, { pollMs: 50 });
    closers.push(() => jobs.close());
    const { app } = await buildApp({ db, advisories: sharedAdvisories(), jobs });
    closers.push(() => app.close());
    const admin = await createTestPrincipal(db, { role: "admin" });
    const call = async (method: "GET" | "POST" | "PATCH" | "DELETE", url: string, payload?: object) => {
      const response = await app.inject({
        method,
        url,
        headers: admin.headers,
        ...(payload ? { payload } : {}),
      });
      return { status: response.statusCode, body: response.body ? response.json() : undefined };
    };

    await call("POST", "/api/v1/teams", { name: "payments" });
    for (const name of ["goat", "kid"]) await call("POST", "/api/v1/projects", { name });
    await call("PATCH", "/api/v1/projects/goat", { team: "payments" });
    const channel = await call("POST", "/api/v1/notification-channels", {
      name: "payments-hook",
      kind: "webhook",
      config: { url: receiver.url },
    });
    expect(channel.status).toBe(201);
    secret = channel.body.secret;
    // A rule naming an unknown team is refused; the real one covers the team's projects.
    expect(
      (
        await call("POST", "/api/v1/notification-rules", {
          name: "x",
          channelId: channel.body.id,
          team: "nobody",
          events: ["finding.new"],
        })
      ).status,
    ).toBe(422);
    const rule = await call("POST", "/api/v1/notification-rules", {
      name: "payments-high",
      channelId: channel.body.id,
      team: "payments",
      events: ["finding.new", "policy.violation"],
      minSeverity: "high",
    });
    expect(rule).toMatchObject({ status: 201, body: { team: "payments", minSeverity: "high" } });

    jobs.work(
      builtInJobHandlers({ db, now: () => new Date(), notifications: { http: channelHttpClient() } }),
    );
    const push = async (project: string, fixture: string, commit: string) => {
      const response = await app.inject({
        method: "POST",
        url: `/api/v1/projects/${project}/snapshots`,
        headers: admin.headers,
        payload: { files: lockfileUpload(fixture), git: { branch: "main", commit } },
      });
      expect(response.statusCode).toBe(201);
      return response.json();
    };
    const goat = await push("goat", "npm/nodegoat-v1", "4b7437f");
    const done = await waitForJob(jobs, `notify-push-${goat.snapshot.id}`, (job) => job.status === "done");

    // One message per problem at or above high (all first seen in this push), and one for the
    // verdict; the medium and low ones stay quiet.
    const findings = goat.findings as { id: string; severity: { level: string } }[];
    const serious = new Set(
      findings
        .filter((finding) => ["critical", "high"].includes(finding.severity.level))
        .map((finding) => finding.id),
    );
    expect(serious.size).toBeLessThan(new Set(findings.map((finding) => finding.id)).size);
    expect(serious.size).toBeGreaterThan(0);
    const bodies = receiver.received.map((request) => JSON.parse(request.body));
    expect(receiver.received.every((request) => request.verified === true && request.status === 200)).toBe(
      true,
    );
    const findingMessages = bodies.filter((body) => body.event === "finding.new");
    expect(findingMessages).toHaveLength(serious.size);
    expect(bodies.filter((body) => body.event === "policy.violation")).toHaveLength(1);
    expect(done.result).toEqual({ channels: 1, delivered: serious.size + 1, failed: 0, skipped: 0 });

    // A project outside the team: nothing queued, nothing sent.
    const kid = await push("kid", "npm/nodegoat-v1", "4b7437f");
    expect(await jobs.get(`notify-push-${kid.snapshot.id}`)).toBeUndefined();

    // The same job again (a retry after a crash) delivers nothing twice.
    const again = await dispatchHandler({ db, now: () => new Date(), http: channelHttpClient() })({
      id: done.id,
      payload: done.payload,
      attempt: 2,
      signal: new AbortController().signal,
      progress: async () => {},
    });
    expect(again).toEqual({ channels: 1, delivered: 0, failed: 0, skipped: serious.size + 1 });
    expect(receiver.received).toHaveLength(serious.size + 1);
    const deliveries = await db.selectFrom("notification_deliveries").select("status").execute();
    expect(deliveries.map((row) => row.status)).toEqual(Array(serious.size + 1).fill("delivered"));

    expect((await call("GET", "/api/v1/notification-rules")).body.items).toHaveLength(1);
    expect((await call("DELETE", `/api/v1/notification-rules/${rule.body.id}`)).status).toBe(204);
  }, 60_000);
});
