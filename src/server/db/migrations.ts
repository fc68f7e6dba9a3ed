import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { type Kysely, sql } from "kysely";
import { LockkeeperError } from "../../core/errors.js";
import type { Database } from "./schema.js";

export interface Migration {
  version: number;
  name: string;
  sql: string;
  checksum: string;
}

const FILE_NAME = /^(\d{4})-([a-z0-9-]+)\.sql$/;

/**
 * Numbers taken by a migration of a branch developed in parallel, not merged yet: the one gap
 * allowed, so this branch's later migration keeps the number it will have once both are merged.
 * Empty this set when that migration lands (the check then holds as before). Migrations are applied
 * by what a database lacks, not by the highest number it has, so one applied before the other is
 * still applied later.
 */
const RESERVED_VERSIONS: ReadonlySet<number> = new Set([6]);

/**
 * One key for every Lockkeeper instance on a database: instances started together queue on it, so
 * exactly one applies the migrations and the others find them applied. ("LKMIGRAT" in ASCII.)
 */
export const MIGRATION_LOCK_KEY = 0x4c4b4d4947524154n;

/**
 * The folder of the migration files: next to this module in the sources and in dist/src, and
 * copied next to the bundle's chunks by scripts/bundle-cli.mjs (the chunk importing this module
 * sits directly in dist/bundle).
 */
export function migrationsDir(): string {
  return fileURLToPath(new URL("./migrations/", import.meta.url));
}

/** The numbered migrations in a folder, in order; a gap or a duplicate number is a packaging bug. */
export function loadMigrations(dir = migrationsDir()): Migration[] {
  const migrations = readdirSync(dir)
    .filter((file) => file.endsWith(".sql"))
    .map((file) => {
      const match = FILE_NAME.exec(file);
      if (!match?.[1] || !match[2]) {
        throw new Error(`migration file ${file} is not named NNNN-name.sql`);
      }
      const text = readFileSync(`${dir}/${file}`, "utf8");
      return {
        version: Number(match[1]),
        name: match[2],
        sql: text,
        checksum: createHash("sha256").update(text).digest("hex"),
      };
    })
    .sort((a, b) => a.version - b.version);
  let expected = 1;
  for (const migration of migrations) {
    // A reserved number may be missing (see RESERVED_VERSIONS); no other may.
    if (migration.version !== expected && RESERVED_VERSIONS.has(expected)) expected += 1;
    if (migration.version !== expected) {
      throw new Error(`migrations must be numbered 0001, 0002, … without gaps; found ${migration.version}`);
    }
    expected += 1;
  }
  if (migrations.length === 0) throw new Error(`no migrations found in ${dir}`);
  return migrations;
}

export interface MigrationResult {
  /** Versions applied by this call (empty when the database was up to date). */
  applied: number[];
  /** The database's version afterwards. */
  version: number;
}

/**
 * Applies the migrations not yet applied, all in one transaction under an advisory lock: a failed
 * migration leaves the database as it was, and instances starting at once wait for each other
 * instead of applying the same migration twice. An applied migration whose file has changed since,
 * or a database newer than this build, is an error: the schema would not be what the code expects.
 */
export async function migrate(db: Kysely<Database>, migrations = loadMigrations()): Promise<MigrationResult> {
  return db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(${MIGRATION_LOCK_KEY.toString()}::bigint)`.execute(trx);
    await sql`
      create table if not exists schema_migrations (
        version integer primary key,
        name text not null,
        checksum text not null,
        applied_at timestamptz not null default now()
      )`.execute(trx);
    const done = await trx
      .selectFrom("schema_migrations")
      .select(["version", "name", "checksum"])
      .orderBy("version")
      .execute();
    const known = new Map(migrations.map((migration) => [migration.version, migration]));
    for (const row of done) {
      const migration = known.get(row.version);
      if (!migration) {
        throw new LockkeeperError(
          "CONFIG",
          `the database has migration ${row.version} (${row.name}), which this Lockkeeper does not know`,
          { hint: "run the same or a newer Lockkeeper version against this database" },
        );
      }
      if (migration.checksum !== row.checksum) {
        throw new LockkeeperError(
          "CONFIG",
          `migration ${row.version} (${row.name}) has changed since it was applied to this database`,
          { hint: "applied migrations are never edited; add a new migration instead" },
        );
      }
    }
    const applied: number[] = [];
    for (const migration of migrations) {
      if (done.some((row) => row.version === migration.version)) continue;
      await sql.raw(migration.sql).execute(trx);
      await trx
        .insertInto("schema_migrations")
        .values({ version: migration.version, name: migration.name, checksum: migration.checksum })
        .execute();
      applied.push(migration.version);
    }
    return { applied, version: migrations.at(-1)?.version ?? 0 };
  });
}
