-- Users, their sign-in sessions, API tokens, one-time setup links and the login throttle.
-- Ids of users and tokens are UUIDv7 from the application. No secret is stored as such: sessions,
-- tokens and setup links keep the sha256 of their secret, passwords an argon2id hash.

create table users (
  id uuid primary key,
  -- Lower-cased by the application, so the unique constraint is case-insensitive.
  email text not null unique check (email = lower(email)),
  -- Null until the user sets a password through their setup link.
  password_hash text,
  role text not null check (role in ('admin', 'maintainer', 'viewer', 'ci')),
  disabled_at timestamptz,
  created_at timestamptz not null default now(),
  last_login_at timestamptz
);

create table sessions (
  -- sha256 (hex) of the cookie's secret: a copy of this table signs nobody in. The CSRF token is
  -- derived from the secret as well, so it needs no column.
  id text primary key,
  user_id uuid not null references users (id) on delete cascade,
  created_at timestamptz not null,
  last_seen_at timestamptz not null,
  expires_at timestamptz not null
);

create index sessions_user on sessions (user_id);
create index sessions_expires on sessions (expires_at);

create table api_tokens (
  id uuid primary key,
  name text not null,
  user_id uuid not null references users (id) on delete cascade,
  role text not null check (role in ('admin', 'maintainer', 'viewer', 'ci')),
  -- Null: every project the owner may reach.
  project_ids uuid[],
  token_hash text not null unique,
  -- The first characters of the secret (lkt_ and 8 more), so a list tells tokens apart.
  prefix text not null,
  created_at timestamptz not null,
  expires_at timestamptz,
  last_used_at timestamptz,
  revoked_at timestamptz
);

create index api_tokens_user on api_tokens (user_id);

-- One-time links that set a password: for an invited user, or (user_id null) for the first admin
-- of an empty store, who names their email when using it.
create table setup_tokens (
  token_hash text primary key,
  user_id uuid references users (id) on delete cascade,
  created_at timestamptz not null,
  expires_at timestamptz not null
);

-- Every login attempt the server weighed, kept in the store so that all instances throttle
-- together: per client IP (attempts a minute) and per email (failures before a lock-out). The
-- email is the one tried, existing or not, so a lock-out says nothing about which accounts exist.
create table login_attempts (
  id bigserial primary key,
  email text not null,
  ip text not null,
  at timestamptz not null,
  outcome text not null check (outcome in ('success', 'failure', 'locked'))
);

create index login_attempts_ip_at on login_attempts (ip, at);
create index login_attempts_email_at on login_attempts (email, at);
create index login_attempts_at on login_attempts (at);

-- An email locked out until a time; the row stays after the lock ends so that the failures that
-- caused it are not counted again.
create table login_lockouts (
  email text primary key,
  locked_until timestamptz not null
);
