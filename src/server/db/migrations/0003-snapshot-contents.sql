-- What a snapshot holds: its files (content-addressed blobs), its components and its findings, and
-- the summary of its analysis on the snapshot row. Everything here is written once, by the push
-- that creates the snapshot, and never changed.

-- Uploaded files by the sha256 of their uncompressed bytes: the same package-lock.json pushed by
-- every CI run of a branch is stored once.
create table blobs (
  sha256 text primary key check (sha256 ~ '^[0-9a-f]{64}$'),
  size bigint not null check (size >= 0),
  gzip bytea not null
);

create table snapshot_files (
  snapshot_id uuid not null references snapshots (id),
  path text not null,
  blob_sha256 text not null references blobs (sha256),
  primary key (snapshot_id, path)
);
create index snapshot_files_blob on snapshot_files (blob_sha256);

alter table snapshots
  add column component_count integer not null default 0,
  add column finding_count integer not null default 0,
  add column verdict text check (verdict in ('passed', 'failed', 'not-checked', 'incomplete')),
  -- Counts and the decisions of the analysis (failOn, licence violations, what changed since the
  -- previous snapshot): what list and detail pages show without reading the components.
  add column analysis jsonb not null default '{}',
  -- The advisory data the findings were computed with (its meta.json updatedAt).
  add column advisory_data_at timestamptz;

-- Pushing the same content for the same commit again is a retry: one snapshot (see store-snapshot.ts).
create index snapshots_project_content on snapshots (project_id, content_hash);

-- One row per package release across the whole store (a purl), shared by every snapshot listing
-- it. The purl is unique through its sha256: a btree entry cannot exceed ~2.7 kB, and a hostile
-- SBOM's purl may be longer than that.
create table components (
  id uuid primary key,
  purl_sha256 text not null unique,
  purl text not null,
  ecosystem text not null,
  -- Normalised for matching (PEP 503 for PyPI); display_name is the spelling the lockfile used.
  name text not null,
  display_name text not null,
  version text
);
-- "Which projects have lodash@4.17.20" (with or without the ecosystem): names are capped in
-- length at upload (see analyse.ts), so the entries fit a btree.
create index components_name_version on components (name, version);

-- A package can appear in several lockfiles of one snapshot (a monorepo), with a scope each.
create table snapshot_components (
  snapshot_id uuid not null references snapshots (id),
  lockfile text not null,
  component_id uuid not null references components (id),
  scope text not null check (scope in ('prod', 'optional', 'peer', 'dev')),
  direct boolean not null,
  license text,
  primary key (snapshot_id, lockfile, component_id)
);
create index snapshot_components_component on snapshot_components (component_id);

create table findings (
  snapshot_id uuid not null references snapshots (id),
  lockfile text not null,
  component_id uuid not null references components (id),
  -- The alias group's display id (GHSA-…, PYSEC-…, CVE-…) and every other id of the group.
  vulnerability_id text not null,
  aliases text[] not null,
  -- vulnerability_id and aliases upper-cased: "where is CVE-X" matches any of them,
  -- case-insensitively, through one GIN probe (array containment). A separate alias table would
  -- double the rows every push writes and need a join for every read; groups hold a few ids.
  match_ids text[] not null,
  severity text not null check (severity in ('critical', 'high', 'medium', 'low', 'unknown')),
  score numeric(3, 1),
  fixed_versions text[] not null,
  fix_version text,
  summary text,
  -- When this project first had this problem in this package (any version): carried over from
  -- the project's earlier snapshots, so age means "known for", not "since the last push".
  first_seen_at timestamptz not null,
  -- What a report shows and nothing queries: path from a root, references, severity provenance.
  detail jsonb not null,
  primary key (snapshot_id, lockfile, component_id, vulnerability_id)
);
create index findings_match_ids on findings using gin (match_ids);
create index findings_component on findings (component_id);

-- Snapshots are immutable: content and analysis columns never change once written. (Deleting a
-- project's snapshots, when it comes, removes rows; it never edits them.)
create function snapshots_immutable() returns trigger language plpgsql as $$
begin
  if (new.project_id, new.kind, new.content_hash, new.branch, new."commit", new.author, new.ci_url,
      new.created_by, new.created_at, new.component_count, new.finding_count, new.verdict,
      new.analysis, new.advisory_data_at)
     is distinct from
     (old.project_id, old.kind, old.content_hash, old.branch, old."commit", old.author, old.ci_url,
      old.created_by, old.created_at, old.component_count, old.finding_count, old.verdict,
      old.analysis, old.advisory_data_at) then
    raise exception 'snapshots are immutable';
  end if;
  return new;
end
$$;

create trigger snapshots_no_change before update on snapshots
  for each row execute function snapshots_immutable();

create function snapshot_contents_append_only() returns trigger language plpgsql as $$
begin
  raise exception '% rows are never changed', tg_table_name;
end
$$;

create trigger snapshot_files_no_change before update on snapshot_files
  for each statement execute function snapshot_contents_append_only();
create trigger snapshot_components_no_change before update on snapshot_components
  for each statement execute function snapshot_contents_append_only();
create trigger findings_no_change before update on findings
  for each statement execute function snapshot_contents_append_only();
