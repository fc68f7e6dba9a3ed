import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "kysely";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { pgliteStore, postgresStore, storeTracker } from "../test-support/stores.js";
import { loadMigrations, migrate } from "./migrations.js";

describe.each([pgliteStore, postgresStore])("migrations on $name", (store) => {
  const stores = storeTracker(store);
  afterEach(() => stores.cleanUp());
  const open = async () => (await stores.fresh()).open();

  it("applies every migration once, then finds the database up to date", async () => {
    const db = await open();
    const versions = loadMigrations().map((migration) => migration.version);
    const latest = versions.at(-1);
    const first = await migrate(db);
    expect(first.version).toBe(latest);
    expect(first.applied).toEqual(versions);
    expect(await migrate(db)).toEqual({ applied: [], version: latest });
    const recorded = await db
      .selectFrom("schema_migrations")
      .select(["version", "name", "checksum"])
      .execute();
    expect(recorded).toEqual(
      loadMigrations().map(({ version, name, checksum }) => ({ version, name, checksum })),
    );
  });

  it("creates the tables the Kysely types describe, with database ids, times and bigints as pg returns them", async () => {
    const db = await open();
    await migrate(db);
    const project = await db
      .insertInto("projects")
      .values({ name: `p-${Math.random()}` })
      .returningAll()
      .executeTakeFirstOrThrow();
    expect(project.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(project.created_at).toBeInstanceOf(Date);
    expect(project.default_branch).toBe("main");
    const snapshot = await db
      .insertInto("snapshots")
      .values({
        project_id: project.id,
        kind: "lockfiles",
        content_hash: "sha256:00",
        branch: "main",
        commit: "abc",
      })
      .returning(["id", "commit"])
      .executeTakeFirstOrThrow();
    expect(snapshot.commit).toBe("abc");
    const entry = await db
      .insertInto("audit_log")
      .values({ actor: "test", action: "project.create", subject_type: "project", hash: `h-${project.id}` })
      .returning("seq")
      .executeTakeFirstOrThrow();
    expect(typeof entry.seq).toBe("string");
  });

  it("keeps the audit log append-only", async () => {
    const db = await open();
    await migrate(db);
    await db
      .insertInto("audit_log")
      .values({ actor: "test", action: "x", subject_type: "t", hash: `h-${Math.random()}` })
      .execute();
    await expect(db.updateTable("audit_log").set({ actor: "someone else" }).execute()).rejects.toThrow(
      /append-only/,
    );
    await expect(db.deleteFrom("audit_log").execute()).rejects.toThrow(/append-only/);
  });

  it("refuses to run when an applied migration has changed, and leaves the database as it was", async () => {
    const db = await open();
    await migrate(db);
    const changed = loadMigrations().map((migration, index) =>
      index === 0 ? { ...migration, checksum: "0".repeat(64) } : migration,
    );
    await expect(migrate(db, changed)).rejects.toThrow(/migration 1 \(.*\) has changed since it was applied/);
    // A failed run rolls back as a whole: a later migration that breaks leaves nothing behind.
    const broken = [
      ...loadMigrations(),
      {
        version: 999,
        name: "broken",
        sql: "create table half_done (x int); select nonsense;",
        checksum: "x",
      },
    ];
    await expect(migrate(db, broken)).rejects.toThrow();
    const tables = await sql<{
      n: number;
    }>`select count(*)::int as n from pg_tables where tablename = 'half_done'`.execute(db);
    expect(tables.rows[0]?.n).toBe(0);
  });

  it("lets instances started at once apply the migrations exactly once", async () => {
    // Separate pools on PostgreSQL, as separate processes have; PGlite belongs to one process, whose
    // requests may still start two runs at once.
    const fresh = await stores.fresh();
    const first = await fresh.open();
    const dbs = store.shared ? [first, await fresh.open(), await fresh.open()] : [first, first, first];
    const runs = await Promise.all(dbs.map((db) => migrate(db)));
    const all = loadMigrations().map((m) => m.version);
    expect(runs.map((run) => run.applied).sort((a, b) => b.length - a.length)).toEqual([all, [], []]);
    const recorded = await first.selectFrom("schema_migrations").select("version").execute();
    expect(recorded.map((row) => row.version)).toEqual(all);
  });
});

describe("migration files", () => {
  // Made in beforeAll, not while collecting: a filtered run (-t) skips the afterAll that removes it.
  let dir = "";
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "lk-migrations-"));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("are numbered without gaps and named NNNN-name.sql", () => {
    writeFileSync(join(dir, "0001-first.sql"), "select 1;");
    writeFileSync(join(dir, "0003-third.sql"), "select 3;");
    expect(() => loadMigrations(dir)).toThrow(/without gaps; found 3/);
    writeFileSync(join(dir, "0002-Second.sql"), "select 2;");
    expect(() => loadMigrations(dir)).toThrow(/0002-Second.sql is not named NNNN-name.sql/);
  });

  it("may lack a number reserved by a parallel branch's migration, and only that one", () => {
    const reserved = join(dir, "reserved");
    mkdirSync(reserved);
    for (const version of [1, 2, 3, 4, 5, 7]) {
      writeFileSync(join(reserved, `000${version}-m${version}.sql`), "select 1;");
    }
    expect(loadMigrations(reserved).map((migration) => migration.version)).toEqual([1, 2, 3, 4, 5, 7]);
    writeFileSync(join(reserved, "0009-m9.sql"), "select 1;");
    expect(() => loadMigrations(reserved)).toThrow(/without gaps; found 9/);
  });
});
