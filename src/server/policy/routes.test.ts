import { afterEach, describe, expect, it } from "vitest";
import { verifyAuditLog } from "../audit/verify.js";
import { startedApp } from "../test-support/auth-app.js";
import { createTestPrincipal } from "../test-support/principals.js";
import { lockfileUpload } from "../test-support/snapshot-fixtures.js";
import { pgliteStore, postgresStore, storeTracker } from "../test-support/stores.js";

describe.each([pgliteStore, postgresStore])("the installation's policy on $name", (store) => {
  const stores = storeTracker(store);
  afterEach(() => stores.cleanUp());

  it("gives every project its defaults, which a project's own members override", async () => {
    const { db, app } = await startedApp(() => stores.fresh());
    const admin = await createTestPrincipal(db, { role: "admin" });
    const viewer = await createTestPrincipal(db, { role: "viewer" });
    const as = (
      headers: Record<string, string>,
      method: "GET" | "PATCH" | "POST",
      url: string,
      payload?: object,
    ) => app.inject({ method, url, headers, ...(payload ? { payload } : {}) });
    await as(admin.headers, "POST", "/api/v1/projects", { name: "follows" });
    await as(admin.headers, "POST", "/api/v1/projects", { name: "strict" });
    await as(admin.headers, "PATCH", "/api/v1/projects/strict", { policy: { failOn: "low" } });

    expect((await as(viewer.headers, "GET", "/api/v1/policy")).json()).toEqual({
      policy: { failOn: "high", unknownSeverity: "fail", licenses: { deny: [], review: [], allow: [] } },
      ownPolicy: {},
    });
    const changed = await as(admin.headers, "PATCH", "/api/v1/policy", {
      failOn: "none",
      licenses: { deny: ["GPL-3.0-only"] },
    });
    expect(changed.json().policy).toMatchObject({
      failOn: "none",
      licenses: { deny: ["GPL-3.0-only"], review: [] },
    });
    expect((await as(viewer.headers, "PATCH", "/api/v1/policy", { failOn: "low" })).statusCode).toBe(403);
    const scopedAdmin = await createTestPrincipal(db, { role: "admin", projectIds: [] });
    expect((await as(scopedAdmin.headers, "PATCH", "/api/v1/policy", { failOn: "low" })).statusCode).toBe(
      403,
    );

    const follows = (await as(admin.headers, "GET", "/api/v1/projects/follows")).json();
    const strict = (await as(admin.headers, "GET", "/api/v1/projects/strict")).json();
    expect([follows.policy.failOn, follows.ownPolicy]).toEqual(["none", {}]);
    expect([strict.policy.failOn, strict.policy.licenses.deny, strict.ownPolicy]).toEqual([
      "low",
      ["GPL-3.0-only"],
      { failOn: "low" },
    ]);

    // Pushes are judged by the layered policy: nothing fails "follows"; "strict" fails on its own threshold.
    const push = (project: string) =>
      as(admin.headers, "POST", `/api/v1/projects/${project}/snapshots`, {
        files: lockfileUpload("python/pygoat-requirements", ["requirements.txt"]),
      });
    expect((await push("follows")).json().verdict).toMatchObject({ outcome: "passed", failOn: "none" });
    expect((await push("strict")).json().verdict).toMatchObject({ outcome: "failed", failOn: "low" });

    const entry = await db
      .selectFrom("audit_log")
      .selectAll()
      .where("action", "=", "policy.update")
      .executeTakeFirstOrThrow();
    expect([entry.before, entry.after]).toEqual([
      {},
      { failOn: "none", licenses: { deny: ["GPL-3.0-only"] } },
    ]);
    expect(await verifyAuditLog(db)).toMatchObject({ ok: true });
  }, 60_000);
});
