import { type Kysely, sql } from "kysely";
import { diffFindings } from "../../core/history/finding-changes.js";
import type { Database } from "../db/schema.js";
import { HttpProblem } from "../problem.js";
import { diffComponents } from "./diff.js";
import { summaryOfRow } from "./finding-summary.js";
import { headerOf, type SnapshotRow } from "./report.js";
import { componentStates, storedFindingRows } from "./stored-contents.js";

/** A keyset cursor: the sort key of the last row of a page, opaque to clients (base64url JSON). */
function encodeCursor(key: readonly unknown[]): string {
  return Buffer.from(JSON.stringify(key)).toString("base64url");
}

function decodeCursor(cursor: string, length: number): string[] {
  try {
    const key = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as unknown;
    if (Array.isArray(key) && key.length === length && key.every((part) => typeof part === "string"))
      return key;
  } catch {
    // fall through: a cursor this server did not make
  }
  throw new HttpProblem(400, "the cursor is not one this server returned");
}

/** A project's snapshots, newest first, a page at a time (keyset on created_at, id). */
export async function snapshotList(
  db: Kysely<Database>,
  project: { id: string; name: string },
  query: { limit: number; cursor?: string; branch?: string },
) {
  let select = db
    .selectFrom("snapshots")
    .selectAll()
    .where("project_id", "=", project.id)
    .orderBy("created_at", "desc")
    .orderBy("id", "desc")
    .limit(query.limit + 1);
  if (query.branch !== undefined) select = select.where("branch", "=", query.branch);
  if (query.cursor !== undefined) {
    const [createdAt, id] = decodeCursor(query.cursor, 2) as [string, string];
    if (Number.isNaN(Date.parse(createdAt)))
      throw new HttpProblem(400, "the cursor is not one this server returned");
    select = select.where(sql<boolean>`(created_at, id) < (${createdAt}::timestamptz, ${id}::uuid)`);
  }
  const rows = await select.execute();
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    items: page.map((row) => headerOf(row, project.name)),
    nextCursor:
      rows.length > query.limit && last
        ? encodeCursor([new Date(last.created_at).toISOString(), last.id])
        : null,
  };
}

/** A snapshot's components, by name, version and lockfile, a page at a time; filters narrow it. */
export async function snapshotComponents(
  db: Kysely<Database>,
  snapshotId: string,
  query: {
    limit: number;
    cursor?: string;
    ecosystem?: string;
    scope?: string;
    lockfile?: string;
    q?: string;
  },
) {
  let select = db
    .selectFrom("snapshot_components as sc")
    .innerJoin("components as c", "c.id", "sc.component_id")
    .select([
      "c.purl",
      "c.ecosystem",
      "c.name",
      "c.display_name",
      "c.version",
      "sc.lockfile",
      "sc.scope",
      "sc.direct",
      "sc.license",
      "sc.component_id",
    ])
    .where("sc.snapshot_id", "=", snapshotId)
    .orderBy("c.name")
    .orderBy(sql`coalesce(c.version, '')`)
    .orderBy("sc.lockfile")
    .orderBy("sc.component_id")
    .limit(query.limit + 1);
  if (query.ecosystem !== undefined) select = select.where("c.ecosystem", "=", query.ecosystem);
  if (query.scope !== undefined) select = select.where("sc.scope", "=", query.scope as "prod");
  if (query.lockfile !== undefined) select = select.where("sc.lockfile", "=", query.lockfile);
  if (query.q !== undefined) {
    const pattern = `%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    select = select.where(sql<boolean>`c.name ilike ${pattern}`);
  }
  if (query.cursor !== undefined) {
    const [name, version, lockfile, id] = decodeCursor(query.cursor, 4) as [string, string, string, string];
    select = select.where(
      sql<boolean>`(c.name, coalesce(c.version, ''), sc.lockfile, sc.component_id) > (${name}, ${version}, ${lockfile}, ${id}::uuid)`,
    );
  }
  const rows = await select.execute();
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    items: page.map((row) => ({
      purl: row.purl,
      ecosystem: row.ecosystem,
      name: row.name,
      displayName: row.display_name,
      version: row.version,
      lockfile: row.lockfile,
      scope: row.scope,
      direct: row.direct,
      license: row.license,
    })),
    nextCursor:
      rows.length > query.limit && last
        ? encodeCursor([last.name, last.version ?? "", last.lockfile, last.component_id])
        : null,
  };
}

/**
 * Two snapshots compared as `lk diff` compares two lockfile versions: packages added, removed and
 * changed (with the version jump), licence changes, vulnerabilities introduced and fixed.
 */
export async function snapshotDiff(
  db: Kysely<Database>,
  project: string,
  from: SnapshotRow,
  to: SnapshotRow,
) {
  const [before, after, beforeFindings, afterFindings] = await Promise.all([
    componentStates(db, from.id),
    componentStates(db, to.id),
    storedFindingRows(db, from.id),
    storedFindingRows(db, to.id),
  ]);
  const packages = diffComponents(before, after);
  const vulnerabilities = diffFindings(beforeFindings.map(summaryOfRow), afterFindings.map(summaryOfRow));
  return {
    from: headerOf(from, project),
    to: headerOf(to, project),
    packages: { added: packages.added, removed: packages.removed, changed: packages.changed },
    licenceChanges: packages.licenceChanges,
    vulnerabilities: { introduced: vulnerabilities.introduced, fixed: vulnerabilities.fixed },
  };
}
