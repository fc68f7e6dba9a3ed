import { type RawBuilder, sql } from "kysely";

/**
 * Which of a project's snapshots stands for it, first key: those of its default branch (then the
 * newest, by created_at). For `p` the project and `s` its snapshots; latestSnapshots below and the
 * project list share it.
 */
export const LATEST_SNAPSHOT_ORDER = sql`(s.branch is not distinct from p.default_branch) desc`;

/**
 * The snapshot that stands for each project now: the newest on its default branch, else (no push
 * to that branch yet) the newest on any branch. `projectIds` null means every project. A SQL
 * fragment for a `with latest as (…)` of the portfolio queries.
 */
export function latestSnapshots(projectIds: readonly string[] | null): RawBuilder<unknown> {
  return sql`
    select distinct on (s.project_id)
      s.id, s.project_id, p.name as project, s.branch, s.created_at, s.verdict,
      s.component_count, s.finding_count, s.analysis -> 'counts' -> 'bySeverity' as by_severity
    from snapshots s
    join projects p on p.id = s.project_id
    where ${projectScope(projectIds)}
    order by s.project_id, ${LATEST_SNAPSHOT_ORDER}, s.created_at desc`;
}

/** A condition on `p` (projects): those in `projectIds`, or every project when it is null. */
export function projectScope(projectIds: readonly string[] | null): RawBuilder<boolean> {
  if (projectIds === null) return sql<boolean>`true`;
  if (projectIds.length === 0) return sql<boolean>`false`;
  return sql<boolean>`p.id in (${sql.join(projectIds.map((id) => sql`${id}::uuid`))})`;
}
