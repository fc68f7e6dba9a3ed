import { sql } from "kysely";
import { afterEach, describe, expect, it } from "vitest";
import { buildApp } from "../app.js";
import type { Principal } from "../auth/principal.js";
import { migrate } from "../db/migrations.js";
import { sharedAdvisories } from "../test-support/advisories.js";
import { pgliteStore, postgresStore, storeTracker } from "../test-support/stores.js";
import { withAudit } from "./audit-log.js";
import { verifyAuditExport } from "./verify-export.js";

const AUDITOR: Principal = {
  kind: "user",
  id: "00000000-0000-7000-8000-000000000001",
  actor: "ada@example.com",
  role: "admin",
  projectIds: null,
  userId: "00000000-0000-7000-8000-000000000001",
};

describe.each([pgliteStore, postgresStore])("the audit routes on $name", (store) => {
  const stores = storeTracker(store);
  afterEach(() => stores.cleanUp());

  /** A log of `count` entries, alternating two actors; one actor's name looks like a formula. */
  async function withEntries(count: number, principal: Principal = AUDITOR) {
    const db = await (await stores.fresh()).open();
    await migrate(db);
    for (let index = 0; index < count; index += 1) {
      await withAudit(db, (_trx, audit) =>
        audit({
          actor: index % 2 === 0 ? "ada@example.com" : '=HYPERLINK("http://x")',
          action: index % 3 === 0 ? "project.create" : "snapshot.push",
          subjectType: "project",
          subjectId: `p${index}`,
          after: { index, note: 'quoted "text", and a comma' },
        }),
      );
    }
    const { app } = await buildApp({
      db,
      advisories: sharedAdvisories(),
      now: () => new Date("2026-12-07T10:00:00Z"),
    });
    app.addHook("onRequest", async (request) => {
      request.principal = principal;
    });
    return { db, app };
  }

  it("lists entries newest first, a page at a time, with filters", async () => {
    const { app } = await withEntries(7);
    const seqs: number[] = [];
    let cursor: string | null = null;
    do {
      const url: string = `/api/v1/audit?limit=3${cursor ? `&cursor=${cursor}` : ""}`;
      const body = (await app.inject({ method: "GET", url })).json();
      seqs.push(...body.items.map((item: { seq: number }) => item.seq));
      cursor = body.nextCursor;
    } while (cursor);
    expect(seqs).toEqual([7, 6, 5, 4, 3, 2, 1]);
    const creates = (await app.inject({ method: "GET", url: "/api/v1/audit?action=project.create" })).json();
    expect(creates.items.map((item: { subjectId: string }) => item.subjectId)).toEqual(["p6", "p3", "p0"]);
    const future = (
      await app.inject({ method: "GET", url: "/api/v1/audit?since=2999-01-01T00:00:00Z" })
    ).json();
    expect(future.items).toEqual([]);
    const badDate = await app.inject({ method: "GET", url: "/api/v1/audit?since=yesterday" });
    expect(badDate.statusCode).toBe(400);
    await app.close();
  });

  it("exports JSON that verifies offline, and finds an entry changed in the export", async () => {
    const { app } = await withEntries(5);
    const exported = await app.inject({ method: "GET", url: "/api/v1/audit/export" });
    expect(exported.headers["content-disposition"]).toBe(
      'attachment; filename="lockkeeper-audit-2026-12-07.json"',
    );
    const verified = verifyAuditExport(exported.body);
    expect(verified).toMatchObject({ ok: true, entries: 5, complete: true });
    const online = (await app.inject({ method: "GET", url: "/api/v1/audit/verify" })).json();
    expect(online).toEqual({ ok: true, entries: 5, head: (verified as { head: string }).head });

    const tampered = exported.body.replace('"subjectId":"p3"', '"subjectId":"p33"');
    expect(verifyAuditExport(tampered)).toEqual({
      ok: false,
      entries: 3,
      brokenAt: 4,
      reason: "its content does not match its hash",
    });
    const filtered = await app.inject({ method: "GET", url: "/api/v1/audit/export?action=snapshot.push" });
    expect(verifyAuditExport(filtered.body)).toMatchObject({ ok: true, entries: 3, complete: false });
    await app.close();
  });

  it("exports CSV a spreadsheet shows rather than runs", async () => {
    const { app } = await withEntries(2);
    const csv = await app.inject({ method: "GET", url: "/api/v1/audit/export?format=csv" });
    expect(csv.headers["content-type"]).toBe("text/csv; charset=utf-8");
    const lines = csv.body.trimEnd().split("\r\n");
    expect(lines[0]).toBe("seq,at,actor,action,subjectType,subjectId,before,after,prevHash,hash");
    expect(lines[2]).toContain(`"'=HYPERLINK(""http://x"")"`);
    expect(lines[1]).toContain(`""note"":""quoted \\""text\\"", and a comma""`);
    await app.close();
  });

  it("streams an export larger than one batch", async () => {
    const { app, db } = await withEntries(0);
    await sql`alter table audit_log disable trigger audit_log_no_change`.execute(db);
    // 4,500 entries in one statement (the chain is not what this test checks).
    await sql`insert into audit_log (actor, action, subject_type, hash)
      select 'system', 'seed', 'x', md5(i::text) from generate_series(1, 4500) as i`.execute(db);
    const exported = await app.inject({ method: "GET", url: "/api/v1/audit/export" });
    expect(JSON.parse(exported.body).entries).toHaveLength(4500);
    await app.close();
  });

  it("is closed to everyone but admins", async () => {
    const viewer: Principal = { ...AUDITOR, role: "maintainer" };
    const { app } = await withEntries(1, viewer);
    for (const url of ["/api/v1/audit", "/api/v1/audit/export", "/api/v1/audit/verify"]) {
      expect((await app.inject({ method: "GET", url })).statusCode, url).toBe(403);
    }
    await app.close();
  });
});
