import { type RawBuilder, sql } from "kysely";

/**
 * The snapshot that stands for each project now: the newest on its default branch, else (no push
 * to that branch yet) the newest on any branch. `projectIds` null means every project. A SQL
 * fragment for a `with latest as (…)` of the portfolio queries.
 */
export function latestSnapshots(projectIds: readonly string[] | null): RawBuilder<unknown> {
  const scope =
    projectIds === null
      ? sql`true`
      : projectIds.length === 0
        ? sql`false`
        : sql`p.id in (${sql.join(projectIds.map((id) => sql`${id}::uuid`))})`;
  return sql`
    select distinct on (s.project_id)
      s.id, s.project_id, p.name as project, s.branch, s.created_at, s.verdict,
      s.component_count, s.finding_count, s.analysis -> 'counts' -> 'bySeverity' as by_severity
    from snapshots s
    join projects p on p.id = s.project_id
    where ${scope}
    order by s.project_id, (s.branch is not distinct from p.default_branch) desc, s.created_at desc`;
}
