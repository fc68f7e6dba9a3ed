-- Background jobs of the store backend (used unless REDIS_URL is set): workers claim a due job with
-- FOR UPDATE SKIP LOCKED and hold it on a lease they renew while it runs; a worker that dies stops
-- renewing, and once the lease lapses another worker takes the job again (at least once delivery).
create table jobs (
  -- uuidv7, or the caller's natural key (a schedule's tick): enqueueing it again adds nothing.
  id text primary key,
  kind text not null,
  payload jsonb not null,
  status text not null check (status in ('queued', 'running', 'done', 'failed')),
  attempts integer not null default 0,
  max_attempts integer not null check (max_attempts >= 1),
  run_after timestamptz not null,
  locked_by text,
  locked_until timestamptz,
  progress jsonb,
  result jsonb,
  error text,
  created_at timestamptz not null,
  started_at timestamptz,
  finished_at timestamptz
);
create index jobs_due on jobs (run_after) where status = 'queued';
create index jobs_leased on jobs (locked_until) where status = 'running';
create index jobs_list on jobs (created_at desc, id desc);

-- Cron schedules: an instance fires a due tick by moving next_run_at forward only if it still holds
-- the value it read, so with several instances each tick enqueues one job.
create table job_schedules (
  name text primary key,
  cron text not null,
  time_zone text not null,
  kind text not null,
  payload jsonb not null,
  enabled boolean not null,
  next_run_at timestamptz,
  updated_at timestamptz not null
);
