import type { Kysely } from "kysely";
import type { Database } from "../db/schema.js";
import type { ComponentState } from "./diff.js";
import type { FindingRow } from "./finding-summary.js";

/** A stored snapshot's packages, in the form diffs take. */
export async function componentStates(db: Kysely<Database>, snapshotId: string): Promise<ComponentState[]> {
  const rows = await db
    .selectFrom("snapshot_components as sc")
    .innerJoin("components as c", "c.id", "sc.component_id")
    .select([
      "sc.lockfile",
      "c.ecosystem",
      "c.name",
      "c.display_name",
      "c.version",
      "sc.scope",
      "sc.direct",
      "sc.license",
    ])
    .where("sc.snapshot_id", "=", snapshotId)
    .execute();
  return rows.map((row) => ({
    lockfile: row.lockfile,
    ecosystem: row.ecosystem,
    name: row.name,
    displayName: row.display_name,
    ...(row.version !== null ? { version: row.version } : {}),
    scope: row.scope,
    direct: row.direct,
    ...(row.license !== null ? { license: row.license } : {}),
  }));
}

/** The columns a FindingRow is read from (findings `f`, components `c`, snapshot_components `sc`). */
export const FINDING_ROW_COLUMNS = [
  "f.lockfile",
  "f.vulnerability_id",
  "f.aliases",
  "f.severity",
  "f.score",
  "f.fixed_versions",
  "f.summary",
  "f.first_seen_at",
  "f.detail",
  "c.ecosystem",
  "c.name",
  "c.version",
  "c.purl",
  "sc.scope",
  "sc.direct",
] as const;

/**
 * Findings `f` with their component `c` and their membership `sc` in the snapshot's lockfile (scope,
 * direct): what FINDING_ROW_COLUMNS selects from.
 */
export function findingsWithPackages(db: Kysely<Database>) {
  return db
    .selectFrom("findings as f")
    .innerJoin("components as c", "c.id", "f.component_id")
    .innerJoin("snapshot_components as sc", (join) =>
      join
        .onRef("sc.snapshot_id", "=", "f.snapshot_id")
        .onRef("sc.lockfile", "=", "f.lockfile")
        .onRef("sc.component_id", "=", "f.component_id"),
    );
}

/** A stored snapshot's findings with their packages, most severe first (as `lk scan` orders them). */
export async function storedFindingRows(db: Kysely<Database>, snapshotId: string): Promise<FindingRow[]> {
  return findingsWithPackages(db)
    .select(FINDING_ROW_COLUMNS)
    .where("f.snapshot_id", "=", snapshotId)
    .orderBy((eb) =>
      eb
        .case()
        .when("f.severity", "=", "critical")
        .then(0)
        .when("f.severity", "=", "high")
        .then(1)
        .when("f.severity", "=", "medium")
        .then(2)
        .when("f.severity", "=", "low")
        .then(3)
        .else(4)
        .end(),
    )
    .orderBy("f.score", (ob) => ob.desc().nullsLast())
    .orderBy("c.name")
    .orderBy("c.version")
    .orderBy("f.vulnerability_id")
    .orderBy("f.lockfile")
    .execute();
}
