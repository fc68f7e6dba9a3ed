import { createHash } from "node:crypto";
import type { Kysely, Selectable } from "kysely";
import { adapterFor } from "../../core/ecosystems/index.js";
import type { Ecosystem } from "../../core/model/types.js";
import type { Database, TriageDecisionsTable } from "../db/schema.js";

export type TriageRow = Selectable<TriageDecisionsTable>;

/** A decision as the API and each finding it applies to show it. */
export interface TriageView {
  id: string;
  vulnerability: string;
  ecosystem: string;
  package: string;
  versions: string | null;
  state: TriageRow["state"];
  justification: string | null;
  acceptedUntil: string | null;
  reason: string;
  author: string;
  createdAt: string;
  revokedAt: string | null;
  /** Whether the finding stays out of the gate (not_affected, fixed, or risk accepted until a future date). */
  suppresses: boolean;
}

export function triageView(row: TriageRow, now: Date): TriageView {
  return {
    id: row.id,
    vulnerability: row.vulnerability,
    ecosystem: row.ecosystem,
    package: row.package,
    versions: row.versions,
    state: row.state,
    justification: row.justification,
    acceptedUntil: row.accepted_until ? new Date(row.accepted_until).toISOString() : null,
    reason: row.reason,
    author: row.author,
    createdAt: new Date(row.created_at).toISOString(),
    revokedAt: row.revoked_at ? new Date(row.revoked_at).toISOString() : null,
    suppresses: row.revoked_at === null && suppresses(row, now),
  };
}

function suppresses(row: TriageRow, now: Date): boolean {
  if (row.state === "not_affected" || row.state === "fixed") return true;
  return row.state === "affected" && row.accepted_until !== null && new Date(row.accepted_until) > now;
}

/** What a decision is matched against: a finding's ids and its package. */
export interface TriageTarget {
  id: string;
  aliases: readonly string[];
  package: { ecosystem: string; name: string; version: string };
}

/**
 * The project's decisions in force, newest first, and the lookup of the one that applies to a
 * finding: the newest whose alias group shares an id with the finding's, for the same package, with
 * a version range (if any) the installed version satisfies. `fingerprint` changes whenever the
 * decisions in force do, for the ETags of answers that show them.
 */
export async function activeTriage(db: Kysely<Database>, projectId: string, now: Date) {
  return triageOf(await decisionsInForce(db, [projectId]), now);
}

/** `activeTriage` of several projects at once (one query): for answers spanning the portfolio. */
export async function activeTriageByProject(
  db: Kysely<Database>,
  projectIds: readonly string[],
  now: Date,
): Promise<Map<string, ActiveTriage>> {
  const rows = projectIds.length === 0 ? [] : await decisionsInForce(db, projectIds);
  return new Map(
    [...new Set(projectIds)].map((id) => [
      id,
      triageOf(
        rows.filter((row) => row.project_id === id),
        now,
      ),
    ]),
  );
}

function decisionsInForce(db: Kysely<Database>, projectIds: readonly string[]): Promise<TriageRow[]> {
  return db
    .selectFrom("triage_decisions")
    .selectAll()
    .where("project_id", "in", [...projectIds])
    .where("revoked_at", "is", null)
    .orderBy("created_at", "desc")
    .orderBy("id", "desc")
    .execute();
}

function triageOf(rows: readonly TriageRow[], now: Date) {
  const fingerprint = createHash("sha256")
    .update(rows.map((row) => row.id).join(","))
    .update(`\n${rows.some((row) => row.accepted_until !== null) ? now.toISOString().slice(0, 10) : ""}`)
    .digest("base64url")
    .slice(0, 16);
  return {
    fingerprint,
    decisionFor(target: TriageTarget): TriageView | undefined {
      const ids = new Set([target.id, ...target.aliases].map((id) => id.toUpperCase()));
      const row = rows.find(
        (decision) =>
          decision.ecosystem === target.package.ecosystem &&
          decision.package === target.package.name &&
          decision.match_ids.some((id) => ids.has(id)) &&
          (decision.versions === null ||
            adapterFor(decision.ecosystem as Ecosystem).versioning.satisfies(
              target.package.version,
              decision.versions,
            )),
      );
      return row ? triageView(row, now) : undefined;
    },
  };
}

export type ActiveTriage = ReturnType<typeof triageOf>;
