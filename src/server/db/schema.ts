import type { ColumnType, Generated } from "kysely";

/**
 * The tables as Kysely sees them; `migrations/*.sql` is the truth, and `migrations.test.ts` checks
 * that these columns exist. bigint and timestamptz read back as pg returns them (string, Date).
 */
export interface Database {
  projects: ProjectsTable;
  snapshots: SnapshotsTable;
  audit_log: AuditLogTable;
  blobs: BlobsTable;
  snapshot_files: SnapshotFilesTable;
  components: ComponentsTable;
  snapshot_components: SnapshotComponentsTable;
  findings: FindingsTable;
  schema_migrations: SchemaMigrationsTable;
  users: UsersTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  setup_tokens: SetupTokensTable;
  login_attempts: LoginAttemptsTable;
  login_lockouts: LoginLockoutsTable;
  triage_decisions: TriageDecisionsTable;
  server_settings: ServerSettingsTable;
  teams: TeamsTable;
  team_members: TeamMembersTable;
  jobs: JobsTable;
  job_schedules: JobSchedulesTable;
  notification_channels: NotificationChannelsTable;
  notification_deliveries: NotificationDeliveriesTable;
  notification_rules: NotificationRulesTable;
}

type CreatedAt = ColumnType<Date, Date | string | undefined, never>;

export interface ProjectsTable {
  id: Generated<string>;
  name: string;
  default_branch: ColumnType<string, string | undefined, string>;
  settings: ColumnType<unknown, string | undefined, string>;
  team_id: ColumnType<string | null, string | null | undefined, string | null>;
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
  component_count: ColumnType<number, number | undefined, never>;
  finding_count: ColumnType<number, number | undefined, never>;
  verdict: "passed" | "failed" | "not-checked" | "incomplete" | null;
  analysis: ColumnType<unknown, string | undefined, never>;
  advisory_data_at: ColumnType<Date | null, Date | string | null | undefined, never>;
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

type RoleColumn = "admin" | "maintainer" | "viewer" | "ci";

export interface UsersTable {
  id: string;
  email: string;
  password_hash: string | null;
  role: RoleColumn;
  disabled_at: Date | null;
  created_at: CreatedAt;
  last_login_at: Date | null;
}

export interface SessionsTable {
  id: string;
  user_id: string;
  created_at: Date;
  last_seen_at: Date;
  expires_at: Date;
}

export interface ApiTokensTable {
  id: string;
  name: string;
  user_id: string;
  role: RoleColumn;
  project_ids: string[] | null;
  token_hash: string;
  prefix: string;
  created_at: Date;
  expires_at: Date | null;
  last_used_at: Date | null;
  revoked_at: Date | null;
}

export interface SetupTokensTable {
  token_hash: string;
  user_id: string | null;
  created_at: Date;
  expires_at: Date;
}

export interface LoginAttemptsTable {
  id: Generated<string>;
  email: string;
  ip: string;
  at: Date;
  outcome: "success" | "failure" | "locked";
}

export interface LoginLockoutsTable {
  email: string;
  locked_until: Date;
}

export interface BlobsTable {
  /** Hex sha256 of the uncompressed bytes. */
  sha256: string;
  size: ColumnType<string, number, never>;
  gzip: Uint8Array;
}

export interface SnapshotFilesTable {
  snapshot_id: string;
  path: string;
  blob_sha256: string;
}

export interface ComponentsTable {
  id: string;
  purl_sha256: string;
  purl: string;
  ecosystem: string;
  name: string;
  display_name: string;
  version: string | null;
}

export interface SnapshotComponentsTable {
  snapshot_id: string;
  lockfile: string;
  component_id: string;
  scope: "prod" | "optional" | "peer" | "dev";
  direct: boolean;
  license: string | null;
}

export interface FindingsTable {
  snapshot_id: string;
  lockfile: string;
  component_id: string;
  vulnerability_id: string;
  aliases: string[];
  match_ids: string[];
  severity: "critical" | "high" | "medium" | "low" | "unknown";
  /** numeric: pg returns it as text. */
  score: ColumnType<string | null, number | null, never>;
  fixed_versions: string[];
  fix_version: string | null;
  summary: string | null;
  first_seen_at: ColumnType<Date, Date | string, never>;
  detail: ColumnType<unknown, string, never>;
}

export interface TriageDecisionsTable {
  id: string;
  project_id: string;
  vulnerability: string;
  match_ids: string[];
  ecosystem: string;
  package: string;
  versions: string | null;
  state: "not_affected" | "affected" | "fixed" | "under_investigation";
  justification: string | null;
  accepted_until: Date | null;
  reason: string;
  author: string;
  created_at: Date;
  revoked_at: Date | null;
  revoked_by: string | null;
}

export interface ServerSettingsTable {
  key: string;
  value: ColumnType<unknown, string, string>;
  updated_at: Date;
  updated_by: string;
}

export interface TeamsTable {
  id: string;
  name: string;
  created_at: Date;
}

export interface TeamMembersTable {
  team_id: string;
  user_id: string;
  added_at: Date;
}

export interface JobsTable {
  id: string;
  kind: string;
  payload: ColumnType<unknown, string, string>;
  status: "queued" | "running" | "done" | "failed";
  attempts: ColumnType<number, number | undefined, number>;
  max_attempts: number;
  run_after: ColumnType<Date, Date | string, Date | string>;
  locked_by: string | null;
  locked_until: ColumnType<Date | null, Date | string | null, Date | string | null>;
  progress: ColumnType<unknown, string | null | undefined, string | null>;
  result: ColumnType<unknown, string | null | undefined, string | null>;
  error: string | null;
  created_at: ColumnType<Date, Date | string, never>;
  started_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  finished_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

export interface JobSchedulesTable {
  name: string;
  cron: string;
  time_zone: string;
  kind: string;
  payload: ColumnType<unknown, string, string>;
  enabled: boolean;
  next_run_at: ColumnType<Date | null, Date | string | null, Date | string | null>;
  updated_at: ColumnType<Date, Date | string, Date | string>;
}
export type NotificationChannelKind = "webhook" | "slack" | "teams" | "email";

export interface NotificationChannelsTable {
  id: string;
  name: string;
  kind: NotificationChannelKind;
  /** jsonb: `{ url }` or `{ recipients }` (see notifications/channels/types.ts). */
  config: ColumnType<unknown, string, string>;
  /** A webhook's signing secret; null for other kinds. */
  secret: string | null;
  enabled: ColumnType<boolean, boolean | undefined, boolean>;
  created_at: Date;
  created_by: string;
  updated_at: Date;
}

export interface NotificationDeliveriesTable {
  id: string;
  delivery_id: string;
  channel_id: string;
  event_kind: string;
  message_key: string;
  attempt: number;
  status: "delivered" | "failed" | "retrying";
  response_code: number | null;
  error: string | null;
  duration_ms: number;
  created_at: Date;
}

export interface NotificationRulesTable {
  id: string;
  name: string;
  channel_id: string;
  team_id: string | null;
  project_id: string | null;
  events: string[];
  min_severity: "critical" | "high" | "medium" | "low" | "unknown";
  enabled: boolean;
  created_at: Date;
  created_by: string;
}
