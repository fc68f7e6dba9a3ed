-- Where notifications go (channels) and what happened to each attempt to send one (deliveries).
-- Channel ids are UUIDv7 from the application.

create table notification_channels (
  id uuid primary key,
  name text not null unique,
  kind text not null check (kind in ('webhook', 'slack', 'teams', 'email')),
  -- webhook, slack, teams: {"url": …}; email: {"recipients": […]}, sent through the server's SMTP
  -- configuration (LK_SMTP_*), which is not stored here.
  config jsonb not null,
  -- A webhook's signing secret. Kept as it is, not hashed: the server needs it to sign every
  -- delivery. Shown once when made; never in audit entries, API reads or logs. Null for other kinds.
  secret text,
  enabled boolean not null default true,
  created_at timestamptz not null,
  created_by text not null,
  updated_at timestamptz not null
);

-- One row per attempt. The attempts of one message to one channel share `delivery_id`, the id
-- receivers get in the Lockkeeper-Delivery header (the same on every retry, so they can drop
-- repeats).
create table notification_deliveries (
  id uuid primary key,
  delivery_id uuid not null,
  channel_id uuid not null references notification_channels (id) on delete cascade,
  event_kind text not null,
  -- The message's de-duplication key (kind, audience, vulnerability alias group or subject).
  message_key text not null,
  attempt integer not null check (attempt >= 1),
  status text not null check (status in ('delivered', 'failed', 'retrying')),
  -- The HTTP status of a webhook, Slack or Teams answer; the SMTP reply code of an e-mail.
  response_code integer,
  error text,
  duration_ms integer not null,
  created_at timestamptz not null
);

create index notification_deliveries_channel on notification_deliveries (channel_id, id);
create index notification_deliveries_message on notification_deliveries (message_key);
