-- Teams group projects and people: who owns a project, whom its notifications reach, what a team's
-- portfolio holds. Permissions stay with roles and token scopes; a team grants nothing by itself.
create table teams (
  id uuid primary key,
  name text not null unique,
  created_at timestamptz not null
);

create table team_members (
  team_id uuid not null references teams (id) on delete cascade,
  user_id uuid not null references users (id),
  added_at timestamptz not null,
  primary key (team_id, user_id)
);
create index team_members_user on team_members (user_id);

-- A project belongs to at most one team; deleting the team leaves its projects without one.
alter table projects add column team_id uuid references teams (id) on delete set null;
create index projects_team on projects (team_id);
