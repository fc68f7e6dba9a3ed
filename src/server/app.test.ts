import { Writable } from "node:stream";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { buildApp } from "./app.js";
import { migrate } from "./db/migrations.js";
import { PROBLEM_CONTENT_TYPE } from "./problem.js";
import { shippedAdvisories } from "./test-support/advisories.js";
import { pgliteStore, postgresStore, storeTracker } from "./test-support/stores.js";

const advisories = shippedAdvisories();
afterAll(() => advisories.close());

describe.each([pgliteStore, postgresStore])("the server app on $name", (store) => {
  const stores = storeTracker(store);
  afterEach(() => stores.cleanUp());

  async function started() {
    const db = await (await stores.fresh()).open();
    await migrate(db);
    const errors: unknown[] = [];
    const server = await buildApp({ db, advisories, onError: (error) => errors.push(error) });
    return { db, errors, ...server };
  }

  it("is alive, ready while the database answers, and not ready while draining", async () => {
    const { app, beginDraining } = await started();
    const health = await app.inject({ method: "GET", url: "/healthz" });
    expect({ status: health.statusCode, body: health.json() }).toEqual({
      status: 200,
      body: { status: "ok" },
    });
    const ready = await app.inject({ method: "GET", url: "/readyz" });
    expect({ status: ready.statusCode, body: ready.json() }).toEqual({
      status: 200,
      body: { status: "ready" },
    });
    beginDraining();
    const draining = await app.inject({ method: "GET", url: "/readyz" });
    expect({ status: draining.statusCode, body: draining.json() }).toEqual({
      status: 503,
      body: { status: "draining" },
    });
    expect(draining.headers.connection).toBe("close");
    // Liveness stays: a draining instance must not be restarted halfway through its requests.
    expect((await app.inject({ method: "GET", url: "/healthz" })).statusCode).toBe(200);
    await app.close();
  });

  it("is not ready once its database is gone, and still alive", async () => {
    const { app, db } = await started();
    await db.destroy();
    const ready = await app.inject({ method: "GET", url: "/readyz" });
    expect(ready.statusCode).toBe(503);
    expect(ready.json()).toMatchObject({ status: "unavailable" });
    expect((await app.inject({ method: "GET", url: "/healthz" })).statusCode).toBe(200);
    await app.close();
  });

  it("answers unknown routes, malformed bodies and failures with RFC 9457 problem details", async () => {
    const { app, errors } = await started();
    app.get("/boom", async () => {
      throw new Error("secret internals");
    });
    app.post("/echo", async (request) => request.body);

    const missing = await app.inject({ method: "GET", url: "/nowhere?x=1" });
    expect(missing.statusCode).toBe(404);
    expect(missing.headers["content-type"]).toContain(PROBLEM_CONTENT_TYPE);
    expect(missing.json()).toEqual({
      type: "about:blank",
      title: "Not Found",
      status: 404,
      detail: "no route for GET /nowhere",
    });

    const malformed = await app.inject({
      method: "POST",
      url: "/echo",
      headers: { "content-type": "application/json" },
      payload: "{not json",
    });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.headers["content-type"]).toContain(PROBLEM_CONTENT_TYPE);
    expect(malformed.json()).toMatchObject({ type: "about:blank", title: "Bad Request", status: 400 });

    const failed = await app.inject({ method: "GET", url: "/boom" });
    expect(failed.statusCode).toBe(500);
    expect(failed.headers["content-type"]).toContain(PROBLEM_CONTENT_TYPE);
    expect(failed.json()).toEqual({ type: "about:blank", title: "Internal Server Error", status: 500 });
    expect(failed.body).not.toContain("secret internals");
    expect(errors).toEqual([new Error("secret internals")]);
    await app.close();
  });

  it("counts requests by route template for Prometheus", async () => {
    const { app } = await started();
    for (const url of ["/healthz", "/healthz", "/api/v1/projects/a", "/api/v1/projects/b", "/random/path"]) {
      await app.inject({ method: "GET", url });
    }
    const metrics = await app.inject({ method: "GET", url: "/metrics" });
    expect(metrics.headers["content-type"]).toBe("text/plain; version=0.0.4; charset=utf-8");
    const lines = metrics.body.split("\n");
    expect(lines).toContain('lockkeeper_http_requests_total{method="GET",route="/healthz",status="200"} 2');
    // Both project URLs count under one template; unknown paths under one label, not one each.
    expect(lines).toContain(
      'lockkeeper_http_requests_total{method="GET",route="/api/v1/projects/:project",status="401"} 2',
    );
    expect(lines).toContain('lockkeeper_http_requests_total{method="GET",route="unmatched",status="404"} 1');
    expect(lines).toContain(
      'lockkeeper_http_request_duration_seconds_count{method="GET",route="/healthz"} 2',
    );
    expect(lines.some((line) => /^process_resident_memory_bytes \d+$/.test(line))).toBe(true);
    await app.close();
  });
});

describe("the server's request logs", () => {
  it("are JSON lines without credentials", async () => {
    const db = await (await pgliteStore.fresh()).open();
    try {
      const lines: string[] = [];
      const stream = new Writable({
        write(chunk, _encoding, done) {
          lines.push(...String(chunk).trim().split("\n"));
          done();
        },
      });
      const { app } = await buildApp({ db, advisories, log: { level: "trace", stream } });
      app.post("/echo", async (request) => {
        request.log.info({ body: request.body }, "echo");
        return {};
      });
      await app.inject({
        method: "POST",
        url: "/echo",
        headers: {
          authorization: "Bearer lkt_SECRET1",
          cookie: "lk_session=SECRET2",
          "x-csrf-token": "SECRET3",
        },
        payload: { password: "SECRET4", token: "SECRET5", name: "kept" },
      });
      await app.close();
      const records = lines.map((line) => JSON.parse(line));
      expect(records.some((record) => record.msg === "incoming request")).toBe(true);
      expect(records.find((record) => record.msg === "echo").body).toEqual({
        password: "[redacted]",
        token: "[redacted]",
        name: "kept",
      });
      expect(lines.join("\n")).not.toMatch(/SECRET/);
    } finally {
      await db.destroy();
    }
  });
});
