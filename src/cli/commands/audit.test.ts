import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "kysely";
import { afterEach, describe, expect, it } from "vitest";
import { buildApp } from "../../server/app.js";
import { withAudit } from "../../server/audit/audit-log.js";
import { openDatabase } from "../../server/db/connection.js";
import { migrate } from "../../server/db/migrations.js";
import { sharedAdvisories } from "../../server/test-support/advisories.js";
import { createTestDatabase, type TestDatabase } from "../../server/test-support/postgres.js";
import { bufferIo } from "../io.js";
import { run } from "../run.js";

describe("lk audit verify", () => {
  const databases: TestDatabase[] = [];
  afterEach(async () => {
    await Promise.allSettled(databases.splice(0).map((database) => database.drop()));
  });

  async function lk(args: string[], env: NodeJS.ProcessEnv = {}) {
    const io = bufferIo(mkdtempSync(join(tmpdir(), "lk-audit-")));
    io.env = env;
    const code = await run(args, io);
    return { code, out: io.out, err: io.err, cwd: io.cwd };
  }

  it("says the server's log is intact, then names the entry changed behind the server's back", async () => {
    const database = await createTestDatabase();
    databases.push(database);
    const db = await openDatabase({ kind: "postgres", url: database.url });
    try {
      await migrate(db);
      for (const subjectId of ["a", "b", "c"]) {
        await withAudit(db, (_trx, audit) =>
          audit({ actor: "ada", action: "project.create", subjectType: "project", subjectId }),
        );
      }
      const env = { DATABASE_URL: database.url };
      const intact = await lk(["audit", "verify"], env);
      expect([intact.code, intact.err]).toEqual([0, ""]);
      expect(intact.out).toMatch(/^lk: the audit log is intact: 3 entries verified\nhead [0-9a-f]{64}\n$/);

      await sql`alter table audit_log disable trigger audit_log_no_change`.execute(db);
      await sql`update audit_log set subject_id = 'z' where subject_id = 'b'`.execute(db);
      const broken = await lk(["audit", "verify"], env);
      expect(broken.code).toBe(1);
      expect(broken.err).toBe(
        "lk: the audit log is broken at entry 2: its content does not match its hash (1 entry before it verified)\n",
      );
    } finally {
      await db.destroy();
    }
  });

  it("verifies an export file offline, and refuses a file that is not one", async () => {
    const db = await openDatabase({ kind: "pglite-memory" });
    try {
      await migrate(db);
      await withAudit(db, (_trx, audit) =>
        audit({ actor: "ada", action: "project.create", subjectType: "project" }),
      );
      const { app } = await buildApp({ db, advisories: sharedAdvisories() });
      app.addHook("onRequest", async (request) => {
        request.principal = {
          kind: "user",
          id: "u",
          actor: "ada",
          role: "admin",
          projectIds: null,
          userId: "u",
        };
      });
      const exported = (await app.inject({ method: "GET", url: "/api/v1/audit/export" })).body;
      await app.close();
      const dir = mkdtempSync(join(tmpdir(), "lk-audit-export-"));
      writeFileSync(join(dir, "export.json"), exported);
      writeFileSync(join(dir, "other.json"), '{"entries": []}');
      const ok = await lk(["audit", "verify", "--file", join(dir, "export.json")]);
      expect(ok.code).toBe(0);
      expect(ok.out).toMatch(/intact: 1 entry verified\n/);
      const other = await lk(["audit", "verify", "--file", join(dir, "other.json")]);
      expect(other.code).toBe(2);
      expect(other.err).toContain("not a Lockkeeper audit export: kind:");
    } finally {
      await db.destroy();
    }
  });
});
