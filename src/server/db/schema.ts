import type { ColumnType, Generated } from "kysely";

/**
 * The tables as Kysely sees them; `migrations/*.sql` is the truth, and `migrations.test.ts` checks
 * that these columns exist. bigint and timestamptz read back as pg returns them (string, Date).
 */
export interface Database {
  projects: ProjectsTable;
  snapshots: SnapshotsTable;
  audit_log: AuditLogTable;
  schema_migrations: SchemaMigrationsTable;
}

type CreatedAt = ColumnType<Date, Date | string | undefined, never>;

export interface ProjectsTable {
  id: Generated<string>;
  name: string;
  default_branch: ColumnType<string, string | undefined, string>;
  settings: ColumnType<unknown, string | undefined, string>;
  created_at: CreatedAt;
}

export interface SnapshotsTable {
  id: Generated<string>;
  project_id: string;
  kind: "lockfiles" | "cyclonedx" | "spdx";
  content_hash: string;
  branch: string | null;
  commit: string | null;
  author: string | null;
  ci_url: string | null;
  created_by: string | null;
  created_at: CreatedAt;
}

export interface AuditLogTable {
  seq: Generated<string>;
  at: CreatedAt;
  actor: string;
  action: string;
  subject_type: string;
  subject_id: string | null;
  before: unknown;
  after: unknown;
  prev_hash: string | null;
  hash: string;
}

export interface SchemaMigrationsTable {
  version: number;
  name: string;
  checksum: string;
  applied_at: CreatedAt;
}
