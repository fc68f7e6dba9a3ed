-- Triage decisions in VEX terms (OpenVEX statuses), per project × alias group × package × version
-- range, so they apply to every snapshot of the project, past and future, whatever id the finding
-- is shown under. Never edited: a newer decision for the same key supersedes an older one, and a
-- revocation only stamps revoked_at (both audit-logged).
create table triage_decisions (
  id uuid primary key,
  project_id uuid not null references projects (id),
  -- The id the decision was made on, and every id of its alias group then (upper-cased).
  vulnerability text not null,
  match_ids text[] not null,
  ecosystem text not null,
  -- The package's normalised name (PEP 503 for PyPI).
  package text not null,
  -- A range in the ecosystem's syntax (`<4.17.21`, `>=2,<3`); null: every version.
  versions text,
  state text not null check (state in ('not_affected', 'affected', 'fixed', 'under_investigation')),
  justification text check (justification in (
    'component_not_present', 'vulnerable_code_not_present', 'vulnerable_code_not_in_execute_path',
    'vulnerable_code_cannot_be_controlled_by_adversary', 'inline_mitigations_already_exist')),
  -- Accepted risk: an affected finding that does not fail the gate until then.
  accepted_until timestamptz,
  reason text not null,
  author text not null,
  created_at timestamptz not null,
  revoked_at timestamptz,
  revoked_by text,
  check (state <> 'not_affected' or justification is not null),
  check (justification is null or state = 'not_affected'),
  check (accepted_until is null or state = 'affected')
);

create index triage_decisions_active on triage_decisions (project_id, created_at desc) where revoked_at is null;
