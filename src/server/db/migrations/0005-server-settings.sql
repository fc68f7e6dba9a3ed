-- Settings of the whole installation, one JSON value per key: `policy` holds the defaults every
-- project's policy starts from (a project's own settings override them member by member).
create table server_settings (
  key text primary key,
  value jsonb not null,
  updated_at timestamptz not null,
  updated_by text not null
);
