import { afterEach, describe, expect, it } from "vitest";
import { expectAuditLogClean, startedApp } from "../test-support/auth-app.js";
import { createTestPrincipal, signIn } from "../test-support/principals.js";
import { pgliteStore, postgresStore, storeTracker } from "../test-support/stores.js";

const USERS = "/api/v1/users";

describe.each([pgliteStore, postgresStore])("users on $name", (store) => {
  const stores = storeTracker(store);
  afterEach(() => stores.cleanUp());
  const started = () => startedApp(() => stores.fresh());

  it("are created by admins, with a password or a one-time setup link", async () => {
    const { app, db, clock } = await started();
    const admin = await signIn(app, db, { role: "admin" });
    const create = (payload: object, headers: Record<string, string> = admin.headers) =>
      app.inject({ method: "POST", url: USERS, headers, payload });

    const withPassword = await create({
      email: "Ada@Example.com",
      role: "maintainer",
      password: "a long enough password",
    });
    expect(withPassword.statusCode).toBe(201);
    expect(withPassword.json()).toEqual({
      user: {
        id: expect.any(String),
        email: "ada@example.com",
        role: "maintainer",
        disabled: false,
        hasPassword: true,
        createdAt: clock.now().toISOString(),
        lastLoginAt: null,
      },
    });
    const login = (email: string, password: string) =>
      app.inject({ method: "POST", url: "/api/v1/auth/login", payload: { email, password } });
    expect((await login("ada@example.com", "a long enough password")).statusCode).toBe(200);
    expect((await create({ email: "ADA@example.com", role: "viewer" })).statusCode).toBe(409);
    expect((await create({ email: "x@example.com", role: "viewer", password: "short" })).statusCode).toBe(
      400,
    );
    expect((await create({ email: "not an email", role: "viewer" })).statusCode).toBe(400);
    expect((await create({ email: "x@example.com", role: "owner" })).statusCode).toBe(400);

    const invited = await create({ email: "bob@example.com", role: "viewer" });
    expect(invited.statusCode).toBe(201);
    const { user: bob, setupToken, setupPath } = invited.json();
    expect(bob.hasPassword).toBe(false);
    expect(setupPath).toBe(`/setup#${setupToken}`);
    // No password yet: no sign-in, and the same answer as a wrong password.
    expect((await login("bob@example.com", "anything at all")).statusCode).toBe(401);

    const setup = (payload: object) => app.inject({ method: "POST", url: "/api/v1/auth/setup", payload });
    expect((await setup({ token: setupToken, password: "too short" })).statusCode).toBe(400);
    const done = await setup({ token: setupToken, password: "bob's own passphrase" });
    expect(done.statusCode).toBe(200);
    expect(done.json().user).toMatchObject({ id: bob.id, hasPassword: true });
    expect((await login("bob@example.com", "bob's own passphrase")).statusCode).toBe(200);
    expect((await setup({ token: setupToken, password: "a second passphrase" })).statusCode).toBe(404);

    const viewer = await createTestPrincipal(db, { role: "viewer" });
    expect((await create({ email: "eve@example.com", role: "admin" }, viewer.headers)).statusCode).toBe(403);
    expect((await create({ email: "eve@example.com", role: "admin" }, {})).statusCode).toBe(401);

    const actions = await db
      .selectFrom("audit_log")
      .select(["actor", "action"])
      .where("action", "like", "user.%")
      .orderBy("seq")
      .execute();
    expect(actions).toEqual([
      { actor: admin.email, action: "user.create" },
      { actor: admin.email, action: "user.create" },
      { actor: "bob@example.com", action: "user.setup" },
    ]);
    await expectAuditLogClean(db, [
      "a long enough password",
      "bob's own passphrase",
      setupToken,
      admin.password,
      admin.csrfToken,
      viewer.authorization.slice("Bearer ".length),
    ]);
  });

  it("expire their setup links after 72 hours", async () => {
    const { app, db, clock } = await started();
    const admin = await createTestPrincipal(db, { role: "admin" });
    const invited = await app.inject({
      method: "POST",
      url: USERS,
      headers: admin.headers,
      payload: { email: "c@example.com", role: "viewer" },
    });
    clock.advance(72 * 60 * 60 * 1000);
    const late = await app.inject({
      method: "POST",
      url: "/api/v1/auth/setup",
      payload: { token: invited.json().setupToken, password: "a fine passphrase" },
    });
    expect(late.statusCode).toBe(404);
  });

  it("are listed a page at a time in creation order", async () => {
    const { app, db, clock } = await started();
    const admin = await createTestPrincipal(db, {
      role: "admin",
      email: "admin@example.com",
      now: clock.now(),
    });
    for (const name of ["a", "b", "c", "d"]) {
      clock.advance(1000);
      await app.inject({
        method: "POST",
        url: USERS,
        headers: admin.headers,
        payload: { email: `${name}@example.com`, role: "viewer" },
      });
    }
    const page = async (query: string) => {
      const response = await app.inject({ method: "GET", url: `${USERS}${query}`, headers: admin.headers });
      expect(response.statusCode).toBe(200);
      const body = response.json();
      return { emails: body.items.map((user: { email: string }) => user.email), nextCursor: body.nextCursor };
    };
    const first = await page("?limit=2");
    expect(first.emails).toEqual(["admin@example.com", "a@example.com"]);
    const second = await page(`?limit=2&cursor=${first.nextCursor}`);
    expect(second.emails).toEqual(["b@example.com", "c@example.com"]);
    const last = await page(`?limit=2&cursor=${second.nextCursor}`);
    expect(last).toEqual({ emails: ["d@example.com"], nextCursor: null });
    expect((await page("")).emails).toHaveLength(5);
    for (const query of ["?limit=0", "?limit=501", "?cursor=nope", "?page=2"]) {
      expect(
        (await app.inject({ method: "GET", url: `${USERS}${query}`, headers: admin.headers })).statusCode,
      ).toBe(400);
    }
  });

  it("change role and disabled state, never leaving no enabled admin, and disabling ends sessions", async () => {
    const { app, db } = await started();
    const first = await signIn(app, db, { role: "admin" });
    const patch = (id: string, payload: object, headers: Record<string, string> = first.headers) =>
      app.inject({ method: "PATCH", url: `${USERS}/${id}`, headers, payload });

    const demoteSelf = await patch(first.userId, { role: "maintainer" });
    expect(demoteSelf.statusCode).toBe(409);
    expect(demoteSelf.json().detail).toContain("last enabled admin");
    expect((await patch(first.userId, { disabled: true })).statusCode).toBe(409);

    const second = await signIn(app, db, { role: "viewer" });
    const promoted = await patch(second.userId, { role: "admin" });
    expect(promoted.statusCode).toBe(200);
    expect(promoted.json().user).toMatchObject({ id: second.userId, role: "admin", disabled: false });
    const disabled = await patch(second.userId, { disabled: true });
    expect(disabled.json().user).toMatchObject({ role: "admin", disabled: true });
    // A disabled admin does not count: the first is still the last enabled one.
    expect((await patch(first.userId, { role: "viewer" })).statusCode).toBe(409);
    const me = await app.inject({
      method: "GET",
      url: "/api/v1/auth/me",
      headers: { cookie: second.cookie },
    });
    expect(me.statusCode).toBe(401);
    expect(
      await db.selectFrom("sessions").select("id").where("user_id", "=", second.userId).execute(),
    ).toEqual([]);

    expect((await patch(second.userId, { disabled: false })).statusCode).toBe(200);
    expect((await patch(first.userId, { role: "viewer" })).statusCode).toBe(200);
    expect(
      (await patch("0190a7e2-0000-7000-8000-000000000000", { role: "viewer" }, { authorization: "" }))
        .statusCode,
    ).toBe(401);
    expect((await patch(second.userId, {})).statusCode).toBe(400);

    const updates = await db
      .selectFrom("audit_log")
      .select(["before", "after"])
      .where("action", "=", "user.update")
      .orderBy("seq")
      .execute();
    expect(updates[0]).toMatchObject({ before: { role: "viewer" }, after: { role: "admin" } });
    expect(updates).toHaveLength(4);
    await expectAuditLogClean(db, [first.password, second.password, first.csrfToken]);
  });
});
