import { afterEach, describe, expect, it } from "vitest";
import { PROBLEM_CONTENT_TYPE } from "../problem.js";
import { expectAuditLogClean, startedApp } from "../test-support/auth-app.js";
import { signIn } from "../test-support/principals.js";
import { pgliteStore, postgresStore, storeTracker } from "../test-support/stores.js";
import { sha256Hex } from "./secrets.js";

const LOGIN = "/api/v1/auth/login";

describe.each([pgliteStore, postgresStore])("login and sessions on $name", (store) => {
  const stores = storeTracker(store);
  afterEach(() => stores.cleanUp());
  const started = () => startedApp(() => stores.fresh());

  it("signs in with a session cookie, whose hash alone is stored, and answers the same to a wrong password and an unknown user", async () => {
    const { app, db } = await started();
    const ada = await signIn(app, db, { role: "maintainer", email: "ada@example.com" });

    const ok = await app.inject({
      method: "POST",
      url: LOGIN,
      payload: { email: "ADA@example.com", password: ada.password },
    });
    expect(ok.statusCode).toBe(200);
    const body = ok.json();
    expect(body).toEqual({
      user: { id: ada.userId, email: "ada@example.com", role: "maintainer" },
      csrfToken: expect.stringMatching(/^[\w-]{43}$/),
    });
    const cookie = String(ok.headers["set-cookie"]);
    expect(cookie).toMatch(
      /^lk_session=[\w-]{43}; HttpOnly; Secure; SameSite=Strict; Path=\/; Max-Age=604800$/,
    );
    const secret = (/^lk_session=([\w-]+)/.exec(cookie) as RegExpExecArray)[1] as string;
    const sessions = await db.selectFrom("sessions").select("id").execute();
    expect(sessions.map((row) => row.id)).toContain(sha256Hex(secret));
    expect(JSON.stringify(sessions)).not.toContain(secret);

    const wrong = await app.inject({
      method: "POST",
      url: LOGIN,
      payload: { email: "ada@example.com", password: "not her password" },
    });
    const unknown = await app.inject({
      method: "POST",
      url: LOGIN,
      payload: { email: "nobody@example.com", password: "not her password" },
    });
    for (const response of [wrong, unknown]) {
      expect(response.statusCode).toBe(401);
      expect(response.headers["content-type"]).toContain(PROBLEM_CONTENT_TYPE);
      expect(response.headers["set-cookie"]).toBeUndefined();
    }
    expect(wrong.json()).toEqual(unknown.json());

    const actions = await db.selectFrom("audit_log").select(["actor", "action"]).orderBy("seq").execute();
    expect(actions).toEqual([
      { actor: "ada@example.com", action: "auth.login" },
      { actor: "ada@example.com", action: "auth.login" },
      { actor: "ada@example.com", action: "auth.login_failed" },
      { actor: "nobody@example.com", action: "auth.login_failed" },
    ]);
    await expectAuditLogClean(db, [ada.password, "not her password", secret, ada.cookie, body.csrfToken]);
  });

  it("knows the signed-in user, requires the CSRF token on changes, and signs out", async () => {
    const { app, db, clock } = await started();
    const ada = await signIn(app, db, { role: "admin" });

    const me = await app.inject({ method: "GET", url: "/api/v1/auth/me", headers: { cookie: ada.cookie } });
    expect(me.statusCode).toBe(200);
    expect(me.json()).toEqual({
      principal: {
        kind: "user",
        id: ada.userId,
        actor: ada.email,
        role: "admin",
        projectIds: null,
        userId: ada.userId,
      },
      user: { id: ada.userId, email: ada.email, role: "admin" },
      csrfToken: ada.csrfToken,
    });

    const create = (headers: Record<string, string>) =>
      app.inject({ method: "POST", url: "/api/v1/tokens", headers, payload: { name: "laptop" } });
    const withoutCsrf = await create({ cookie: ada.cookie });
    expect(withoutCsrf.statusCode).toBe(403);
    expect(withoutCsrf.json()).toMatchObject({
      status: 403,
      detail: expect.stringContaining("X-CSRF-Token"),
    });
    expect((await create({ cookie: ada.cookie, "x-csrf-token": "x".repeat(43) })).statusCode).toBe(403);
    expect(await db.selectFrom("api_tokens").select("id").execute()).toEqual([]);
    const withCsrf = await create(ada.headers);
    expect(withCsrf.statusCode).toBe(201);

    // A bearer request needs no CSRF token: browsers never add Authorization on their own.
    const token = withCsrf.json().token as string;
    const bearer = await app.inject({
      method: "POST",
      url: "/api/v1/users",
      headers: { authorization: `Bearer ${token}` },
      payload: { email: "bob@example.com", role: "viewer" },
    });
    expect(bearer.statusCode).toBe(201);

    // Idle for 11 hours, then active: the session lives on. 13 hours idle end it.
    clock.advance(11 * 60 * 60 * 1000);
    expect(
      (await app.inject({ method: "GET", url: "/api/v1/auth/me", headers: { cookie: ada.cookie } }))
        .statusCode,
    ).toBe(200);
    clock.advance(11 * 60 * 60 * 1000);
    expect(
      (await app.inject({ method: "GET", url: "/api/v1/auth/me", headers: { cookie: ada.cookie } }))
        .statusCode,
    ).toBe(200);

    const logout = await app.inject({ method: "POST", url: "/api/v1/auth/logout", headers: ada.headers });
    expect(logout.statusCode).toBe(204);
    expect(String(logout.headers["set-cookie"])).toMatch(/^lk_session=; .*Max-Age=0$/);
    const after = await app.inject({
      method: "GET",
      url: "/api/v1/auth/me",
      headers: { cookie: ada.cookie },
    });
    expect(after.statusCode).toBe(401);
    await expectAuditLogClean(db, [ada.password, ada.cookie, ada.csrfToken, token]);
  });

  it("ends a session after 12 hours idle and after 7 days however active", async () => {
    const { app, db, clock } = await started();
    const ada = await signIn(app, db, { role: "viewer" });
    const me = () => app.inject({ method: "GET", url: "/api/v1/auth/me", headers: { cookie: ada.cookie } });
    clock.advance(12 * 60 * 60 * 1000 + 1);
    expect((await me()).statusCode).toBe(401);

    const bob = await signIn(app, db, { role: "viewer" });
    // Signing in removed the expired session.
    expect(await db.selectFrom("sessions").select("user_id").execute()).toEqual([{ user_id: bob.userId }]);
    const bobMe = () =>
      app.inject({ method: "GET", url: "/api/v1/auth/me", headers: { cookie: bob.cookie } });
    for (let hour = 0; hour < 7 * 24 - 10; hour += 10) {
      clock.advance(10 * 60 * 60 * 1000);
      expect((await bobMe()).statusCode).toBe(200);
    }
    clock.advance(10 * 60 * 60 * 1000);
    expect((await bobMe()).statusCode).toBe(401);
  });

  it("locks an account for 15 minutes after 5 failures within 15 minutes, for existing and unknown emails alike", async () => {
    const { app, db, clock } = await started();
    const ada = await signIn(app, db, { role: "viewer" });
    const attempt = (email: string, password: string, ip: string) =>
      app.inject({ method: "POST", url: LOGIN, payload: { email, password }, remoteAddress: ip });

    clock.advance(1000);
    // Failures from different addresses count together; four spread over 12 minutes do not lock.
    for (let i = 0; i < 4; i += 1) {
      expect((await attempt(ada.email, "wrong password", `10.0.0.${i}`)).statusCode).toBe(401);
      clock.advance(3 * 60 * 1000);
    }
    expect((await attempt(ada.email, "wrong password", "10.0.0.9")).statusCode).toBe(401);
    const locked = await attempt(ada.email, ada.password, "10.0.1.1");
    expect(locked.statusCode).toBe(429);
    expect(locked.headers["retry-after"]).toBe(String(15 * 60));
    expect(locked.json()).toMatchObject({ status: 429, detail: expect.stringContaining("failed logins") });

    for (let i = 0; i < 5; i += 1) await attempt("nobody@example.com", "wrong password", "10.0.2.1");
    const lockedUnknown = await attempt("nobody@example.com", "wrong password", "10.0.2.2");
    expect(lockedUnknown.statusCode).toBe(429);
    expect(lockedUnknown.json().detail).toBe(locked.json().detail);

    // Attempts during the lock do not prolong it; at its end the right password works again.
    clock.advance(14 * 60 * 1000);
    expect((await attempt(ada.email, ada.password, "10.0.1.1")).statusCode).toBe(429);
    clock.advance(60 * 1000);
    expect((await attempt(ada.email, ada.password, "10.0.1.1")).statusCode).toBe(200);
    // The failures before the lock count no more: one new failure does not lock again.
    expect((await attempt(ada.email, "wrong password", "10.0.1.1")).statusCode).toBe(401);
    expect((await attempt(ada.email, ada.password, "10.0.1.1")).statusCode).toBe(200);

    const lockouts = await db
      .selectFrom("audit_log")
      .select(["actor", "subject_id"])
      .where("action", "=", "auth.lockout")
      .execute();
    expect(lockouts).toEqual([
      { actor: ada.email, subject_id: ada.userId },
      { actor: "nobody@example.com", subject_id: null },
    ]);
    await expectAuditLogClean(db, [ada.password, "wrong password"]);
  });

  it("counts only the failures of the last 15 minutes towards a lock-out", async () => {
    const { app, db, clock } = await started();
    const ada = await signIn(app, db, { role: "viewer" });
    const attempt = (password: string) =>
      app.inject({ method: "POST", url: LOGIN, payload: { email: ada.email, password } });
    clock.advance(1000);
    for (let i = 0; i < 4; i += 1) expect((await attempt("wrong password")).statusCode).toBe(401);
    clock.advance(15 * 60 * 1000);
    expect((await attempt("wrong password")).statusCode).toBe(401);
    expect((await attempt(ada.password)).statusCode).toBe(200);
  });

  it("allows 20 login attempts a minute from one address, whatever the emails", async () => {
    const { app, clock } = await started();
    const attempt = (index: number, ip = "192.0.2.7") =>
      app.inject({
        method: "POST",
        url: LOGIN,
        payload: { email: `user${index}@example.com`, password: "guessing away" },
        remoteAddress: ip,
      });
    for (let i = 0; i < 20; i += 1) {
      expect((await attempt(i)).statusCode).toBe(401);
      clock.advance(1000);
    }
    const limited = await attempt(20);
    expect(limited.statusCode).toBe(429);
    // The oldest of the 20 attempts was 20 seconds ago: the window frees up in 40.
    expect(limited.headers["retry-after"]).toBe("40");
    expect((await attempt(21, "192.0.2.8")).statusCode).toBe(401);
    clock.advance(40 * 1000);
    expect((await attempt(22)).statusCode).toBe(401);
  });

  it("refuses malformed login bodies with a 400 problem", async () => {
    const { app } = await started();
    for (const payload of [
      { email: "a@example.com" },
      { email: "a@example.com", password: "x", remember: true },
      { email: "a@example.com", password: "x".repeat(1025) },
    ]) {
      const response = await app.inject({ method: "POST", url: LOGIN, payload });
      expect(response.statusCode).toBe(400);
      expect(response.headers["content-type"]).toContain(PROBLEM_CONTENT_TYPE);
      expect(response.json()).toMatchObject({ type: "about:blank", title: "Bad Request", status: 400 });
    }
  });
});
