import { type Kysely, sql } from "kysely";
import { SEVERITY_LEVELS, type SeverityLevel } from "../../core/findings/types.js";
import type { Principal } from "../auth/principal.js";
import type { Database } from "../db/schema.js";
import { latestSnapshots, projectScope } from "./latest-snapshots.js";

const TOP = 10;

/**
 * The portfolio at a glance, over the projects the principal may read, each as its latest
 * snapshot: verdicts, findings by severity, the most exposed projects, the most widespread
 * problems, the latest pushes. Four queries over the latest snapshots; no per-project loop.
 */
export async function portfolioSummary(db: Kysely<Database>, principal: Principal, advisoryDataAt: string) {
  const latest = latestSnapshots(principal.projectIds);
  const scope = projectScope(principal.projectIds);
  const [projects, latestRows, widespread, recent] = await Promise.all([
    sql<{ count: string }>`select count(*) as count from projects p where ${scope}`.execute(db),
    sql<{
      id: string;
      project: string;
      branch: string | null;
      created_at: Date;
      verdict: string | null;
      finding_count: number;
      by_severity: Record<SeverityLevel, number> | null;
    }>`with latest as (${latest}) select * from latest`.execute(db),
    sql<{ vulnerability_id: string; severity: SeverityLevel; projects: string; packages: string[] }>`
      with latest as (${latest})
      select f.vulnerability_id,
        (array_agg(f.severity order by array_position(array['critical', 'high', 'medium', 'low', 'unknown'], f.severity)))[1] as severity, count(distinct l.project_id) as projects,
        (array_agg(distinct c.name || '@' || coalesce(c.version, '')))[1:5] as packages
      from latest l
      join findings f on f.snapshot_id = l.id
      join components c on c.id = f.component_id
      group by f.vulnerability_id
      order by count(distinct l.project_id) desc, f.vulnerability_id
      limit ${TOP}`.execute(db),
    sql<{ id: string; project: string; branch: string | null; created_at: Date; verdict: string | null }>`
      select s.id, p.name as project, s.branch, s.created_at, s.verdict
      from snapshots s join projects p on p.id = s.project_id
      where ${scope}
      order by s.created_at desc
      limit ${TOP}`.execute(db),
  ]);

  const findingsBySeverity = Object.fromEntries(SEVERITY_LEVELS.map((level) => [level, 0])) as Record<
    SeverityLevel,
    number
  >;
  const verdicts: Record<string, number> = { passed: 0, failed: 0, "not-checked": 0, incomplete: 0 };
  for (const row of latestRows.rows) {
    for (const level of SEVERITY_LEVELS) findingsBySeverity[level] += Number(row.by_severity?.[level] ?? 0);
    if (row.verdict) verdicts[row.verdict] = (verdicts[row.verdict] ?? 0) + 1;
  }
  const weight = (row: (typeof latestRows.rows)[number]) =>
    SEVERITY_LEVELS.map((level) => Number(row.by_severity?.[level] ?? 0));
  const mostExposed = [...latestRows.rows]
    .filter((row) => row.finding_count > 0)
    .sort((a, b) => {
      const [wa, wb] = [weight(a), weight(b)];
      for (let i = 0; i < wa.length; i += 1) if (wa[i] !== wb[i]) return (wb[i] ?? 0) - (wa[i] ?? 0);
      return a.project < b.project ? -1 : 1;
    })
    .slice(0, TOP)
    .map((row) => ({
      project: row.project,
      snapshotId: row.id,
      branch: row.branch,
      findings: row.finding_count,
      bySeverity: Object.fromEntries(
        SEVERITY_LEVELS.map((level) => [level, Number(row.by_severity?.[level] ?? 0)]),
      ),
    }));
  return {
    projects: Number(projects.rows[0]?.count ?? 0),
    projectsWithSnapshots: latestRows.rows.length,
    verdicts,
    findingsBySeverity,
    mostExposed,
    widespread: widespread.rows.map((row) => ({
      vulnerability: row.vulnerability_id,
      severity: row.severity,
      projects: Number(row.projects),
      packages: row.packages,
    })),
    recentPushes: recent.rows.map((row) => ({
      project: row.project,
      snapshotId: row.id,
      branch: row.branch,
      createdAt: new Date(row.created_at).toISOString(),
      verdict: row.verdict,
    })),
    advisoryDataAt,
  };
}
