import type { FastifyInstance } from "fastify";
import { afterEach, describe, expect, it } from "vitest";
import { buildApp } from "../app.js";
import { verifyAuditLog } from "../audit/verify.js";
import type { Principal } from "../auth/principal.js";
import { migrate } from "../db/migrations.js";
import { pgliteStore, postgresStore, storeTracker } from "../test-support/stores.js";

const ADMIN: Principal = {
  kind: "user",
  id: "00000000-0000-7000-8000-000000000001",
  actor: "ada@example.com",
  role: "admin",
  projectIds: null,
  userId: "00000000-0000-7000-8000-000000000001",
};

describe.each([pgliteStore, postgresStore])("the project routes on $name", (store) => {
  const stores = storeTracker(store);
  afterEach(() => stores.cleanUp());

  /** The app, with each request made as `principalOf(request)` (the `x-test-as` header picks one). */
  async function started(principals: Record<string, Principal> = {}) {
    const db = await (await stores.fresh()).open();
    await migrate(db);
    const { app } = await buildApp({ db, now: () => new Date("2026-12-07T10:00:00Z") });
    app.addHook("onRequest", async (request) => {
      const as = request.headers["x-test-as"];
      request.principal = typeof as === "string" ? principals[as] : ADMIN;
    });
    return { db, app };
  }

  async function create(app: FastifyInstance, name: string, headers: Record<string, string> = {}) {
    return app.inject({ method: "POST", url: "/api/v1/projects", payload: { name }, headers });
  }

  it("creates a project, answers 409 for the same name again, and audits the creation", async () => {
    const { app, db } = await started();
    const created = await create(app, "acme/web");
    expect(created.statusCode).toBe(201);
    expect(created.headers.location).toBe("/api/v1/projects/acme%2Fweb");
    expect(created.json()).toMatchObject({
      name: "acme/web",
      defaultBranch: "main",
      createdAt: "2026-12-07T10:00:00.000Z",
    });

    const again = await create(app, "acme/web");
    expect(again.statusCode).toBe(409);
    expect(again.headers["content-type"]).toContain("application/problem+json");

    const fetched = await app.inject({ method: "GET", url: "/api/v1/projects/acme%2Fweb" });
    expect(fetched.json()).toEqual(created.json());

    const entries = await db.selectFrom("audit_log").selectAll().execute();
    expect(entries.map((e) => [e.actor, e.action, e.subject_id])).toEqual([
      ["ada@example.com", "project.create", created.json().id],
    ]);
    expect(await verifyAuditLog(db)).toMatchObject({ ok: true, entries: 1 });
    await app.close();
  });

  it("refuses names that are not names, with the reason, and stores nothing", async () => {
    const { app, db } = await started();
    for (const name of ["", "-web", "web/", "a b", "x".repeat(201), "web\u0000", "../etc"]) {
      const response = await create(app, name);
      expect(response.statusCode, name).toBe(400);
      expect(response.json().detail).toMatch(/name/);
    }
    const extra = await app.inject({
      method: "POST",
      url: "/api/v1/projects",
      payload: { name: "ok", admin: true },
    });
    expect(extra.statusCode).toBe(400);
    expect(await db.selectFrom("projects").select("id").execute()).toEqual([]);
    expect(await db.selectFrom("audit_log").select("seq").execute()).toEqual([]);
    await app.close();
  });

  it("lists projects by name a page at a time, filters by a literal search, and rejects a forged cursor", async () => {
    const { app } = await started();
    for (const name of ["delta", "alpha", "echo", "charlie", "bravo", "a_b", "axb"]) await create(app, name);
    const names: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const url: string = `/api/v1/projects?limit=2${cursor ? `&cursor=${cursor}` : ""}`;
      const body = (await app.inject({ method: "GET", url })).json();
      names.push(...body.items.map((item: { name: string }) => item.name));
      cursor = body.nextCursor;
      pages += 1;
    } while (cursor);
    expect(names).toEqual(["a_b", "alpha", "axb", "bravo", "charlie", "delta", "echo"]);
    expect(pages).toBe(4);

    const search = (await app.inject({ method: "GET", url: "/api/v1/projects?q=_" })).json();
    expect(search.items.map((item: { name: string }) => item.name)).toEqual(["a_b"]);

    const forged = await app.inject({ method: "GET", url: "/api/v1/projects?cursor=bm90IGpzb24" });
    expect(forged.statusCode).toBe(400);
    expect(forged.json().detail).toMatch(/cursor/);
    await app.close();
  });

  it("shows a scoped principal its projects only, and other projects as missing", async () => {
    const scoped: Principal = {
      ...ADMIN,
      kind: "token",
      role: "viewer",
      actor: "token:reader",
      projectIds: [],
    };
    const { app } = await started({ scoped });
    scoped.projectIds = [(await create(app, "own")).json().id];
    await create(app, "other");
    const as = (who: string, url: string, method: "GET" | "PATCH" = "GET") =>
      app.inject({
        method,
        url,
        headers: { "x-test-as": who },
        ...(method === "PATCH" ? { payload: { defaultBranch: "trunk" } } : {}),
      });

    const list = await as("scoped", "/api/v1/projects");
    expect(list.json().items.map((item: { name: string }) => item.name)).toEqual(["own"]);
    // Another project and no project at all look the same from outside the scope.
    const other = await as("scoped", "/api/v1/projects/other");
    const missing = await as("scoped", "/api/v1/projects/nope");
    expect([other.statusCode, other.json().detail]).toEqual([404, 'no project named "other"']);
    expect([missing.statusCode, missing.json().detail]).toEqual([404, 'no project named "nope"']);
    // A viewer reads its project but changes nothing.
    expect((await as("scoped", "/api/v1/projects/own")).statusCode).toBe(200);
    expect((await as("scoped", "/api/v1/projects/own", "PATCH")).statusCode).toBe(403);
    expect((await as("nobody", "/api/v1/projects")).statusCode).toBe(401);
    await app.close();
  });

  it("changes the default branch and records before and after", async () => {
    const { app, db } = await started();
    await create(app, "web");
    const changed = await app.inject({
      method: "PATCH",
      url: "/api/v1/projects/web",
      payload: { defaultBranch: "trunk" },
    });
    expect(changed.json()).toMatchObject({ name: "web", defaultBranch: "trunk" });
    const entry = await db
      .selectFrom("audit_log")
      .selectAll()
      .where("action", "=", "project.update")
      .executeTakeFirstOrThrow();
    expect([entry.before, entry.after]).toMatchObject([
      { defaultBranch: "main" },
      { defaultBranch: "trunk" },
    ]);
    await app.close();
  });
});
