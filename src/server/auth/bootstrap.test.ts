import { afterEach, describe, expect, it } from "vitest";
import { buildApp } from "../app.js";
import { migrate } from "../db/migrations.js";
import { sharedAdvisories } from "../test-support/advisories.js";
import { expectAuditLogClean } from "../test-support/auth-app.js";
import { pgliteStore, postgresStore, storeTracker } from "../test-support/stores.js";
import { ensureFirstAdmin } from "./bootstrap.js";

const NOW = new Date("2026-03-02T09:00:00.000Z");
const ADMIN = { email: "Root@Example.com", password: "the first admin's passphrase" };

describe.each([pgliteStore, postgresStore])("the first admin on $name", (store) => {
  const stores = storeTracker(store);
  afterEach(() => stores.cleanUp());

  async function migrated() {
    const db = await (await stores.fresh()).open();
    await migrate(db);
    return db;
  }

  it("is created from the configuration on an empty store, once", async () => {
    const db = await migrated();
    expect(await ensureFirstAdmin(db, ADMIN, NOW)).toEqual({ kind: "created", email: "root@example.com" });
    expect(await ensureFirstAdmin(db, ADMIN, NOW)).toEqual({ kind: "exists" });
    expect(await ensureFirstAdmin(db, undefined, NOW)).toEqual({ kind: "exists" });
    const users = await db.selectFrom("users").select(["email", "role"]).execute();
    expect(users).toEqual([{ email: "root@example.com", role: "admin" }]);
    const { app } = await buildApp({ db, advisories: sharedAdvisories(), now: () => NOW });
    const login = await app.inject({
      method: "POST",
      url: "/api/v1/auth/login",
      payload: { email: ADMIN.email, password: ADMIN.password },
    });
    expect(login.json().user).toMatchObject({ email: "root@example.com", role: "admin" });
    const entries = await db.selectFrom("audit_log").select(["actor", "action"]).orderBy("seq").execute();
    expect(entries[0]).toEqual({ actor: "system", action: "user.create" });
    await expectAuditLogClean(db, [ADMIN.password]);
    await app.close();
  });

  it("without configuration, is created through a one-time setup link that names the email", async () => {
    const db = await migrated();
    const result = await ensureFirstAdmin(db, undefined, NOW);
    expect(result).toEqual({ kind: "setup", path: expect.stringMatching(/^\/setup#[\w-]{43}$/) });
    // Another start before the setup prints another link; either works, once.
    const again = await ensureFirstAdmin(db, undefined, NOW);
    expect(again.kind).toBe("setup");
    const token = (result as { path: string }).path.slice("/setup#".length);
    const otherToken = (again as { path: string }).path.slice("/setup#".length);

    const { app } = await buildApp({ db, advisories: sharedAdvisories(), now: () => NOW });
    const setup = (payload: object) => app.inject({ method: "POST", url: "/api/v1/auth/setup", payload });
    expect((await setup({ token, password: "a good passphrase" })).statusCode).toBe(400);
    const done = await setup({ token, password: "a good passphrase", email: "First@Example.com" });
    expect(done.statusCode).toBe(200);
    expect(done.json().user).toMatchObject({ email: "first@example.com", role: "admin", hasPassword: true });
    expect((await setup({ token, password: "a good passphrase", email: "x@example.com" })).statusCode).toBe(
      404,
    );
    expect(
      (await setup({ token: otherToken, password: "a good passphrase", email: "x@example.com" })).statusCode,
    ).toBe(404);
    expect(await ensureFirstAdmin(db, undefined, NOW)).toEqual({ kind: "exists" });

    const entries = await db.selectFrom("audit_log").select(["actor", "action"]).orderBy("seq").execute();
    expect(entries).toEqual([
      { actor: "system", action: "setup_link.create" },
      { actor: "system", action: "setup_link.create" },
      { actor: "first@example.com", action: "user.setup" },
    ]);
    await expectAuditLogClean(db, [token, otherToken, "a good passphrase"]);
    await app.close();
  });

  it.runIf(store.shared)("creates one admin when two instances start at once", async () => {
    const fresh = await stores.fresh();
    const first = await fresh.open();
    await migrate(first);
    const second = await fresh.open();
    const results = await Promise.all([
      ensureFirstAdmin(first, ADMIN, NOW),
      ensureFirstAdmin(second, { email: "other@example.com", password: ADMIN.password }, NOW),
    ]);
    expect(results.map((result) => result.kind).sort()).toEqual(["created", "exists"]);
    expect(await first.selectFrom("users").select("role").execute()).toEqual([{ role: "admin" }]);
    await expectAuditLogClean(first, [ADMIN.password]);
  });
});
