-- The first tables: projects, their snapshots (never changed once written) and the audit log.
-- Ids are UUIDs from the database until the application writes its own (UUIDv7, time-ordered).

create table projects (
  id uuid primary key default gen_random_uuid(),
  name text not null unique,
  default_branch text not null default 'main',
  settings jsonb not null default '{}',
  created_at timestamptz not null default now()
);

create table snapshots (
  id uuid primary key default gen_random_uuid(),
  project_id uuid not null references projects (id),
  kind text not null check (kind in ('lockfiles', 'cyclonedx', 'spdx')),
  content_hash text not null,
  branch text,
  "commit" text,
  author text,
  ci_url text,
  created_by text,
  created_at timestamptz not null default now()
);

-- "The latest snapshot of a project's branch" is the question every page asks.
create index snapshots_project_branch_created on snapshots (project_id, branch, created_at desc);

-- Append-only: hash = sha256(prev_hash || canonical JSON of the entry), written in the same
-- transaction as the change it records.
create table audit_log (
  seq bigserial primary key,
  at timestamptz not null default now(),
  actor text not null,
  action text not null,
  subject_type text not null,
  subject_id text,
  before jsonb,
  after jsonb,
  prev_hash text,
  hash text not null unique
);

-- No UPDATE or DELETE ever: enforced by the database, not only by the code.
create function audit_log_append_only() returns trigger language plpgsql as $$
begin
  raise exception 'audit_log is append-only';
end
$$;

create trigger audit_log_no_change before update or delete or truncate on audit_log
  for each statement execute function audit_log_append_only();
