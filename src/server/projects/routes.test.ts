import type { InjectOptions, LightMyRequestResponse } from "fastify";
import { afterEach, describe, expect, it } from "vitest";
import { buildApp } from "../app.js";
import { verifyAuditLog } from "../audit/verify.js";
import { migrate } from "../db/migrations.js";
import { sharedAdvisories } from "../test-support/advisories.js";
import { createTestPrincipal } from "../test-support/principals.js";
import { lockfileUpload } from "../test-support/snapshot-fixtures.js";
import { pgliteStore, postgresStore, storeTracker } from "../test-support/stores.js";

type Inject = (options: InjectOptions) => Promise<LightMyRequestResponse>;

describe.each([pgliteStore, postgresStore])("the project routes on $name", (store) => {
  const stores = storeTracker(store);
  afterEach(() => stores.cleanUp());

  /** The app and an admin's token; requests without other headers are the admin's. */
  async function started() {
    const db = await (await stores.fresh()).open();
    await migrate(db);
    const { app } = await buildApp({
      db,
      advisories: sharedAdvisories(),
      now: () => new Date("2026-12-07T10:00:00Z"),
    });
    const admin = await createTestPrincipal(db, { role: "admin", email: "ada@example.com" });
    const inject = (options: InjectOptions) =>
      app.inject({ ...options, headers: { ...admin.headers, ...(options.headers as object) } });
    return { db, app, admin, inject };
  }

  async function create(inject: Inject, name: string) {
    return inject({ method: "POST", url: "/api/v1/projects", payload: { name } });
  }

  it("creates a project, answers 409 for the same name again, and audits the creation", async () => {
    const { app, db, admin, inject } = await started();
    const created = await create(inject, "acme/web");
    expect(created.statusCode).toBe(201);
    expect(created.headers.location).toBe("/api/v1/projects/acme%2Fweb");
    expect(created.json()).toMatchObject({
      name: "acme/web",
      defaultBranch: "main",
      createdAt: "2026-12-07T10:00:00.000Z",
    });

    const again = await create(inject, "acme/web");
    expect(again.statusCode).toBe(409);
    expect(again.headers["content-type"]).toContain("application/problem+json");

    const fetched = await inject({ method: "GET", url: "/api/v1/projects/acme%2Fweb" });
    expect(fetched.json()).toEqual(created.json());

    const entries = await db
      .selectFrom("audit_log")
      .selectAll()
      .where("subject_type", "=", "project")
      .execute();
    expect(entries.map((e) => [e.actor, e.action, e.subject_id])).toEqual([
      [admin.principal.actor, "project.create", created.json().id],
    ]);
    expect(await verifyAuditLog(db)).toMatchObject({ ok: true, entries: 2 });
    await app.close();
  });

  it("refuses names that are not names, with the reason, and stores nothing", async () => {
    const { app, db, inject } = await started();
    for (const name of ["", "-web", "web/", "a b", "x".repeat(201), "web\u0000", "../etc"]) {
      const response = await create(inject, name);
      expect(response.statusCode, name).toBe(400);
      expect(response.json().detail).toMatch(/name/);
    }
    const extra = await inject({
      method: "POST",
      url: "/api/v1/projects",
      payload: { name: "ok", admin: true },
    });
    expect(extra.statusCode).toBe(400);
    expect(await db.selectFrom("projects").select("id").execute()).toEqual([]);
    expect(
      await db.selectFrom("audit_log").select("seq").where("subject_type", "=", "project").execute(),
    ).toEqual([]);
    await app.close();
  });

  it("lists projects by name a page at a time, filters by a literal search, and rejects a forged cursor", async () => {
    const { app, inject } = await started();
    for (const name of ["delta", "alpha", "echo", "charlie", "bravo", "a_b", "axb"])
      await create(inject, name);
    const names: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const url: string = `/api/v1/projects?limit=2${cursor ? `&cursor=${cursor}` : ""}`;
      const body = (await inject({ method: "GET", url })).json();
      names.push(...body.items.map((item: { name: string }) => item.name));
      cursor = body.nextCursor;
      pages += 1;
    } while (cursor);
    expect(names).toEqual(["a_b", "alpha", "axb", "bravo", "charlie", "delta", "echo"]);
    expect(pages).toBe(4);

    const search = (await inject({ method: "GET", url: "/api/v1/projects?q=_" })).json();
    expect(search.items.map((item: { name: string }) => item.name)).toEqual(["a_b"]);

    const forged = await inject({ method: "GET", url: "/api/v1/projects?cursor=bm90IGpzb24" });
    expect(forged.statusCode).toBe(400);
    expect(forged.json().detail).toMatch(/cursor/);
    await app.close();
  });

  it("shows a scoped token its projects only, and other projects as missing", async () => {
    const { app, db, inject } = await started();
    const own = (await create(inject, "own")).json();
    await create(inject, "other");
    const viewer = await createTestPrincipal(db, { role: "viewer", projectIds: [own.id] });
    const as = (headers: Record<string, string>, url: string, method: "GET" | "PATCH" = "GET") =>
      app.inject({
        method,
        url,
        headers,
        ...(method === "PATCH" ? { payload: { defaultBranch: "trunk" } } : {}),
      });

    const list = await as(viewer.headers, "/api/v1/projects");
    expect(list.json().items.map((item: { name: string }) => item.name)).toEqual(["own"]);
    // Another project and no project at all look the same from outside the scope.
    const other = await as(viewer.headers, "/api/v1/projects/other");
    const missing = await as(viewer.headers, "/api/v1/projects/nope");
    expect([other.statusCode, other.json().detail]).toEqual([404, 'no project named "other"']);
    expect([missing.statusCode, missing.json().detail]).toEqual([404, 'no project named "nope"']);
    // A viewer reads its project but changes nothing.
    expect((await as(viewer.headers, "/api/v1/projects/own")).statusCode).toBe(200);
    expect((await as(viewer.headers, "/api/v1/projects/own", "PATCH")).statusCode).toBe(403);
    expect((await as({}, "/api/v1/projects")).statusCode).toBe(401);
    await app.close();
  });

  it("changes the default branch and records before and after", async () => {
    const { app, db, inject } = await started();
    await create(inject, "web");
    const changed = await inject({
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

  it("changes the policy a member at a time, shows it with its defaults, and refuses unknown values", async () => {
    const { app, inject } = await started();
    const created = (await create(inject, "web")).json();
    expect(created.policy).toEqual({
      failOn: "high",
      unknownSeverity: "fail",
      licenses: { deny: [], review: [], allow: [] },
    });
    const patch = (payload: object) => inject({ method: "PATCH", url: "/api/v1/projects/web", payload });
    expect((await patch({ policy: { licenses: { deny: ["GPL-3.0-only"] } } })).json().policy).toEqual({
      failOn: "high",
      unknownSeverity: "fail",
      licenses: { deny: ["GPL-3.0-only"], review: [], allow: [] },
    });
    expect((await patch({ policy: { failOn: "critical" } })).json().policy).toMatchObject({
      failOn: "critical",
      licenses: { deny: ["GPL-3.0-only"] },
    });
    for (const policy of [{ failOn: "severe" }, { licences: {} }, { licenses: { deny: "MIT" } }]) {
      expect((await patch({ policy })).statusCode, JSON.stringify(policy)).toBe(400);
    }
    expect((await inject({ method: "GET", url: "/api/v1/projects/web" })).json().policy.failOn).toBe(
      "critical",
    );
    await app.close();
  });

  it("lists each project with the snapshot standing for it: its default branch's newest, else any branch's", async () => {
    const { app, inject } = await started();
    for (const name of ["a-none", "b-both", "c-feature"])
      expect((await create(inject, name)).statusCode).toBe(201);
    const push = async (project: string, branch: string, commit: string) => {
      const response = await inject({
        method: "POST",
        url: `/api/v1/projects/${project}/snapshots`,
        payload: { files: lockfileUpload("npm/nodegoat-v2"), git: { branch, commit } },
      });
      expect(response.statusCode).toBe(201);
      return (response.json() as { snapshot: { id: string } }).snapshot;
    };
    const main = await push("b-both", "main", "1111111");
    await push("b-both", "feature", "2222222");
    const feature = await push("c-feature", "feature", "3333333");
    const first = (await inject({ method: "GET", url: "/api/v1/projects?limit=2" })).json();
    expect(first.items.map((p: { name: string }) => p.name)).toEqual(["a-none", "b-both"]);
    expect(first.items[0].latestSnapshot).toBeNull();
    expect(first.items[1].latestSnapshot).toMatchObject({
      id: main.id,
      branch: "main",
      verdict: expect.any(String),
      components: expect.any(Number),
      findings: expect.any(Number),
      bySeverity: expect.any(Object),
    });
    expect(first.items[1].latestSnapshot.findings).toBeGreaterThan(0);
    const second = (
      await inject({ method: "GET", url: `/api/v1/projects?limit=2&cursor=${first.nextCursor}` })
    ).json();
    expect(second.items.map((p: { name: string }) => p.name)).toEqual(["c-feature"]);
    expect(second.items[0].latestSnapshot).toMatchObject({ id: feature.id, branch: "feature" });
    await app.close();
  }, 60_000);
});
