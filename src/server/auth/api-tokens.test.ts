import { afterEach, describe, expect, it } from "vitest";
import { expectAuditLogClean, startedApp } from "../test-support/auth-app.js";
import { createTestPrincipal, signIn } from "../test-support/principals.js";
import { pgliteStore, postgresStore, storeTracker } from "../test-support/stores.js";
import { sha256Hex } from "./secrets.js";

const TOKENS = "/api/v1/tokens";
const DAY_MS = 24 * 60 * 60 * 1000;

describe.each([pgliteStore, postgresStore])("API tokens on $name", (store) => {
  const stores = storeTracker(store);
  afterEach(() => stores.cleanUp());
  const started = () => startedApp(() => stores.fresh());

  it("shows the secret once, stores only its hash, and lists tokens without secrets", async () => {
    const { app, db, clock } = await started();
    const ada = await signIn(app, db, { role: "maintainer" });
    const project = await db
      .insertInto("projects")
      .values({ name: "web" })
      .returning("id")
      .executeTakeFirstOrThrow();

    const created = await app.inject({
      method: "POST",
      url: TOKENS,
      headers: ada.headers,
      payload: { name: "ci for web", role: "ci", projectIds: [project.id], expiresInDays: 30 },
    });
    expect(created.statusCode).toBe(201);
    const body = created.json();
    expect(body).toEqual({
      id: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-7/),
      name: "ci for web",
      userId: ada.userId,
      role: "ci",
      projectIds: [project.id],
      prefix: body.token.slice(0, 12),
      createdAt: clock.now().toISOString(),
      expiresAt: new Date(clock.now().getTime() + 30 * DAY_MS).toISOString(),
      lastUsedAt: null,
      revokedAt: null,
      token: expect.stringMatching(/^lkt_[\w-]{43}$/),
    });
    const stored = await db.selectFrom("api_tokens").selectAll().execute();
    expect(stored).toHaveLength(1);
    expect(stored[0]?.token_hash).toBe(sha256Hex(body.token));
    expect(JSON.stringify(stored)).not.toContain(body.token);

    const listed = await app.inject({ method: "GET", url: TOKENS, headers: { cookie: ada.cookie } });
    expect(listed.statusCode).toBe(200);
    const { token: _secret, ...withoutSecret } = body;
    expect(listed.json()).toEqual({ items: [withoutSecret] });
    expect(listed.body).not.toContain(body.token);

    // The token authenticates, acting with its own role and projects.
    const me = await app.inject({
      method: "GET",
      url: "/api/v1/auth/me",
      headers: { authorization: `Bearer ${body.token}` },
    });
    expect(me.json()).toMatchObject({
      principal: {
        kind: "token",
        id: body.id,
        actor: "token:ci for web",
        role: "ci",
        projectIds: [project.id],
      },
    });
    await expectAuditLogClean(db, [body.token, ada.password, ada.cookie]);
  });

  it("caps the role at the creator's, needs existing projects, and is minted by a signed-in user only", async () => {
    const { app, db } = await started();
    const maintainer = await signIn(app, db, { role: "maintainer" });
    const viewer = await signIn(app, db, { role: "viewer" });
    const mint = (session: { headers: Record<string, string> }, payload: object) =>
      app.inject({ method: "POST", url: TOKENS, headers: session.headers, payload });

    expect((await mint(maintainer, { name: "too much", role: "admin" })).statusCode).toBe(403);
    expect((await mint(maintainer, { name: "ci", role: "ci" })).statusCode).toBe(201);
    expect((await mint(maintainer, { name: "read", role: "viewer" })).statusCode).toBe(201);
    expect((await mint(viewer, { name: "push", role: "ci" })).statusCode).toBe(403);
    const own = await mint(viewer, { name: "mine" });
    expect(own.json().role).toBe("viewer");

    const missing = await mint(maintainer, {
      name: "x",
      projectIds: ["0190a7e2-0000-7000-8000-000000000000"],
    });
    expect(missing.statusCode).toBe(422);
    expect((await mint(maintainer, { name: "x", projectIds: ["not-a-uuid"] })).statusCode).toBe(400);
    expect((await mint(maintainer, { name: "x", scope: "all" })).statusCode).toBe(400);

    const byToken = await app.inject({
      method: "POST",
      url: TOKENS,
      headers: { authorization: `Bearer ${own.json().token}` },
      payload: { name: "copy" },
    });
    expect(byToken.statusCode).toBe(403);
    expect((await app.inject({ method: "POST", url: TOKENS, payload: { name: "anon" } })).statusCode).toBe(
      401,
    );
  });

  it("refuses unknown, expired and revoked tokens with 401 and WWW-Authenticate", async () => {
    const { app, db, clock } = await started();
    const ada = await signIn(app, db, { role: "admin" });
    const mint = async (payload: object) =>
      (await app.inject({ method: "POST", url: TOKENS, headers: ada.headers, payload })).json();
    const shortLived = await mint({ name: "short", expiresInDays: 1 });
    const revoked = await mint({ name: "revoked" });
    const me = (token: string) =>
      app.inject({ method: "GET", url: "/api/v1/auth/me", headers: { authorization: `Bearer ${token}` } });

    expect((await me(shortLived.token)).statusCode).toBe(200);
    const revoke = await app.inject({
      method: "DELETE",
      url: `${TOKENS}/${revoked.id}`,
      headers: ada.headers,
    });
    expect(revoke.statusCode).toBe(204);
    const listed = (await app.inject({ method: "GET", url: TOKENS, headers: { cookie: ada.cookie } })).json();
    expect(listed.items.find((token: { id: string }) => token.id === revoked.id).revokedAt).not.toBeNull();
    clock.advance(DAY_MS);
    for (const token of [shortLived.token, revoked.token, `lkt_${"A".repeat(43)}`, "not-even-a-token"]) {
      const response = await me(token);
      expect(response.statusCode).toBe(401);
      expect(response.headers["www-authenticate"]).toBe('Bearer error="invalid_token"');
      expect(response.headers["content-type"]).toContain("application/problem+json");
    }
    const revocations = await db
      .selectFrom("audit_log")
      .select("subject_id")
      .where("action", "=", "token.revoke")
      .execute();
    expect(revocations).toEqual([{ subject_id: revoked.id }]);
    await expectAuditLogClean(db, [shortLived.token, revoked.token]);
  });

  it("acts with the lower of its role and its owner's, and stops with a disabled owner", async () => {
    const { app, db } = await started();
    const admin = await createTestPrincipal(db, { role: "admin" });
    const owner = await createTestPrincipal(db, { role: "maintainer" });
    const me = () => app.inject({ method: "GET", url: "/api/v1/auth/me", headers: owner.headers });
    const patch = (payload: object) =>
      app.inject({ method: "PATCH", url: `/api/v1/users/${owner.userId}`, headers: admin.headers, payload });

    expect((await me()).json().principal.role).toBe("maintainer");
    await patch({ role: "viewer" });
    expect((await me()).json().principal.role).toBe("viewer");
    await patch({ role: "admin" });
    // Promoting the owner does not promote the token.
    expect((await me()).json().principal.role).toBe("maintainer");
    await patch({ disabled: true });
    expect((await me()).statusCode).toBe(401);
    await patch({ disabled: false });
    expect((await me()).statusCode).toBe(200);
  });

  it("lets a viewer token list its user's tokens but not revoke them, and a CI token do neither", async () => {
    const { app, db } = await started();
    const viewer = await createTestPrincipal(db, { role: "viewer" });
    const ci = await createTestPrincipal(db, { role: "ci" });
    const maintainer = await createTestPrincipal(db, { role: "maintainer" });
    const call = (who: { headers: { authorization: string } }, method: "GET" | "DELETE", url: string) =>
      app.inject({ method, url, headers: who.headers });

    expect((await call(viewer, "GET", TOKENS)).statusCode).toBe(200);
    const byViewer = await call(viewer, "DELETE", `${TOKENS}/${viewer.principal.id}`);
    expect({ status: byViewer.statusCode, detail: byViewer.json().detail }).toEqual({
      status: 403,
      detail: "a viewer token cannot revoke API tokens",
    });
    expect((await call(ci, "GET", TOKENS)).statusCode).toBe(403);
    expect((await call(ci, "DELETE", `${TOKENS}/${ci.principal.id}`)).statusCode).toBe(403);
    expect((await call(maintainer, "DELETE", `${TOKENS}/${maintainer.principal.id}`)).statusCode).toBe(204);
    const revoked = await db
      .selectFrom("api_tokens")
      .select("id")
      .where("revoked_at", "is not", null)
      .execute();
    expect(revoked).toEqual([{ id: maintainer.principal.id }]);
  });

  it("records use at most once a minute, lets owners see and revoke only their own, admins all", async () => {
    const { app, db, clock } = await started();
    const admin = await createTestPrincipal(db, { role: "admin" });
    const ada = await createTestPrincipal(db, { role: "maintainer" });
    const bob = await createTestPrincipal(db, { role: "maintainer" });
    const lastUsed = async () =>
      (
        await db
          .selectFrom("api_tokens")
          .select("last_used_at")
          .where("id", "=", ada.principal.id)
          .executeTakeFirstOrThrow()
      ).last_used_at;

    const start = clock.now();
    await app.inject({ method: "GET", url: TOKENS, headers: ada.headers });
    expect(await lastUsed()).toEqual(start);
    clock.advance(30_000);
    await app.inject({ method: "GET", url: TOKENS, headers: ada.headers });
    expect(await lastUsed()).toEqual(start);
    clock.advance(30_000);
    await app.inject({ method: "GET", url: TOKENS, headers: ada.headers });
    expect(await lastUsed()).toEqual(clock.now());

    const ids = async (who: { headers: { authorization: string } }) =>
      (await app.inject({ method: "GET", url: TOKENS, headers: who.headers }))
        .json()
        .items.map((t: { id: string }) => t.id);
    expect(await ids(ada)).toEqual([ada.principal.id]);
    expect((await ids(admin)).sort()).toEqual(
      [admin.principal.id, ada.principal.id, bob.principal.id].sort(),
    );

    const bobRevokesAda = await app.inject({
      method: "DELETE",
      url: `${TOKENS}/${ada.principal.id}`,
      headers: bob.headers,
    });
    expect(bobRevokesAda.statusCode).toBe(404);
    const adminRevokesBob = await app.inject({
      method: "DELETE",
      url: `${TOKENS}/${bob.principal.id}`,
      headers: admin.headers,
    });
    expect(adminRevokesBob.statusCode).toBe(204);
    expect((await app.inject({ method: "GET", url: TOKENS, headers: bob.headers })).statusCode).toBe(401);
  });
});
