-- Who is told what: a rule sends the events it names, at or above a severity, about one project,
-- the projects of one team, or every project (neither set), to one channel.
create table notification_rules (
  id uuid primary key,
  name text not null unique,
  channel_id uuid not null references notification_channels (id) on delete cascade,
  team_id uuid references teams (id) on delete cascade,
  project_id uuid references projects (id) on delete cascade,
  events text[] not null,
  min_severity text not null check (min_severity in ('critical', 'high', 'medium', 'low', 'unknown')),
  enabled boolean not null,
  created_at timestamptz not null,
  created_by text not null,
  check (team_id is null or project_id is null)
);
create index notification_rules_channel on notification_rules (channel_id);
