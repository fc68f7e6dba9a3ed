import { type Kysely, sql } from "kysely";
import { SEVERITY_LEVELS, type SeverityLevel } from "../../core/findings/types.js";
import type { Principal } from "../auth/principal.js";
import type { Database } from "../db/schema.js";
import { decodeCursor, page } from "../pagination.js";
import { latestSnapshots, projectScope } from "./latest-snapshots.js";

export interface RemediationFilter {
  project?: string;
  since?: string;
  until?: string;
  limit?: number;
  cursor?: string;
}

const DAY_S = 86_400;

/**
 * Time to remediate, over the projects the principal may read, on each project's default branch:
 * every problem (vulnerability × package) a push fixed, from when the project first had it to the
 * push that no longer has it, summarised per severity (count, mean, median, 90th percentile), and
 * the problems still open in each project's latest snapshot with their age.
 *
 * The fixes come from what each push stored as fixed since the previous snapshot of its branch
 * (`analysis.newSincePrevious.findingsFixed`, with the problem's first-seen time), so nothing is
 * recomputed; a problem fixed in several lockfiles by one push counts once. First seen is the
 * first time the project ever had the problem, so a problem that comes back and is fixed again
 * counts from its first appearance.
 */
export async function remediationReport(
  db: Kysely<Database>,
  principal: Principal,
  filter: RemediationFilter,
  now: Date,
) {
  const limit = filter.limit ?? 50;
  const fixed = sql`
    select distinct on (s.id, e -> 'package' ->> 'ecosystem', e -> 'package' ->> 'name', e ->> 'id')
      p.name as project, s.id as snapshot_id, s."commit", s.created_at as fixed_at,
      e ->> 'id' as vulnerability_id, e -> 'aliases' as aliases, e -> 'severity' ->> 'level' as severity,
      e -> 'package' ->> 'ecosystem' as ecosystem, e -> 'package' ->> 'name' as package,
      e -> 'package' ->> 'version' as version, (e ->> 'firstSeenAt')::timestamptz as first_seen_at,
      concat_ws(chr(31), e -> 'package' ->> 'ecosystem', e -> 'package' ->> 'name', e ->> 'id') as problem
    from snapshots s
    join projects p on p.id = s.project_id and s.branch = p.default_branch
    cross join lateral jsonb_array_elements(s.analysis -> 'newSincePrevious' -> 'findingsFixed') e
    where ${projectScope(principal.projectIds)}
      and ${filter.project === undefined ? sql`true` : sql`p.name = ${filter.project}`}
      and ${filter.since === undefined ? sql`true` : sql`s.created_at >= ${filter.since}::timestamptz`}
      and ${filter.until === undefined ? sql`true` : sql`s.created_at < ${filter.until}::timestamptz`}
    order by s.id, e -> 'package' ->> 'ecosystem', e -> 'package' ->> 'name', e ->> 'id'`;
  const days = sql`extract(epoch from (fixed_at - first_seen_at)) / ${DAY_S}`;
  const after = filter.cursor ? decodeCursor(filter.cursor, 3) : undefined;
  const latest = latestSnapshots(principal.projectIds);
  const [summary, items, open] = await Promise.all([
    sql<StatsRow>`
      with fixed as (${fixed})
      select severity, count(*) as count, avg(${days}) as mean,
        percentile_cont(0.5) within group (order by ${days}) as median,
        percentile_cont(0.9) within group (order by ${days}) as p90
      from fixed group by severity`.execute(db),
    sql<FixedRow>`
      with fixed as (${fixed})
      select * from fixed
      where ${after === undefined ? sql`true` : sql`(fixed_at, snapshot_id, problem) < (${String(after[0])}::timestamptz, ${String(after[1])}::uuid, ${String(after[2])})`}
      order by fixed_at desc, snapshot_id desc, problem desc
      limit ${limit + 1}`.execute(db),
    sql<OpenRow>`
      with latest as (${latest}),
      open as (
        select distinct on (l.project_id, c.ecosystem, c.name, f.vulnerability_id)
          f.severity, extract(epoch from (${now.toISOString()}::timestamptz - f.first_seen_at)) / ${DAY_S} as age
        from latest l
        join findings f on f.snapshot_id = l.id
        join components c on c.id = f.component_id
        where ${filter.project === undefined ? sql`true` : sql`l.project = ${filter.project}`}
        order by l.project_id, c.ecosystem, c.name, f.vulnerability_id)
      select severity, count(*) as count, percentile_cont(0.5) within group (order by age) as median,
        max(age) as oldest
      from open group by severity`.execute(db),
  ]);

  const result = page(items.rows, limit, (row) => [
    new Date(row.fixed_at).toISOString(),
    row.snapshot_id,
    row.problem,
  ]);
  return {
    fixed: bySeverity(summary.rows, (row) => ({
      count: Number(row.count),
      meanDays: roundDays(row.mean),
      medianDays: roundDays(row.median),
      p90Days: roundDays(row.p90),
    })),
    open: bySeverity(open.rows, (row) => ({
      count: Number(row.count),
      medianAgeDays: roundDays(row.median),
      oldestAgeDays: roundDays(row.oldest),
    })),
    items: result.items.map((row) => ({
      project: row.project,
      vulnerability: row.vulnerability_id,
      aliases: row.aliases,
      severity: row.severity,
      package: { ecosystem: row.ecosystem, name: row.package, version: row.version },
      firstSeenAt: new Date(row.first_seen_at).toISOString(),
      fixedAt: new Date(row.fixed_at).toISOString(),
      fixedBy: { snapshotId: row.snapshot_id, commit: row.commit },
      daysToFix: roundDays(
        (new Date(row.fixed_at).getTime() - new Date(row.first_seen_at).getTime()) / 1000 / DAY_S,
      ),
    })),
    nextCursor: result.nextCursor,
  };
}

interface StatsRow {
  severity: SeverityLevel;
  count: string;
  mean: string | number | null;
  median: string | number | null;
  p90: string | number | null;
}

interface OpenRow {
  severity: SeverityLevel;
  count: string;
  median: string | number | null;
  oldest: string | number | null;
}

interface FixedRow {
  project: string;
  snapshot_id: string;
  commit: string | null;
  fixed_at: Date;
  vulnerability_id: string;
  aliases: string[];
  severity: SeverityLevel;
  ecosystem: string;
  package: string;
  version: string;
  first_seen_at: Date;
  problem: string;
}

/** One entry per severity, in severity order, zero counts included so charts keep their axes. */
function bySeverity<Row extends { severity: SeverityLevel }, T extends { count: number }>(
  rows: readonly Row[],
  view: (row: Row) => T,
): Record<SeverityLevel, T | { count: 0 }> {
  const found = new Map(rows.map((row) => [row.severity, view(row)]));
  return Object.fromEntries(
    SEVERITY_LEVELS.map((level) => [level, found.get(level) ?? { count: 0 }]),
  ) as Record<SeverityLevel, T | { count: 0 }>;
}

/** Days to one decimal (PostgreSQL gives numeric as text, percentiles as float). */
function roundDays(value: string | number | null): number | null {
  return value === null ? null : Math.round(Number(value) * 10) / 10;
}
