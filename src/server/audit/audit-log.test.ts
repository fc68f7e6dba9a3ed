import { sql } from "kysely";
import { afterEach, describe, expect, it } from "vitest";
import { migrate } from "../db/migrations.js";
import { pgliteStore, postgresStore, storeTracker } from "../test-support/stores.js";
import { withAudit } from "./audit-log.js";
import { verifyAuditLog } from "./verify.js";

describe.each([pgliteStore, postgresStore])("the audit log on $name", (store) => {
  const stores = storeTracker(store);
  afterEach(() => stores.cleanUp());

  async function migrated() {
    const db = await (await stores.fresh()).open();
    await migrate(db);
    return db;
  }

  it("chains entries so that a verify passes, and names the entry an edit breaks", async () => {
    const db = await migrated();
    expect(await verifyAuditLog(db)).toEqual({ ok: true, entries: 0, head: null });
    for (const name of ["web", "api", "batch"]) {
      await withAudit(db, (_trx, audit) =>
        audit({
          actor: "ada@example.com",
          action: "project.create",
          subjectType: "project",
          subjectId: name,
          after: { name, settings: { zeta: 1, alpha: [true, null, "ü"] } },
        }),
      );
    }
    const verified = await verifyAuditLog(db);
    expect(verified).toMatchObject({ ok: true, entries: 3 });

    // Someone with direct access turns the trigger off and rewrites the second entry.
    await sql`alter table audit_log disable trigger audit_log_no_change`.execute(db);
    await sql`update audit_log set actor = 'mallory' where seq = (select min(seq) + 1 from audit_log)`.execute(
      db,
    );
    const broken = await verifyAuditLog(db);
    expect(broken).toMatchObject({ ok: false, entries: 1, reason: "its content does not match its hash" });
  });

  it("keeps the entry out when the change it records fails, and the chain intact", async () => {
    const db = await migrated();
    await expect(
      withAudit(db, async (_trx, audit) => {
        await audit({ actor: "system", action: "project.create", subjectType: "project", subjectId: "x" });
        throw new Error("the change failed");
      }),
    ).rejects.toThrow("the change failed");
    expect(await verifyAuditLog(db)).toEqual({ ok: true, entries: 0, head: null });
  });

  it.runIf(store.shared)("keeps one chain when several connections append at once", async () => {
    const fresh = await stores.fresh();
    const first = await fresh.open();
    await migrate(first);
    const second = await fresh.open();
    await Promise.all(
      Array.from({ length: 20 }, (_, index) =>
        withAudit(index % 2 === 0 ? first : second, (_trx, audit) =>
          audit({ actor: "ci", action: "snapshot.push", subjectType: "snapshot", subjectId: String(index) }),
        ),
      ),
    );
    expect(await verifyAuditLog(first)).toMatchObject({ ok: true, entries: 20 });
  });
});
