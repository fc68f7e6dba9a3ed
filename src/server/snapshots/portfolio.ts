import { type Kysely, sql } from "kysely";
import { ECOSYSTEM_IDS } from "../../core/ecosystems/ids.js";
import { adapterFor } from "../../core/ecosystems/index.js";
import type { Ecosystem } from "../../core/model/types.js";
import type { Principal } from "../auth/principal.js";
import type { Database } from "../db/schema.js";
import { type ActiveTriage, activeTriageByProject } from "../triage/decisions.js";
import { type FindingSummary, summaryOfRow } from "./finding-summary.js";
import { withTriage } from "./report.js";
import { FINDING_ROW_COLUMNS, findingsWithPackages } from "./stored-contents.js";

export interface PortfolioQuery {
  /** Any id of the alias group (CVE, GHSA, PYSEC, …), case-insensitively. */
  vulnerability?: string;
  package?: string;
  version?: string;
  ecosystem?: string;
  /** Only the latest snapshot of each project's branch. */
  latestOnly: boolean;
  limit: number;
}

export interface PortfolioHit {
  project: string;
  snapshot: { id: string; branch: string | null; commit: string | null; createdAt: string; latest: boolean };
  finding: FindingSummary;
}

/**
 * "Where is CVE-X / lodash@4.17.20": every finding of every snapshot of the projects the principal
 * may read, latest snapshots of each branch flagged, newest first per project. The alias is found
 * through the GIN index on `match_ids`, the package through `components (name, version)`.
 */
export async function portfolioFindings(
  db: Kysely<Database>,
  principal: Principal,
  query: PortfolioQuery,
  now: Date,
): Promise<{ items: PortfolioHit[]; truncated: boolean }> {
  if (principal.projectIds !== null && principal.projectIds.length === 0)
    return { items: [], truncated: false };
  // Whether a hit's snapshot is the newest of its project's branch: asked per hit when every
  // snapshot is listed; with `latestOnly`, the newest snapshots are worked out once and joined
  // (asking per matching finding would run the question thousands of times).
  const latest = query.latestOnly
    ? sql<boolean>`true`
    : sql<boolean>`s.id = (
        select newest.id from snapshots newest
        where newest.project_id = s.project_id and newest.branch is not distinct from s.branch
        order by newest.created_at desc, newest.id desc limit 1)`;
  let select = findingsWithPackages(db)
    .innerJoin("snapshots as s", "s.id", "f.snapshot_id")
    .innerJoin("projects as p", "p.id", "s.project_id")
    .select([
      "p.name as project",
      "s.id as snapshot_id",
      "s.project_id",
      "s.branch",
      "s.commit",
      "s.created_at",
      ...FINDING_ROW_COLUMNS,
      latest.as("latest"),
    ])
    .orderBy("p.name")
    .orderBy("s.branch")
    .orderBy("s.created_at", "desc")
    .orderBy("c.name")
    .orderBy("f.vulnerability_id")
    .limit(query.limit + 1);
  if (query.vulnerability !== undefined) {
    select = select.where(sql<boolean>`f.match_ids @> array[${query.vulnerability.toUpperCase()}]::text[]`);
  }
  if (query.package !== undefined) {
    // Names are stored normalised (PEP 503 for PyPI): "Django" and "django" find the same package.
    const names = query.ecosystem
      ? [adapterFor(query.ecosystem as Ecosystem).normaliseName(query.package)]
      : [
          ...new Set(
            ECOSYSTEM_IDS.map((ecosystem) => adapterFor(ecosystem).normaliseName(query.package as string)),
          ),
        ];
    select = select.where("c.name", "in", names);
  }
  if (query.version !== undefined) select = select.where("c.version", "=", query.version);
  if (query.ecosystem !== undefined) select = select.where("c.ecosystem", "=", query.ecosystem);
  if (query.latestOnly) {
    select = select.where(
      "s.id",
      "in",
      db
        .selectFrom("snapshots")
        .select("id")
        .distinctOn(["project_id", "branch"])
        .orderBy("project_id")
        .orderBy("branch")
        .orderBy("created_at", "desc")
        .orderBy("id", "desc"),
    );
  }
  if (principal.projectIds !== null) select = select.where("p.id", "in", [...principal.projectIds]);
  const rows = (await select.execute()).slice(0, query.limit + 1);
  // Each project's decisions in force, shown on its hits as on its own pages.
  const triage = await activeTriageByProject(
    db,
    rows.map((row) => row.project_id),
    now,
  );
  const hits = rows.map((row) => ({
    project: row.project,
    snapshot: {
      id: row.snapshot_id,
      branch: row.branch,
      commit: row.commit,
      createdAt: new Date(row.created_at).toISOString(),
      latest: row.latest,
    },
    finding: withTriage([summaryOfRow(row)], triage.get(row.project_id) as ActiveTriage)[0] as FindingSummary,
  }));
  return { items: hits.slice(0, query.limit), truncated: rows.length > query.limit };
}
